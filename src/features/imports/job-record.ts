import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../../core/config.js';
import type { Database } from '../../db/database.js';
import { AppError, formatMessage } from '../../core/errors.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import type { Actor } from '../../server/context.js';
import { validateOverride, type FieldKey, type MappedColumn, type MappingOverride } from './header.js';
import type { FileInfo } from './sniff.js';
import { dropStage, type ListedProblem, type StageCounts } from './stage.js';

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
export type JobState = 'uploaded' | 'checking' | 'checked' | 'importing' | 'done' | 'failed';

export interface ImportProgress {
  phase: 'checking' | 'importing' | 'report';
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

export function progressWriter(deps: ImportDeps, jobId: number, onProgress?: (p: ImportProgress) => void) {
  let last = 0;
  return async (p: ImportProgress, force = false) => {
    onProgress?.(p);
    const now = Date.now();
    if (!force && now - last < 700) return;
    last = now;
    await deps.db
      .updateTable('import_jobs')
      .set({ rows_checked: p.rowsChecked, rows_written: p.rowsWritten, bytes_read: p.bytesRead, updated_at: sql`now()` })
      .where('id', '=', jobId)
      .execute();
  };
}

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

/**
 * Housekeeping at server start: jobs left "checking" or "importing" by a stopped process are failed (their transaction
 * was rolled back; nothing half-imported), and staging tables of dry runs nobody committed are dropped (a later commit
 * re-checks the file).
 */
export async function cleanupImports(deps: ImportDeps, olderThanHours = 72): Promise<{ interrupted: number; dropped: number }> {
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
    .where('state', 'in', ['checked', 'failed'])
    .where('updated_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`)
    .execute();
  for (const s of stale) await dropStage(deps.db, s.id);
  return { interrupted: stuck.length, dropped: stale.length };
}
