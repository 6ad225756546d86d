import { applyTransition } from '../../../core/state-machine.js';
import { scopePrefix } from '../../../core/scope.js';
import { columnLabel, type MappingOverride } from '../map/header.js';
import { sniffFile } from '../parse/sniff.js';
import { dropStage } from './repo/stage.js';
import { readAndStage, type StagedFile } from './read-stage.js';
import { finishLoad } from './repo/file-checks.js';
import { firstProblems, stageCounts, type ListedProblem } from './repo/outcomes.js';
import { filledFields, mappedColumns, registryChecks } from './repo/registry-checks.js';
import { phaseClock } from './timing.js';
import { fail, progressWriter } from '../job/progress.js';
import { jobActor, type ImportCounts, type ImportDeps, type ImportProgress, type ImportStep, type JobRow, type StoredMapping } from '../job/record.js';
import { loadJob, resetCheckProgress, saveCheckResult } from '../repo.js';
import { jobMachine, moveJob } from '../job/machine.js';
import { onJobConnection } from '../job/run-control.js';
import { writeJobReport } from '../report/job-report.js';

/**
 * The import pipeline (农户信息导入), the same for the web (a background job) and the command line (synchronous):
 *   check (dry run): stream the file → find the header → map and validate each row → stage it in chunks →
 *                    set-based checks across rows and against the registry → counts, problems, report;
 *   commit:          one transaction: the registry checks again, then set-based writes, totals, history, one audit
 *                    entry. all_or_nothing refuses a file with any bad row; valid_only skips a household with one.
 */
export interface CheckOptions {
  onProgress?: (p: ImportProgress) => void;
  /** Write the dry-run report (default true). */
  report?: boolean;
  /**
   * Leave out the checks against the registry (and the counts): the caller commits right away, and the commit runs
   * them inside its transaction anyway — at a million rows that is half a minute not spent twice.
   */
  commitNext?: boolean;
}

/** The dry run: every row checked, nothing written to the registry. Leaves the job "checked" (or "failed"). */
export async function runCheck(deps: ImportDeps, jobId: number, opts: CheckOptions = {}): Promise<void> {
  let job = await loadJob(deps.db, jobId);
  // A user's re-check moved the job to "checking" already; a new upload, or a commit that needs the file read again,
  // starts here.
  if (job.state !== 'checking') job = await moveJob(deps, jobId, 'check', null);
  await resetCheckProgress(deps.db, jobId);
  try {
    await check(deps, job, opts);
  } catch (err) {
    await dropStage(deps.db, jobId).catch(() => {});
    await fail(deps, jobId, err);
    throw err;
  }
}

async function check(deps: ImportDeps, job: JobRow, opts: CheckOptions): Promise<void> {
  const info = await sniffFile(job.file_path);
  const progress = progressWriter(deps, job.id, opts.onProgress);
  const mark = phaseClock(`check ${job.id}`);
  const state: ImportProgress = { phase: 'checking', step: 'read', rowsChecked: 0, rowsWritten: 0, rowsTotal: null, bytesRead: 0, fileSize: info.size };
  const file = await readAndStage({
    db: deps.db,
    cipher: deps.cipher,
    jobId: job.id,
    filePath: job.file_path,
    info,
    actor: jobActor(job),
    override: (job.mapping_override ?? {}) as { columns?: MappingOverride; headerRow?: number | null; exitYear?: number | null },
    onChunk: async (rows, bytes) => {
      state.rowsChecked = rows;
      state.bytesRead = bytes;
      await progress(state);
    },
  });
  Object.assign(state, { rowsChecked: file.rows, rowsTotal: file.rows, bytesRead: info.size });
  await progress(state, true);
  mark('read, map, stage');
  const found = await checkStaged(deps, job, file, opts, async (step) => {
    state.step = step;
    await progress(state, true);
  });
  const mapping: StoredMapping = { sheetIndex: file.sheetIndex, headerRow: file.header.headerRow, dataStartRow: file.header.dataStartRow, statusColumn: file.widest, columns: file.header.columns, index: file.header.index };
  await saveCheckResult(deps.db, job.id, {
    mapping,
    headerRow: file.header.headerRow,
    sheetName: file.sheetName,
    fileType: info.type,
    encoding: info.type === 'csv' ? info.encoding : null,
    rows: file.rows,
    bytes: info.size,
    counts: found.counts,
    problems: found.problems,
  });
  if (opts.report !== false) {
    const report: ImportProgress = { ...state, phase: 'report', step: 'report' };
    await progress(report, true);
    await writeJobReport(deps, job.id, false, () => progress(report));
  }
  await applyTransition(deps.db, jobMachine(deps.config.importRetentionDays), job, 'checked', null);
}

/**
 * The checks on the staged rows: the file's own (the same person twice …), then, unless a commit follows at once, the
 * registry's, the counts and the first problems. Each is one statement or a few (up to ~10 s at 1,000,000 rows), on
 * the job's named connection: a cancel interrupts the statement running (onJobConnection), and is noticed between
 * the steps (`onStep` writes the progress).
 */
async function checkStaged(
  deps: ImportDeps,
  job: JobRow,
  file: StagedFile,
  opts: CheckOptions,
  onStep: (step: ImportStep) => Promise<void>,
): Promise<{ counts: ImportCounts | { blankRows: number }; problems: ListedProblem[] }> {
  const h = file.header;
  const actor = jobActor(job);
  const mark = phaseClock(`check ${job.id}`);
  const labels = {
    idNumber: columnLabel(h, 'idNumber'),
    householdNo: columnLabel(h, 'householdNo'),
    relation: columnLabel(h, 'relation'),
    village: columnLabel(h, h.index.villageCode !== undefined && h.index.village === undefined ? 'villageCode' : 'village'),
  };
  const fields = filledFields(h.columns, job.mapping_override);
  return onJobConnection(deps.db, job.id, async (conn) => {
    await onStep('file_checks');
    await finishLoad(conn, job.id, labels);
    mark('file checks');
    if (opts.commitNext) return { counts: { blankRows: file.blankRows }, problems: [] };
    await onStep('registry_checks');
    await registryChecks(conn, job.id, { prefix: actor ? scopePrefix(actor.user) : '' }, mappedColumns(fields), labels);
    await onStep('registry_checks');
    mark('registry checks');
    const counts = { ...(await stageCounts(conn, job.id)), blankRows: file.blankRows };
    // Problems are exactly the rows in error: none, nothing to look for (a scan of every row at a million).
    const problems = counts.rows.error || counts.rows.warning ? await firstProblems(conn, job.id) : [];
    mark('counts');
    return { counts, problems };
  });
}
