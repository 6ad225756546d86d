import type { Lang } from '../../../core/errors.js';
import { applyTransition } from '../../../core/state-machine.js';
import type { Actor } from '../../../server/context.js';
import type { MappingOverride } from '../map/header.js';
import { jobMachine } from './machine.js';
import { getJobDto, loadVisibleJob, type ImportJobDto } from './query.js';
import type { ImportDeps, ImportMode, JobRow } from './record.js';
import { dispatchImport } from './worker.js';

/**
 * 导入: the commit of a checked job, in the background. With a mapping other than the one checked, the file is checked
 * again first (the machine's `recheck`, then the pipeline's `commit`); otherwise the job goes to "importing" now (the
 * machine's `commit`: all_or_nothing on a file with bad rows is refused here).
 */
export async function requestCommit(
  deps: ImportDeps,
  actor: Actor,
  jobId: number,
  body: { mode: ImportMode; mapping?: MappingOverride; exitYear?: number | null },
  lang: Lang,
  log: (err: unknown) => void,
): Promise<ImportJobDto> {
  const job = await loadVisibleJob(deps.db, actor.user, jobId);
  const { mode } = body;
  const current = (job.mapping_override as { columns?: MappingOverride; headerRow?: number | null; exitYear?: number | null } | null) ?? {};
  const mapping = body.mapping ?? current.columns ?? {};
  const exitYear = body.exitYear !== undefined ? body.exitYear : (current.exitYear ?? null);
  const recheck =
    (body.mapping !== undefined && JSON.stringify(mapping) !== JSON.stringify(current.columns ?? {})) || exitYear !== (current.exitYear ?? null);
  const machine = jobMachine(deps.config.importRetentionDays);
  if (recheck) {
    // Only from "checked": a failed job is checked again by requestCheck, not committed.
    if (job.state !== 'checked') throw machine.errors!.state!(job as JobRow, 'commit');
    await applyTransition(deps.db, machine, job as JobRow, 'recheck', actor, { payload: { mode, override: { columns: mapping, headerRow: current.headerRow ?? null, exitYear } } });
  } else {
    await applyTransition(deps.db, machine, job as JobRow, 'commit', actor, { payload: { mode } });
  }
  await dispatchImport(deps, { jobId: job.id, action: 'commit', mode, recheck }, log);
  return getJobDto(deps.db, actor.user, job.id, lang);
}
