import { type Lang } from '../../../core/errors.js';
import { AppError } from '../errors.js';
import type { Actor } from '../../../server/context.js';
import { discardJobFiles } from './housekeeping.js';
import { moveJob } from './machine.js';
import { getJobDto, loadVisibleJob, type ImportJobDto } from './query.js';
import type { ImportDeps } from './record.js';
import { abortRun, interruptJobStatement } from './run-control.js';

/**
 * 取消导入: the job becomes "cancelled" (the machine's transition: its history row and audit entry, in one
 * transaction), a dry run running in this process is stopped at its next chunk (elsewhere at its next progress write;
 * the trigger of migration 0006 refuses any later state change), and its staging tables, upload and report are
 * deleted. The caller checks permission and scope; `actor` null: the system.
 */
export async function cancelJob(deps: ImportDeps, actor: Actor | null, jobId: number): Promise<void> {
  await cancelWhateverStep(deps, actor, jobId);
  abortRun(jobId);
  await interruptJobStatement(deps.db, jobId).catch(() => {});
  await discardJobFiles(deps, jobId);
}

/** The API's cancel: a job of the user's area; the job as it is afterwards. */
export async function cancelImport(deps: ImportDeps, actor: Actor, jobId: number, lang: Lang): Promise<ImportJobDto> {
  const job = await loadVisibleJob(deps.db, actor.user, jobId);
  await cancelJob(deps, actor, job.id);
  return getJobDto(deps.db, actor.user, job.id, lang);
}

/**
 * A cancel stops the job at whatever step it has reached: the pipeline moving on a step while the cancel is decided
 * (the dry run finishing) is not someone else's decision to respect, so the cancel is decided again on the job as it
 * is then (and refused if it can no longer be cancelled).
 */
async function cancelWhateverStep(deps: ImportDeps, actor: Actor | null, jobId: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await moveJob(deps, jobId, 'cancel', actor);
      return;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'STATE_CONFLICT') || attempt === 3) throw err;
    }
  }
}
