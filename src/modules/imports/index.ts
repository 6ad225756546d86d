import type { Module, ModuleJob } from '../../server/module.js';
import { IMPORTS_ERRORS } from './errors.js';
import { startImportWorker } from './job/worker.js';
import { cleanupImports, expireImportFiles } from './job/housekeeping.js';
import { importsRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/**
 * The server's import worker (pg-boss, on the background pool) and the housekeeping of import files: jobs left by a
 * stopped server at start, and the uploads and reports past IMPORT_RETENTION_DAYS at start and once a day.
 */
const worker: ModuleJob = {
  name: 'worker',
  async start({ db, jobDb, cipher, config, log }) {
    const deps = { db, cipher, config };
    const importWorker = await startImportWorker(deps, (msg, err) => log.error({ err }, msg), { jobDb });
    void cleanupImports(deps).catch((err: unknown) => log.warn({ err }, 'import housekeeping failed'));
    const retention = setInterval(() => {
      void expireImportFiles(deps)
        .then((n) => {
          if (n) log.info({ jobs: n }, 'import files past retention deleted');
        })
        .catch((err: unknown) => log.warn({ err }, 'import retention failed'));
    }, 24 * 3_600_000);
    retention.unref();
    return {
      async stop() {
        clearInterval(retention);
        await importWorker.stop();
      },
    };
  },
};

/** Excel/CSV import of the registry: upload, check (dry run), commit as a background job, report. */
export const importsModule: Module = { name: 'imports', routes: importsRoutes, errors: IMPORTS_ERRORS, jobs: [worker] };
