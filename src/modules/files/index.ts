import type { Module, ModuleJob } from '../../server/module.js';
import { FILES_ERRORS } from './errors.js';
import { removeUnlinkedAttachments } from './housekeeping.js';
import { FILES_PERMISSIONS } from './permissions.js';
import { filesRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/** Housekeeping: uploads never linked to a record are deleted after a day, at start and every hour. */
const housekeeping: ModuleJob = {
  name: 'housekeeping',
  async start({ db, config, log }) {
    const run = () =>
      void removeUnlinkedAttachments({ db, config })
        .then((n) => {
          if (n) log.info({ attachments: n }, 'unlinked attachments older than a day deleted');
        })
        .catch((err: unknown) => log.warn({ err }, 'attachment housekeeping failed'));
    run();
    const timer = setInterval(run, 3_600_000);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
      },
    };
  },
};

/**
 * 附件: a generic store of documents and photos (JPEG, PNG, WebP, PDF, sniffed from the bytes) for the records of
 * other modules. A module declares its purposes (purposes.ts defineFilePurposes), its form carries attachment ids,
 * and its use case links them in its own transaction (claim.ts claimAttachments).
 */
export const filesModule: Module = { name: 'files', routes: filesRoutes, permissions: FILES_PERMISSIONS, errors: FILES_ERRORS, jobs: [housekeeping] };
