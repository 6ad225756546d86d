import type { Lang } from '../../../core/errors.js';
import { applyTransition } from '../../../core/state-machine.js';
import type { Actor } from '../../../server/context.js';
import type { MappingOverride } from '../map/header.js';
import { jobMachine } from './machine.js';
import { getJobDto, loadVisibleJob, type ImportJobDto } from './query.js';
import type { ImportDeps, JobRow } from './record.js';
import { dispatchImport } from './worker.js';

/**
 * 重新预检: the dry run again with an adjusted column mapping or header row (what is not given stays as it was). The
 * job goes back to "checking" (the machine's `recheck`: history and audit) and the dry run runs in the background.
 */
export async function requestCheck(
  deps: ImportDeps,
  actor: Actor,
  jobId: number,
  body: { mapping?: MappingOverride; headerRow?: number | null; exitYear?: number | null },
  lang: Lang,
  log: (err: unknown) => void,
): Promise<ImportJobDto> {
  const job = await loadVisibleJob(deps.db, actor.user, jobId);
  const current = (job.mapping_override as { columns?: MappingOverride; exitYear?: number | null } | null) ?? {};
  const columns = body.mapping ?? current.columns ?? {};
  const exitYear = body.exitYear !== undefined ? body.exitYear : (current.exitYear ?? null);
  await applyTransition(deps.db, jobMachine(deps.config.importRetentionDays), job as JobRow, 'recheck', actor, {
    payload: { override: { columns, headerRow: body.headerRow ?? null, exitYear } },
  });
  await dispatchImport(deps, { jobId: job.id, action: 'check' }, log);
  return getJobDto(deps.db, actor.user, job.id, lang);
}
