import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../core/config.js';
import { buildApp } from './app.js';
import { openDatabase, VERSION } from './runtime.js';
import { backgroundPool } from '../db/database.js';
import { seedDemoIfEmpty } from '../modules/system/demo-accounts.js';
import { startDemoSeeding } from '../modules/demo/seeding.js';
import { createFieldCipher, loadMasterKey } from '../core/field-crypto.js';
import { startJobs } from './module.js';
import { MODULES } from '../modules/index.js';

/** `npm start`: configuration → database (embedded or external) → migrations → first-start seed → HTTP. */
async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`配置错误 Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  // PostgreSQL's own chatter (initdb, startup) only at debug level; our lines and its errors always.
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const conn = await openDatabase(config, (m) => {
    if (verbose || /^(initialising|applied|adopting|database pool|creating the postgres|copying|the postgres system user|embedded PostgreSQL)|ERROR|FATAL|PANIC/.test(m)) console.log(m);
  }, { requests: true });
  const cipher = createFieldCipher(loadMasterKey({ keyHex: config.keyHex, keyFile: config.keyFile, dataDir: config.dataDir }));
  const app = await buildApp({ db: conn.db, config, databaseMode: conn.mode, version: VERSION, cipher });
  // The modules' background jobs (the import queue, housekeeping), on the same database, with connections of their own.
  const jobPool = backgroundPool(conn);
  const jobs = await startJobs(MODULES, { db: conn.db, jobDb: jobPool.db, cipher, config, log: app.log });

  if (config.seedDemo) {
    const created = await seedDemoIfEmpty(conn.db, config.demoCounty, config.dataDir);
    if (created.length) {
      const file = path.join(config.dataDir, 'demo-accounts.txt');
      // The passwords go to the file (mode 600) and to a person at a terminal, never into a log a service manager keeps.
      if (process.stdout.isTTY) {
        console.log(`\n首次启动：已创建演示账号（须在首次登录时修改密码；也已写入 ${file}）/ Demo accounts created:`);
        for (const c of created) console.log(`  ${c.role.padEnd(18)} ${c.username.padEnd(14)} ${c.password}`);
        console.log('');
      } else {
        console.log(`首次启动：已创建 ${created.length} 个演示账号，用户名和初始密码见 ${file} / Demo accounts created: see ${file}`);
      }
    }
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close().catch(() => {});
    await jobs.stop();
    await jobPool.close().catch(() => {});
    await conn.close().catch(() => {});
    process.exit(0);
  };
  // Ctrl-C, a service manager's SIGTERM, a closed terminal: requests end, workers stop, and the process exits only once
  // the PostgreSQL it started has stopped (a service manager waiting for us would otherwise kill it mid-shutdown).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Fangpin ${VERSION} on http://localhost:${config.port} (database: ${conn.mode})`);

  // First start of a fresh installation: the demo county's households, generated and imported in the background.
  if (config.seedDemo && config.seedDemoHouseholds) startDemoSeeding(app.log, conn.url);
}

main().catch((err) => {
  console.error(`启动失败 Fangpin failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
