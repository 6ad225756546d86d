import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { AppError } from './errors.js';
import { inScope, type Scope } from '../../core/scope.js';
import type { Database } from '../../db/database.js';
import type { DB, ImportJobsTable } from '../../db/schema.js';
import type { JobRow, JobState } from './job/record.js';

/**
 * The imports' statements on their own tables (import_jobs, import_templates) and the villages they read; area scope
 * through the scope helper (core/scope.ts). The staging tables' set-based statements are the pipeline's
 * (pipeline/repo/: stage.ts and the checks beside it); state changes of a job go through its state machine (job/machine.ts).
 */
type Db = Kysely<DB> | Transaction<DB>;

// ---- jobs

export async function insertJob(db: Db, values: Insertable<ImportJobsTable>): Promise<number> {
  const row = await db.insertInto('import_jobs').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function loadJob(db: Db, id: number): Promise<JobRow> {
  const j = await findJob(db, id);
  if (!j) throw new AppError('IMPORT_NOT_FOUND');
  return j;
}

export async function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return (await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst()) as JobRow | undefined;
}

export async function jobState(db: Db, id: number): Promise<JobState | undefined> {
  return (await db.selectFrom('import_jobs').select('state').where('id', '=', id).executeTakeFirst())?.state;
}

/** Jobs with the user name of their creator, as the API lists them. */
const jobsWithCreator = (db: Db) =>
  db.selectFrom('import_jobs as j').leftJoin('users as u', 'u.id', 'j.created_by').selectAll('j').select('u.username as created_by_name');

export type JobWithCreator = Awaited<ReturnType<ReturnType<typeof jobsWithCreator>['executeTakeFirstOrThrow']>>;

export async function jobWithCreator(db: Db, id: number): Promise<JobWithCreator | undefined> {
  return jobsWithCreator(db).where('j.id', '=', id).executeTakeFirst();
}

/** A page of the jobs created in the scope's subtree, newest first, and how many there are. */
export async function jobsPage(
  db: Db,
  scope: Scope,
  q: { page: number; pageSize: number; state?: string; createdBy?: number },
): Promise<{ rows: JobWithCreator[]; total: number }> {
  let query = jobsWithCreator(db).where(inScope('j.area_code', scope));
  if (q.state) query = query.where('j.state', '=', q.state as never);
  if (q.createdBy !== undefined) query = query.where('j.created_by', '=', q.createdBy);
  const total = await query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await query.orderBy('j.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return { rows, total: total.n };
}

/** Before a dry run: progress, counts and the last error cleared. */
export async function resetCheckProgress(db: Db, id: number): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ rows_checked: 0, rows_written: 0, bytes_read: 0, step: null, error_code: null, error_message: null, counts: null, problems: null, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function saveCheckResult(
  db: Db,
  id: number,
  r: { mapping: unknown; headerRow: number; sheetName: string | null; fileType: 'csv' | 'xlsx'; encoding: string | null; rows: number; bytes: number; counts: unknown; problems: unknown },
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      mapping: JSON.stringify(r.mapping),
      header_row: r.headerRow,
      sheet_name: r.sheetName,
      file_type: r.fileType,
      encoding: r.encoding,
      rows_total: r.rows,
      rows_checked: r.rows,
      bytes_read: r.bytes,
      counts: JSON.stringify(r.counts),
      problems: JSON.stringify(r.problems),
      checked_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** The commit's result, in its transaction: finished_at says the registry has it (a restart finishes, not re-imports). */
export async function saveCommitResult(trx: Db, id: number, r: { counts: unknown; problems: unknown; rowsWritten: number }): Promise<void> {
  await trx
    .updateTable('import_jobs')
    .set({ counts: JSON.stringify(r.counts), problems: JSON.stringify(r.problems), rows_written: r.rowsWritten, finished_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function saveCounts(db: Db, id: number, counts: unknown, problems: unknown): Promise<void> {
  await db.updateTable('import_jobs').set({ counts: JSON.stringify(counts), problems: JSON.stringify(problems) }).where('id', '=', id).execute();
}

export async function saveReportPath(db: Db, id: number, reportPath: string): Promise<void> {
  await db.updateTable('import_jobs').set({ report_path: reportPath, updated_at: sql`now()` }).where('id', '=', id).execute();
}

/** Progress of a running job; false when the job was cancelled meanwhile (nothing written). */
export async function writeProgress(db: Db, id: number, p: { rowsChecked: number; rowsWritten: number; bytesRead: number; step: unknown }): Promise<boolean> {
  const r = await db
    .updateTable('import_jobs')
    .set({ rows_checked: p.rowsChecked, rows_written: p.rowsWritten, bytes_read: p.bytesRead, step: JSON.stringify(p.step), updated_at: sql`now()` })
    .where('id', '=', id)
    .where('state', '<>', 'cancelled')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * The job's files are gone (a cancel, the retention): the job says so and has no report. The version moves: a
 * transition decided on the job as it was (a commit of files now deleted) loses.
 */
export async function markFilesRemoved(db: Db, id: number): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ report_path: null, files_removed_at: sql<Date>`coalesce(files_removed_at, now())`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** Up to `limit` jobs in a final state unchanged for `days`, marked as having no files now; locked ones are skipped. */
export async function markExpired(
  trx: Transaction<DB>,
  states: readonly JobState[],
  days: number,
  limit: number,
): Promise<{ id: number; state: JobState; file_path: string; report_path: string | null }[]> {
  const r = await sql<{ id: number; state: JobState; file_path: string; report_path: string | null }>`
    with due as (
      select id, file_path, report_path from import_jobs
      where state in (${sql.join([...states])}) and files_removed_at is null
        and updated_at < now() - make_interval(days => ${days})
      order by id limit ${limit}
      for update skip locked
    )
    update import_jobs j set files_removed_at = now(), report_path = null, version = j.version + 1
    from due where j.id = due.id
    returning j.id, j.state, due.file_path, due.report_path`.execute(trx);
  return r.rows;
}

/** Jobs left running (uploaded, checking, importing, not finished) by a process that stopped 30 minutes ago or more. */
/**
 * Jobs left running: those whose process `isGone` says has ended (a server killed mid-import on this host), and those
 * of any process untouched for 30 minutes (another host's, whose process we cannot see).
 */
export async function stuckJobs(db: Db, isGone: (worker: string | null) => boolean): Promise<JobRow[]> {
  const rows = await db
    .selectFrom('import_jobs')
    .selectAll()
    .where('state', 'in', ['uploaded', 'checking', 'importing'])
    .where('finished_at', 'is', null)
    .execute();
  const stale = Date.now() - 30 * 60_000;
  return (rows as unknown as JobRow[]).filter((r) => isGone(r.worker) || r.updated_at.getTime() < stale);
}

/** Records which process runs the job now (a task starting). */
export async function setJobWorker(db: Db, id: number, worker: string): Promise<void> {
  await db.updateTable('import_jobs').set({ worker }).where('id', '=', id).execute();
}

/** Jobs at rest (checked, failed, cancelled) unchanged for `hours`: their staging tables can go. */
export async function restingJobIds(db: Db, hours: number): Promise<number[]> {
  const rows = await db
    .selectFrom('import_jobs')
    .select('id')
    .where('state', 'in', ['checked', 'failed', 'cancelled'])
    .where('updated_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
    .execute();
  return rows.map((r) => r.id);
}

/** Import jobs commit one at a time (to the end of the caller's transaction): two files cannot race for a person. */
export async function lockCommits(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${707_003})`.execute(trx);
}

// ---- the job's named connection (job/run-control.ts)

export async function nameConnection(conn: Db, name: string): Promise<void> {
  await sql`select set_config('application_name', ${name}, false)`.execute(conn);
}

export async function resetConnectionName(conn: Db): Promise<void> {
  await sql`reset application_name`.execute(conn);
}

/** Interrupts the statement a connection of that name is running in this database (none: nothing happens). */
export async function cancelNamedBackend(db: Db, name: string): Promise<void> {
  await sql`
    select pg_cancel_backend(pid) from pg_stat_activity
    where application_name = ${name} and datname = current_database()
      and state = 'active' and pid <> pg_backend_pid()`.execute(db);
}

// ---- templates (导入模板)

export async function templateById(db: Db, id: number) {
  return db.selectFrom('import_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function templatesWithCreator(db: Db) {
  return db.selectFrom('import_templates as t').leftJoin('users as u', 'u.id', 't.created_by').selectAll('t').select('u.username as created_by_name').orderBy('t.name').execute();
}

/** Saves a mapping under a name in an area, replacing the one of that name there. */
export async function upsertTemplate(
  db: Db,
  t: { name: string; areaCode: string; areaLevel: number; mapping: unknown; headerRow: number | null; createdBy: number },
) {
  const mapping = JSON.stringify(t.mapping);
  return db
    .insertInto('import_templates')
    .values({ name: t.name, area_code: t.areaCode, area_level: t.areaLevel, mapping, header_row: t.headerRow, created_by: t.createdBy })
    .onConflict((oc) => oc.columns(['area_code', 'name']).doUpdateSet({ mapping, header_row: t.headerRow, created_by: t.createdBy, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteTemplate(db: Db, id: number): Promise<void> {
  await db.deleteFrom('import_templates').where('id', '=', id).execute();
}

// ---- villages

/** The villages of an area with their township's and county's names; every village for null (the command line). */
export async function villagesIn(db: Database, scope: Scope | null): Promise<{ code: string; name: string; township: string | null; county: string | null }[]> {
  let q = db
    .selectFrom('areas as v')
    .leftJoin('areas as t', 't.code', 'v.parent_code')
    .leftJoin('areas as c', 'c.code', 't.parent_code')
    .select(['v.code', 'v.name', 't.name as township', 'c.name as county'])
    .where('v.level', '=', 5)
    .orderBy('v.code');
  if (scope) q = q.where(inScope('v.code', scope));
  return q.execute();
}
