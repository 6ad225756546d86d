/**
 * The first-start demo import, in its own process (started by the server, see startDemoSeeding): the server stays
 * responsive, and stopping the server kills this process, whose open transaction PostgreSQL then rolls back — nothing
 * half-imported, and the next start tries again. Same configuration (environment) as the server, and its database URL.
 */
import { loadConfig } from '../../core/config.js';
import { createFieldCipher, loadMasterKey } from '../../core/field-crypto.js';
import { openDatabase } from '../../server/runtime.js';
import { seedDemoHouseholdsIfEmpty } from './demo.service.js';

const parent = process.ppid;
// Orphaned (the server was killed): stop too.
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 2000).unref();

async function main() {
  const config = loadConfig();
  const conn = await openDatabase(config);
  try {
    const cipher = createFieldCipher(loadMasterKey({ keyHex: config.keyHex, keyFile: config.keyFile, dataDir: config.dataDir }));
    const r = await seedDemoHouseholdsIfEmpty({ db: conn.db, cipher, config }, (m) => console.log(m));
    console.log(JSON.stringify({ done: r ? { households: r.generated.households, persons: r.generated.persons, ms: r.generateMs + r.import.durationMs } : null }));
  } finally {
    await conn.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
  },
);
