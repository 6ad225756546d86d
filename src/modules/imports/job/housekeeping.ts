import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { Config } from '../../../core/config.js';
import { dropStage } from '../pipeline/repo/stage.js';
import type { Database } from '../../../db/database.js';
import { findJob, jobState, markExpired, markFilesRemoved, restingJobIds, stuckJobs } from '../repo.js';
import { fail } from './progress.js';
import { workerGone } from './worker-identity.js';
import { FINAL_STATES, importsDir, reportPathFor, type ImportDeps } from './record.js';

/** Files and staging tables of jobs: deleted on a cancel, after the retention, and at server start. */

/**
 * Deletes the job's upload and report, but only files under DATA_DIR/imports: a command-line import's file is the
 * user's own and stays where it is.
 */
async function removeOwnFiles(config: Config, j: { id: number; file_path: string; report_path: string | null }): Promise<void> {
  const dir = importsDir(config);
  const own = (p: string | null) => !!p && path.dirname(path.resolve(p)) === dir;
  const paths = new Set([j.file_path, j.report_path, reportPathFor(config, j.id, j.file_path)].filter(own) as string[]);
  for (const p of paths) await fs.promises.rm(p, { force: true });
}

/** Drops the job's staging tables and deletes its files; the job says so (files_removed_at) and has no report. */
export async function discardJobFiles(deps: ImportDeps, jobId: number): Promise<void> {
  await dropStage(deps.db, jobId);
  const j = await findJob(deps.db, jobId);
  if (!j) return;
  await removeOwnFiles(deps.config, j);
  await markFilesRemoved(deps.db, jobId);
}

export async function isCancelled(db: Database, jobId: number): Promise<boolean> {
  return (await jobState(db, jobId)) === 'cancelled';
}

const EXPIRE_BATCH = 200;

/**
 * Retention: the upload and report of jobs in a final state whose last change is older than `days` are deleted, and
 * the jobs marked (files_removed_at; the report route answers IMPORT_REPORT_EXPIRED). A batch is marked and its
 * files deleted in one transaction (a crash leaves them unmarked, for the next run); rows locked by a commit starting
 * at that moment are left for the next run.
 */
export async function expireImportFiles(deps: ImportDeps, days = deps.config.importRetentionDays): Promise<number> {
  let expired = 0;
  for (;;) {
    const batch = await deps.db.transaction().execute(async (trx) => {
      const rows = await markExpired(trx, FINAL_STATES, days, EXPIRE_BATCH);
      for (const j of rows) await removeOwnFiles(deps.config, j);
      return rows;
    });
    for (const j of batch) if (j.state === 'checked' || j.state === 'failed') await dropStage(deps.db, j.id);
    expired += batch.length;
    if (batch.length < EXPIRE_BATCH) return expired;
  }
}

/**
 * Housekeeping at server start: jobs left "checking" or "importing" by a stopped process are failed at once when that
 * process ran on this host and is gone, after 30 minutes otherwise (their transaction was rolled back; nothing
 * half-imported; the user can check the file again or cancel), staging tables of dry runs nobody committed are dropped (a later commit
 * re-checks the file), and uploads and reports older than IMPORT_RETENTION_DAYS are deleted (expireImportFiles, which
 * the server also runs daily).
 */
export async function cleanupImports(deps: ImportDeps, olderThanHours = 72): Promise<{ interrupted: number; dropped: number; expired: number }> {
  const stuck = await stuckJobs(deps.db, workerGone);
  for (const s of stuck) {
    await fail(deps, s.id, new AppError('IMPORT_INTERRUPTED'));
    await dropStage(deps.db, s.id);
  }
  const resting = await restingJobIds(deps.db, olderThanHours);
  for (const id of resting) await dropStage(deps.db, id);
  const expired = await expireImportFiles(deps);
  return { interrupted: stuck.length, dropped: resting.length, expired };
}
