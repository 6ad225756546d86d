import path from 'node:path';
import { AppError } from '../errors.js';
import type { Actor } from '../../../server/context.js';
import type { MappingOverride } from '../map/header.js';
import { sniffFile } from '../parse/sniff.js';
import { createJob } from '../job/create.js';
import { jobSummary } from '../job/summary.js';
import { type ImportDeps, type ImportMode, type ImportProgress, type ImportSummary } from '../job/record.js';
import { writeJobReport } from '../report/job-report.js';
import { runCheck } from './check.js';
import { setJobWorker } from '../repo.js';
import { workerId } from '../job/worker-identity.js';
import { runCommit } from './commit.js';

export interface ImportFileOptions {
  mode?: ImportMode;
  /** Check only: nothing is written to the registry. */
  dryRun?: boolean;
  mapping?: MappingOverride;
  headerRow?: number;
  /** 脱贫年度 of every 脱贫户 of a file without that column. */
  exitYear?: number;
  /** Write the .xlsx report (default true; a benchmark or the demo generator may skip it). */
  report?: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** See CommitOptions. */
  bulkMinRows?: number;
}

/**
 * The whole pipeline in one call, synchronously, without the HTTP server: the command line, the demo generator and the
 * benchmark use it. `actor` null imports as the system (every village of the database is in scope). Bad files
 * (empty, not a spreadsheet, zip bomb) are refused before anything is written. Returns the summary; a refused
 * all_or_nothing import returns state "checked" with error IMPORT_HAS_ERRORS and the report of the dry run.
 */
export async function importFile(deps: ImportDeps, actor: Actor | null, filePath: string, opts: ImportFileOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const info = await sniffFile(filePath);
  const jobId = await createJob(deps, actor, { fileName: path.basename(filePath), filePath: path.resolve(filePath), info, override: opts.mapping, headerRow: opts.headerRow, exitYear: opts.exitYear });
  const mode = opts.mode ?? 'all_or_nothing';
  // This process runs it (the command line, the demo loader): if it dies, the next server start sees that at once.
  await setJobWorker(deps.db, jobId, workerId());
  try {
    await runCheck(deps, jobId, { onProgress: opts.onProgress, report: false, commitNext: !opts.dryRun });
  } catch (err) {
    if (err instanceof AppError) return jobSummary(deps, jobId, started);
    throw err;
  }
  if (opts.dryRun) {
    if (opts.report !== false) await writeJobReport(deps, jobId, false);
    return jobSummary(deps, jobId, started);
  }
  try {
    await runCommit(deps, jobId, mode, { onProgress: opts.onProgress, report: opts.report, bulkMinRows: opts.bulkMinRows });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'IMPORT_HAS_ERRORS' && opts.report !== false) await writeJobReport(deps, jobId, false);
  }
  return jobSummary(deps, jobId, started);
}

