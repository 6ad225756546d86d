import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../../../core/config.js';
import type { Database } from '../../../db/database.js';
import { AppError, formatMessage } from '../../../core/errors.js';
import type { FieldCipher } from '../../../core/field-crypto.js';
import type { Actor } from '../../../server/context.js';
import { validateOverride, type FieldKey, type MappedColumn, type MappingOverride } from '../map/header.js';
import type { FileInfo } from '../parse/sniff.js';
import type { Static } from 'typebox';
import type { ImportStep, JobState as JobStateSchema } from '../schemas.js';
import { recordAudit } from '../../audit/audit.repository.js';
import { auditActor } from '../../users/users.service.js';
import { dropStage } from '../pipeline/stage.js';
import { type ListedProblem, type StageCounts } from '../pipeline/outcomes.js';

export type { ImportStep } from '../schemas.js';

/**
 * The import job's record (table import_jobs): creation, state and error, progress, the summary the command line and
 * the demo generator print, and housekeeping. The pipeline itself is in import.service.ts.
 */
export interface ImportDeps {
  db: Database;
  cipher: FieldCipher;
  config: Config;
}

export type ImportMode = 'all_or_nothing' | 'valid_only';
/** The states as the API schema lists them (schemas.ts JobState). */
export type JobState = Static<typeof JobStateSchema>;
/**
 * States a job can be cancelled in: no commit under way or done (a failed one rolled back; finished_at must be null).
 * Cancelling deletes the upload (plain ID numbers) at once instead of after the retention.
 */
const CANCELLABLE_STATES: readonly JobState[] = ['uploaded', 'checking', 'checked', 'failed'];

/** Whether cancelJob accepts the job (the job DTO's `cancellable` also asks that its files are still there). */
export function isCancellable(j: { state: JobState; finished_at: unknown }): boolean {
  return CANCELLABLE_STATES.includes(j.state) && !j.finished_at;
}
/** States in which no work is under way: their files go after IMPORT_RETENTION_DAYS. */
export const FINAL_STATES: readonly JobState[] = ['done', 'failed', 'cancelled', 'checked'];

/** The job's step as stored (import_jobs.step) and shown: since when, and how many of its parts are done. */
export interface StepRecord {
  name: ImportStep;
  at: string;
  done?: number;
  total?: number;
  /** Households or members written without their table's indexes, which the next step builds (a first load). */
  bulk?: boolean;
}

export interface ImportProgress {
  phase: 'checking' | 'importing' | 'report';
  step: ImportStep;
  /** Parts of the step done and in all, where it has parts (the index builds). */
  stepDone?: number;
  stepTotal?: number;
  /** See StepRecord.bulk. */
  stepBulk?: boolean;
  rowsChecked: number;
  rowsWritten: number;
  rowsTotal: number | null;
  bytesRead: number;
  fileSize: number;
}

export interface ImportCounts extends StageCounts {
  /** Empty lines and note lines (no ID number, no name) below the header: skipped. */
  blankRows: number;
}

export interface ImportSummary {
  jobId: number;
  state: JobState;
  mode: ImportMode | null;
  fileName: string;
  fileType: 'csv' | 'xlsx' | null;
  encoding: string | null;
  sheetName: string | null;
  headerRow: number | null;
  counts: ImportCounts | null;
  problems: ListedProblem[];
  reportPath: string | null;
  error: { code: string; zh: string; en: string } | null;
  durationMs: number;
  rowsPerSecond: number | null;
}

export function importsDir(config: Config): string {
  const dir = path.join(config.dataDir, 'imports');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** A fresh file name under DATA_DIR/imports (never the user's name: no path tricks, no collisions). */
export function storedFileName(config: Config, ext: string): string {
  return path.join(importsDir(config), `${Date.now().toString(36)}-${crypto.randomBytes(6).toString('hex')}.${ext}`);
}

export interface JobRow {
  id: number;
  state: JobState;
  file_name: string;
  file_path: string;
  file_size: number;
  file_type: 'csv' | 'xlsx' | null;
  mapping: unknown;
  mapping_override: unknown;
  header_row: number | null;
  sheet_name: string | null;
  encoding: string | null;
  mode: ImportMode | null;
  actor: unknown;
  counts: unknown;
  problems: unknown;
  report_path: string | null;
  error_code: string | null;
  error_message: string | null;
  rows_total: number | null;
  created_at: Date;
  checked_at: Date | null;
  finished_at: Date | null;
  files_removed_at: Date | null;
}

export async function loadJob(db: Database, id: number): Promise<JobRow> {
  const j = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!j) throw new AppError('IMPORT_NOT_FOUND');
  return j as unknown as JobRow;
}

export function jobActor(j: JobRow): Actor | null {
  return (j.actor as Actor | null) ?? null;
}

export interface StoredMapping {
  sheetIndex: number;
  headerRow: number;
  dataStartRow: number;
  statusColumn: number;
  columns: MappedColumn[];
  index: Partial<Record<FieldKey, number>>;
}

/** Registers an uploaded (or command-line) file as a job in state "uploaded". The file must have passed sniffFile. */
export async function createJob(
  deps: ImportDeps,
  actor: Actor | null,
  file: { fileName: string; filePath: string; info: FileInfo; override?: MappingOverride; headerRow?: number },
): Promise<number> {
  validateOverride(file.override);
  const row = await deps.db
    .insertInto('import_jobs')
    .values({
      file_name: file.fileName.slice(0, 255),
      file_path: file.filePath,
      file_size: file.info.size,
      file_type: file.info.type,
      encoding: file.info.type === 'csv' ? file.info.encoding : null,
      area_code: actor?.user.areaCode ?? '000000000000',
      area_level: actor?.user.areaLevel ?? 0,
      created_by: actor?.user.id ?? null,
      actor: actor ? JSON.stringify(actor) : null,
      mapping_override: file.override || file.headerRow ? JSON.stringify({ columns: file.override ?? {}, headerRow: file.headerRow ?? null }) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Jobs running in this process (runTask registers them), so a cancel reaches the running dry run at its next chunk.
 * A job running in another process learns of it at its next progress write, which finds the job cancelled.
 */
const running = new Map<number, AbortController>();

export function trackRun(jobId: number): { done(): void } {
  const ctl = new AbortController();
  running.set(jobId, ctl);
  return {
    done() {
      if (running.get(jobId) === ctl) running.delete(jobId);
    },
  };
}

/**
 * The dry run's set-based statements (up to ~10 s each at 1,000,000 rows) run on one connection named after the job
 * (application_name), so that a cancel from any process can interrupt the statement running now (pg_cancel_backend)
 * instead of waiting for it; its own drop of the staging tables would wait for that statement's locks too.
 */
export function jobConnectionName(jobId: number): string {
  return `fangpin-import-${Math.trunc(jobId)}`;
}

export async function onJobConnection<T>(db: Database, jobId: number, fn: (conn: Database) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select set_config('application_name', ${jobConnectionName(jobId)}, false)`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      // Back to the pool under its own name; a failure here (the cancel's signal arriving late) is harmless: the job
      // can be cancelled only once.
      await sql`reset application_name`.execute(conn).catch(() => {});
    }
  });
}

/**
 * Interrupts the statement the job's named connection is running, in whichever process; none: nothing happens.
 * Only in this database: job ids are per database, and another database on the same server (a second installation,
 * a parallel test file) has its own job of that number.
 */
export async function interruptJobStatement(db: Database, jobId: number): Promise<void> {
  await sql`
    select pg_cancel_backend(pid) from pg_stat_activity
    where application_name = ${jobConnectionName(jobId)} and datname = current_database()
      and state = 'active' and pid <> pg_backend_pid()`.execute(db);
}

/** Tells a job running in this process to stop; false when it does not run here. */
export function abortRun(jobId: number): boolean {
  const ctl = running.get(jobId);
  ctl?.abort();
  return !!ctl;
}

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
    if (running.get(jobId)?.signal.aborted) throw new AppError('IMPORT_CANCELLED');
    const now = Date.now();
    const stepChanged = step?.name !== p.step || step.done !== p.stepDone;
    if (!force && !stepChanged && now - last < 700) return;
    last = now;
    if (stepChanged) {
      step = { name: p.step, at: step?.name === p.step ? step.at : new Date(now).toISOString(), done: p.stepDone, total: p.stepTotal, bulk: p.stepBulk };
    }
    const r = await deps.db
      .updateTable('import_jobs')
      .set({ rows_checked: p.rowsChecked, rows_written: p.rowsWritten, bytes_read: p.bytesRead, step: JSON.stringify(step), updated_at: sql`now()` })
      .where('id', '=', jobId)
      .where('state', '<>', 'cancelled')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('IMPORT_CANCELLED');
  };
}

/** Records the failure on the job (a cancelled job stays cancelled). */
export async function fail(deps: ImportDeps, jobId: number, err: unknown, state: JobState = 'failed'): Promise<void> {
  const e = err instanceof AppError ? err : new AppError('INTERNAL');
  await deps.db
    .updateTable('import_jobs')
    .set({
      state,
      error_code: e.code,
      error_message: JSON.stringify({ zh: formatMessage(e.code, e.params, 'zh'), en: formatMessage(e.code, e.params, 'en'), details: e.details ?? null }),
      updated_at: sql`now()`,
    })
    .where('id', '=', jobId)
    .where('state', '<>', 'cancelled')
    .execute();
}

/** Counts of a checked job; null while only the blank-row count is known (a check whose commit follows at once). */
export function fullCounts(c: unknown): ImportCounts | null {
  return c && typeof c === 'object' && 'rows' in c ? (c as ImportCounts) : null;
}

export async function jobSummary(deps: ImportDeps, jobId: number, startedAt?: number): Promise<ImportSummary> {
  const j = await loadJob(deps.db, jobId);
  const err = j.error_code ? (JSON.parse(j.error_message ?? '{}') as { zh?: string; en?: string }) : null;
  const durationMs = startedAt ? Date.now() - startedAt : 0;
  const counts = fullCounts(j.counts);
  return {
    jobId: j.id,
    state: j.state,
    mode: j.mode,
    fileName: j.file_name,
    fileType: j.file_type,
    encoding: j.encoding,
    sheetName: j.sheet_name,
    headerRow: j.header_row,
    counts,
    problems: (j.problems as ListedProblem[] | null) ?? [],
    reportPath: j.report_path,
    error: err ? { code: j.error_code!, zh: err.zh ?? j.error_code!, en: err.en ?? j.error_code! } : null,
    durationMs,
    rowsPerSecond: counts && durationMs ? Math.round((counts.rows.total / durationMs) * 1000) : null,
  };
}

/** Words for IMPORT_NOT_CANCELLABLE. */
const NOT_CANCELLABLE: Partial<Record<JobState, { stateZh: string; stateEn: string }>> = {
  importing: { stateZh: '正在写入农户信息库', stateEn: 'is being written to the registry' },
  done: { stateZh: '已导入完成', stateEn: 'is already imported' },
  cancelled: { stateZh: '已取消', stateEn: 'is already cancelled' },
};

/**
 * 取消导入: the job becomes "cancelled" (with an audit entry, in one transaction), a dry run running in this process
 * is stopped at its next chunk (elsewhere at its next progress write; the trigger of migration 0006 refuses any later
 * state change), and its staging tables, upload and report are deleted. The caller checks permission and scope.
 */
export async function cancelJob(deps: ImportDeps, actor: Actor | null, jobId: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const j = await trx.selectFrom('import_jobs').select(['id', 'state', 'file_name', 'finished_at']).where('id', '=', jobId).forUpdate().executeTakeFirst();
    if (!j) throw new AppError('IMPORT_NOT_FOUND');
    if (!isCancellable(j)) {
      throw new AppError('IMPORT_NOT_CANCELLABLE', NOT_CANCELLABLE[j.finished_at ? 'done' : j.state] ?? NOT_CANCELLABLE.done!);
    }
    await trx
      .updateTable('import_jobs')
      .set({ state: 'cancelled', error_code: null, error_message: null, updated_at: sql`now()` })
      .where('id', '=', jobId)
      .execute();
    await recordAudit(trx, {
      ...(actor ? auditActor(actor) : { username: 'system' }),
      action: 'registry.import_cancel',
      targetType: 'import_job',
      targetId: jobId,
      detail: { file: j.file_name, state: j.state },
    });
  });
  abortRun(jobId);
  await interruptJobStatement(deps.db, jobId).catch(() => {});
  await discardJobFiles(deps, jobId);
}

/** Where writeJobReport puts a job's report: under DATA_DIR/imports (even for a command-line file), named after the upload. */
export function reportPathFor(config: Config, jobId: number, filePath: string): string {
  return path.join(importsDir(config), `${path.basename(filePath).replace(/\.[^.]+$/, '')}-${jobId}.report.xlsx`);
}

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
  const j = await deps.db.selectFrom('import_jobs').select(['id', 'file_path', 'report_path']).where('id', '=', jobId).executeTakeFirst();
  if (!j) return;
  await removeOwnFiles(deps.config, j);
  await deps.db
    .updateTable('import_jobs')
    .set({ report_path: null, files_removed_at: sql<Date>`coalesce(files_removed_at, now())` })
    .where('id', '=', jobId)
    .execute();
}

export async function isCancelled(db: Database, jobId: number): Promise<boolean> {
  const j = await db.selectFrom('import_jobs').select('state').where('id', '=', jobId).executeTakeFirst();
  return j?.state === 'cancelled';
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
      const r = await sql<{ id: number; state: JobState; file_path: string; report_path: string | null }>`
        with due as (
          select id, file_path, report_path from import_jobs
          where state in (${sql.join([...FINAL_STATES])}) and files_removed_at is null
            and updated_at < now() - make_interval(days => ${days})
          order by id limit ${EXPIRE_BATCH}
          for update skip locked
        )
        update import_jobs j set files_removed_at = now(), report_path = null
        from due where j.id = due.id
        returning j.id, j.state, due.file_path, due.report_path`.execute(trx);
      for (const j of r.rows) await removeOwnFiles(deps.config, j);
      return r.rows;
    });
    for (const j of batch) if (j.state === 'checked' || j.state === 'failed') await dropStage(deps.db, j.id);
    expired += batch.length;
    if (batch.length < EXPIRE_BATCH) return expired;
  }
}

/**
 * Housekeeping at server start: jobs left "checking" or "importing" by a stopped process are failed (their transaction
 * was rolled back; nothing half-imported), staging tables of dry runs nobody committed are dropped (a later commit
 * re-checks the file), and uploads and reports older than IMPORT_RETENTION_DAYS are deleted (expireImportFiles, which
 * the server also runs daily).
 */
export async function cleanupImports(deps: ImportDeps, olderThanHours = 72): Promise<{ interrupted: number; dropped: number; expired: number }> {
  const stuck = await deps.db
    .selectFrom('import_jobs')
    .select('id')
    .where('state', 'in', ['uploaded', 'checking', 'importing'])
    .where('finished_at', 'is', null)
    .where('updated_at', '<', sql<Date>`now() - interval '30 minutes'`)
    .execute();
  for (const s of stuck) {
    await fail(deps, s.id, new AppError('IMPORT_INTERRUPTED'));
    await dropStage(deps.db, s.id);
  }
  const stale = await deps.db
    .selectFrom('import_jobs')
    .select('id')
    .where('state', 'in', ['checked', 'failed', 'cancelled'])
    .where('updated_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`)
    .execute();
  for (const s of stale) await dropStage(deps.db, s.id);
  const expired = await expireImportFiles(deps);
  return { interrupted: stuck.length, dropped: stale.length, expired };
}
