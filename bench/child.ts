/**
 * One measured task of the benchmark, in its own process (so its peak memory is its own):
 *   import <{file}>                 the import pipeline on a file (importFile, as the system), all-or-nothing
 *   export <{file, userId, areaCode, areaLevel}>
 *                                   every household in scope to .xlsx with the export code of the web app
 *   server                          the real HTTP server (buildApp + listen on a free port)
 * Environment: BENCH_DB_URL, FANGPIN_KEY, DATA_DIR. Prints `{"result": …, "maxRssKb": …}` (its VmHWM) as its last line.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { loadConfig } from '../src/core/config.js';
import { connect } from '../src/db/database.js';
import { createFieldCipher } from '../src/core/field-crypto.js';
import { importFile } from '../src/modules/imports/pipeline/import-file.js';
import { prepareHouseholdExport, writeHouseholdsXlsx } from '../src/modules/exports/households.export.js';
import { buildApp } from '../src/server/app.js';
import type { Actor } from '../src/server/context.js';

const [task, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs ?? '{}') as Record<string, unknown>;

/**
 * Our own peak RSS: VmHWM of /proc/self/status (reset by exec). Not getrusage's maxRSS: Linux keeps that across
 * execve, so a child would inherit the benchmark process's peak.
 */
function peakRssKb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : 0;
}

function finish(result: unknown): void {
  process.stdout.write(`\n${JSON.stringify({ result, maxRssKb: peakRssKb() })}\n`);
}

async function main() {
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.BENCH_DB_URL, LOG_LEVEL: 'error' });
  const conn = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: task === 'server' ? config.dbPoolSize : 10, preparedStatements: config.dbPreparedStatements });
  const cipher = createFieldCipher(Buffer.from(config.keyHex!, 'hex'));
  const deps = { db: conn.db, cipher, config };

  if (task === 'import') {
    let last = 0;
    const summary = await importFile(deps, null, String(args.file), {
      mode: 'all_or_nothing',
      report: false,
      onProgress: (p) => {
        if (Date.now() - last > 10_000) {
          last = Date.now();
          console.log(`${p.phase} checked ${p.rowsChecked} written ${p.rowsWritten}`);
        }
      },
    });
    await conn.close();
    return finish(summary);
  }

  if (task === 'export') {
    const actor: Actor = {
      user: { id: Number(args.userId), username: 'bench', displayName: 'bench', role: 'county_admin', areaCode: String(args.areaCode), areaLevel: Number(args.areaLevel), areaName: '', department: null, mustChangePassword: false },
      ip: '127.0.0.1',
    };
    const started = Date.now();
    await prepareHouseholdExport(conn.db, cipher, actor, {});
    const out = fs.createWriteStream(String(args.file));
    const closed = once(out, 'close');
    const r = await writeHouseholdsXlsx(conn.db, cipher, actor, {}, out);
    await closed;
    const ms = Date.now() - started;
    await conn.close();
    return finish({ ...r, ms, bytes: fs.statSync(String(args.file)).size });
  }

  if (task === 'server') {
    const app = await buildApp({ db: conn.db, config, databaseMode: 'external', version: 'bench', cipher }, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    console.log(JSON.stringify({ listening: typeof addr === 'object' && addr ? addr.port : 0 }));
    process.on('SIGTERM', () => {
      void app.close().then(() => conn.close()).then(() => process.exit(0));
    });
    return;
  }
  throw new Error(`unknown task ${task}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
