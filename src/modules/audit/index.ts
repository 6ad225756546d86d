import type { Module, ModuleJob } from '../../server/module.js';
import { AUDIT_PERMISSIONS } from './permissions.js';
import { auditRoutes } from './routes.js';
import { checkpointSource, startAuditCheckpoints } from './checkpoints.js';

/** The audit chain's anchor outside the database: a signed checkpoint at start, every few minutes, and at shutdown. */
const checkpoints: ModuleJob = {
  name: 'checkpoints',
  async start({ db, config, log }) {
    const source = checkpointSource(config, { create: true });
    return startAuditCheckpoints(db, { ...source, key: source.key! }, config.auditCheckpointMinutes, (msg, err) => log.error({ err }, msg));
  },
};

/** The append-only SM3 hash chain: every module records through repo.ts `recordAudit`; this module browses and verifies. */
export const auditModule: Module = { name: 'audit', routes: auditRoutes, permissions: AUDIT_PERMISSIONS, jobs: [checkpoints] };
