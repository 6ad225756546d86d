import { sql } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { scopePrefix } from '../../../core/scope.js';
import { recordAudit } from '../../audit/audit.repository.js';
import { auditActor } from '../../users/users.service.js';
import { columnLabel, type FieldKey, type HeaderResult } from '../map/header.js';
import { dropStage, firstProblems, mappedColumns, registryChecks, stageCounts, stageExists } from './stage.js';
import { writeStage } from './write.js';
import { phaseClock } from './timing.js';
import {
  fail, jobActor, loadJob, progressWriter,
  type ImportCounts, type ImportDeps, type ImportMode, type ImportProgress, type JobRow, type StoredMapping,
} from '../job/record.js';
import { writeJobReport } from '../report/job-report.js';
import { runCheck } from './check.js';

const IMPORT_LOCK = 707_003;

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
    await deps.db.updateTable('import_jobs').set({ state: 'done', updated_at: sql`now()` }).where('id', '=', jobId).execute();
    await dropStage(deps.db, jobId);
    return;
  }
  if (!job.checked_at || !(await stageExists(deps.db, jobId))) {
    await runCheck(deps, jobId, { onProgress: opts.onProgress, report: false });
    job = await loadJob(deps.db, jobId);
  }
  await deps.db
    .updateTable('import_jobs')
    .set({ state: 'importing', mode, rows_written: 0, step: null, error_code: null, error_message: null, updated_at: sql`now()` })
    .where('id', '=', jobId)
    .execute();
  try {
    await commit(deps, job, mode, opts);
  } catch (err) {
    // A refused or failed commit wrote nothing: the job goes back to "checked" (refused) or "failed" (broken).
    await fail(deps, jobId, err, err instanceof AppError && err.code === 'IMPORT_HAS_ERRORS' ? 'checked' : 'failed');
    throw err;
  }
}

async function commit(deps: ImportDeps, job: JobRow, mode: ImportMode, opts: CommitOptions): Promise<void> {
  const { db } = deps;
  const actor = jobActor(job);
  const mapping = job.mapping as StoredMapping;
  const fields = mapping.columns.filter((c) => c.field).map((c) => c.field!) as FieldKey[];
  const cols = mappedColumns(fields);
  const header: HeaderResult = { headerRow: mapping.headerRow, dataStartRow: mapping.dataStartRow, columns: mapping.columns, index: mapping.index };
  const labels = {
    idNumber: columnLabel(header, 'idNumber'),
    householdNo: columnLabel(header, 'householdNo'),
    relation: columnLabel(header, 'relation'),
  };
  const total = job.rows_total ?? 0;
  const state: ImportProgress = { phase: 'importing', step: 'registry_checks', rowsChecked: total, rowsWritten: 0, rowsTotal: total, bytesRead: job.file_size, fileSize: job.file_size };
  const progress = progressWriter(deps, job.id, opts.onProgress);
  const prev = job.counts as ImportCounts | null;

  if (mode === 'all_or_nothing' && prev?.rows && prev.rows.error + prev.rows.skipped > 0) {
    throw new AppError('IMPORT_HAS_ERRORS', { count: prev.rows.error + prev.rows.skipped });
  }
  let counts: ImportCounts | undefined;
  const scope = { prefix: actor ? scopePrefix(actor.user) : '' };
  try {
    await db.transaction().execute(async (trx) => {
      const mark = phaseClock(`commit ${job.id}`);
      await progress(state, true);
      await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
      await registryChecks(trx, job.id, scope, cols, labels);
      mark('registry checks again');
      counts = { ...(await stageCounts(trx, job.id)), blankRows: prev?.blankRows ?? 0 };
      mark('counts');
      const bad = counts.rows.error + counts.rows.skipped;
      if (mode === 'all_or_nothing' && bad > 0) throw new AppError('IMPORT_HAS_ERRORS', { count: bad });
      const written = await writeStage(trx, {
        jobId: job.id,
        userId: actor?.user.id ?? null,
        username: actor?.user.username ?? 'system',
        mark,
        inserts: { households: counts.households.new, members: counts.rows.new },
        bulkMinRows: opts.bulkMinRows ?? deps.config.importBulkMinRows,
        householdColumns: cols.household,
        memberColumns: cols.member,
        onStep: async (step, done, total, bulk) => {
          Object.assign(state, { step, stepDone: done, stepTotal: total, stepBulk: bulk });
          await progress(state);
        },
        onRows: async (n) => {
          state.rowsWritten = n;
          await progress(state);
        },
      });
      await recordAudit(trx, {
        ...(actor ? auditActor(actor) : { username: 'system' }),
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
      const problems = counts.rows.error ? await firstProblems(trx, job.id) : [];
      await trx
        .updateTable('import_jobs')
        .set({
          counts: JSON.stringify(counts),
          problems: JSON.stringify(problems),
          rows_written: written.members.inserted + written.members.updated,
          finished_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('id', '=', job.id)
        .execute();
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'IMPORT_HAS_ERRORS') {
      // The registry may have changed since the dry run: record what the commit found, for the report.
      await registryChecks(db, job.id, scope, cols, labels);
      const now = { ...(await stageCounts(db, job.id)), blankRows: prev?.blankRows ?? 0 };
      await db
        .updateTable('import_jobs')
        .set({ counts: JSON.stringify(now), problems: JSON.stringify(await firstProblems(db, job.id)) })
        .where('id', '=', job.id)
        .execute();
    }
    throw err;
  }
  if (opts.report !== false) {
    await progress({ ...state, phase: 'report', step: 'report', stepDone: undefined, stepTotal: undefined }, true);
    await writeJobReport(deps, job.id, true);
  }
  await db.updateTable('import_jobs').set({ state: 'done', updated_at: sql`now()` }).where('id', '=', job.id).execute();
  await dropStage(db, job.id);
}

