import { AppError } from '../errors.js';
import { writeProgress } from '../repo.js';
import { jobError, moveJob } from './machine.js';
import type { ImportDeps, ImportProgress, StepRecord } from './record.js';
import { runAborted } from './run-control.js';

/**
 * Progress to the job record (at most every 0.7 s; `force` writes now, and so does a new step or a part of one done).
 * Every call is also the running job's cancellation point: IMPORT_CANCELLED when it was cancelled (in this process at
 * once, otherwise at the next write).
 */
export function progressWriter(deps: ImportDeps, jobId: number, onProgress?: (p: ImportProgress) => void) {
  let last = 0;
  let step: StepRecord | undefined;
  return async (p: ImportProgress, force = false) => {
    onProgress?.(p);
    if (runAborted(jobId)) throw new AppError('IMPORT_CANCELLED');
    const now = Date.now();
    const stepChanged = step?.name !== p.step || step.done !== p.stepDone;
    if (!force && !stepChanged && now - last < 700) return;
    last = now;
    if (stepChanged) {
      step = { name: p.step, at: step?.name === p.step ? step.at : new Date(now).toISOString(), done: p.stepDone, total: p.stepTotal, bulk: p.stepBulk };
    }
    if (!(await writeProgress(deps.db, jobId, { rowsChecked: p.rowsChecked, rowsWritten: p.rowsWritten, bytesRead: p.bytesRead, step }))) {
      throw new AppError('IMPORT_CANCELLED');
    }
  };
}

/**
 * Records the failure on the job: "failed", or back to "checked" when an all_or_nothing commit was refused (`refuse`).
 * A job that has moved on meanwhile (cancelled) keeps its state.
 */
export async function fail(deps: ImportDeps, jobId: number, err: unknown, transition: 'fail' | 'refuse' = 'fail'): Promise<void> {
  try {
    await moveJob(deps, jobId, transition, null, { error: jobError(err) });
  } catch (e) {
    if (e instanceof AppError && (e.code === 'IMPORT_CANCELLED' || e.code === 'IMPORT_STATE' || e.code === 'STATE_CONFLICT')) return;
    throw e;
  }
}
