import { refreshStatistics } from '../../../db/statistics.js';
import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Actor } from '../../../server/context.js';
import { AppError } from '../errors.js';
import { scopePrefix } from '../../../core/scope.js';
import { recordAudit } from '../../audit/repo.js';
import { auditActor } from '../../audit/actor.js';
import { columnLabel, type HeaderResult } from '../map/header.js';
import { dropStage, stageExists } from './repo/stage.js';
import { firstProblems, stageCounts } from './repo/outcomes.js';
import { filledFields, mappedColumns, registryChecks, type ScopeFilter } from './repo/registry-checks.js';
import { writeStage, type WriteContext } from './repo/write.js';
import { phaseClock } from './timing.js';
import { fail, progressWriter } from '../job/progress.js';
import { jobActor, type ImportCounts, type ImportDeps, type ImportMode, type ImportProgress, type JobRow, type StoredMapping } from '../job/record.js';
import { loadJob, lockCommits, saveCommitResult, saveCounts } from '../repo.js';
import { moveJob } from '../job/machine.js';
import { writeJobReport } from '../report/job-report.js';
import { runCheck } from './check.js';

export interface CommitOptions {
  onProgress?: (p: ImportProgress) => void;
  report?: boolean;
  /** Smallest load written with the registry's indexes built afterwards (db/bulk-indexes.ts); default: the config's. */
  bulkMinRows?: number;
}

/**
 * The commit: all in one transaction, so a failure anywhere leaves nothing behind. Import jobs commit one at a time
 * (an advisory lock), so two files cannot race for the same household or person.
 */
export async function runCommit(deps: ImportDeps, jobId: number, mode: ImportMode, opts: CommitOptions = {}): Promise<void> {
  let job = await loadJob(deps.db, jobId);
  if (job.state === 'done') return;
  if (job.finished_at) {
    // The transaction committed but the process stopped before the report: finish, do not import twice.
    if (opts.report !== false) await writeJobReport(deps, jobId, true);
    await moveJob(deps, jobId, 'done', null);
    await dropStage(deps.db, jobId);
    return;
  }
  if (!job.checked_at || !(await stageExists(deps.db, jobId))) {
    await runCheck(deps, jobId, { onProgress: opts.onProgress, report: false });
    job = await loadJob(deps.db, jobId);
  }
  // A user's commit moved the job to "importing" already (with its mode); the command line's, or one that had to read
  // the file again, starts here.
  if (job.state !== 'importing') job = await moveJob(deps, jobId, 'commit', null, { mode });
  try {
    await commit(deps, job, mode, opts);
  } catch (err) {
    // A refused or failed commit wrote nothing: the job goes back to "checked" (refused) or "failed" (broken).
    await fail(deps, jobId, err, err instanceof AppError && err.code === 'IMPORT_HAS_ERRORS' ? 'refuse' : 'fail');
    throw err;
  }
}

async function commit(deps: ImportDeps, job: JobRow, mode: ImportMode, opts: CommitOptions): Promise<void> {
  const plan = commitPlan(job);
  const prev = plan.prev;
  if (mode === 'all_or_nothing' && prev?.rows && prev.rows.error + prev.rows.skipped > 0) {
    throw new AppError('IMPORT_HAS_ERRORS', { count: prev.rows.error + prev.rows.skipped });
  }
  const total = job.rows_total ?? 0;
  const state: ImportProgress = { phase: 'importing', step: 'registry_checks', rowsChecked: total, rowsWritten: 0, rowsTotal: total, bytesRead: job.file_size, fileSize: job.file_size };
  const progress = progressWriter(deps, job.id, opts.onProgress);
  let written: { households: number; members: number } | undefined;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await progress(state, true);
      written = await writeInTransaction(trx, deps, job, plan, mode, opts, {
        onStep: async (step, done, total, bulk) => {
          Object.assign(state, { step, stepDone: done, stepTotal: total, stepBulk: bulk });
          await progress(state);
        },
        onRows: async (n) => {
          state.rowsWritten = n;
          await progress(state);
        },
      });
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'IMPORT_HAS_ERRORS') await recordRefusal(deps, job, plan);
    throw err;
  }
  // A county's first load leaves the planner with the empty tables' statistics: renewed before anyone searches.
  if (written) await refreshStatistics(deps.db, { households: written.households, members: written.members });
  if (opts.report !== false) {
    await progress({ ...state, phase: 'report', step: 'report', stepDone: undefined, stepTotal: undefined }, true);
    await writeJobReport(deps, job.id, true);
  }
  await moveJob(deps, job.id, 'done', null);
  await dropStage(deps.db, job.id);
}

/** What the commit takes from the checked job: who imports (and so the scope), the columns the file fills, labels. */
interface CommitPlan {
  actor: Actor | null;
  scope: ScopeFilter;
  cols: { household: string[]; member: string[] };
  labels: { idNumber: string; householdNo: string; relation: string };
  /** The dry run's counts. */
  prev: ImportCounts | null;
}

function commitPlan(job: JobRow): CommitPlan {
  const actor = jobActor(job);
  const mapping = job.mapping as StoredMapping;
  const fields = filledFields(mapping.columns, job.mapping_override);
  const header: HeaderResult = { headerRow: mapping.headerRow, dataStartRow: mapping.dataStartRow, columns: mapping.columns, index: mapping.index };
  return {
    actor,
    scope: { prefix: actor ? scopePrefix(actor.user) : '' },
    cols: mappedColumns(fields),
    labels: { idNumber: columnLabel(header, 'idNumber'), householdNo: columnLabel(header, 'householdNo'), relation: columnLabel(header, 'relation') },
    prev: job.counts as ImportCounts | null,
  };
}

/**
 * Inside the commit's transaction, one import job at a time (an advisory lock): the registry checks again, the
 * all_or_nothing refusal, the writes, the audit entry, the job's counts and finished_at.
 */
async function writeInTransaction(
  trx: Transaction<DB>,
  deps: ImportDeps,
  job: JobRow,
  plan: CommitPlan,
  mode: ImportMode,
  opts: CommitOptions,
  report: Pick<WriteContext, 'onStep' | 'onRows'>,
): Promise<{ households: number; members: number }> {
  const mark = phaseClock(`commit ${job.id}`);
  await lockCommits(trx);
  await registryChecks(trx, job.id, plan.scope, plan.cols, plan.labels);
  mark('registry checks again');
  const counts: ImportCounts = { ...(await stageCounts(trx, job.id)), blankRows: plan.prev?.blankRows ?? 0 };
  mark('counts');
  const bad = counts.rows.error + counts.rows.skipped;
  if (mode === 'all_or_nothing' && bad > 0) throw new AppError('IMPORT_HAS_ERRORS', { count: bad });
  const written = await writeStage(trx, {
    jobId: job.id,
    userId: plan.actor?.user.id ?? null,
    username: plan.actor?.user.username ?? 'system',
    mark,
    inserts: { households: counts.households.new, members: counts.rows.new },
    bulkMinRows: opts.bulkMinRows ?? deps.config.importBulkMinRows,
    householdColumns: plan.cols.household,
    memberColumns: plan.cols.member,
    ...report,
  });
  await recordAudit(trx, {
    ...(plan.actor ? auditActor(plan.actor) : { username: 'system' }),
    action: 'registry.import',
    targetType: 'import_job',
    targetId: job.id,
    detail: {
      file: job.file_name,
      mode,
      rows: counts.rows,
      households: counts.households,
      written: { households: written.households, members: written.members },
      ...(written.bulk.length ? { bulk: written.bulk } : {}),
    },
  });
  const problems = counts.rows.error || counts.rows.warning ? await firstProblems(trx, job.id) : [];
  await saveCommitResult(trx, job.id, { counts, problems, rowsWritten: written.members.inserted + written.members.updated });
  return {
    households: written.households.inserted + written.households.updated,
    members: written.members.inserted + written.members.updated,
  };
}

/** A refused all_or_nothing commit: the registry may have changed since the dry run; the job says what it found. */
async function recordRefusal(deps: ImportDeps, job: JobRow, plan: CommitPlan): Promise<void> {
  await registryChecks(deps.db, job.id, plan.scope, plan.cols, plan.labels);
  const now = { ...(await stageCounts(deps.db, job.id)), blankRows: plan.prev?.blankRows ?? 0 };
  await saveCounts(deps.db, job.id, now, await firstProblems(deps.db, job.id));
}
