import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Static } from 'typebox';
import type { Config } from '../../../core/config.js';
import type { FieldCipher } from '../../../core/field-crypto.js';
import type { Database } from '../../../db/database.js';
import type { Actor } from '../../../server/context.js';
import type { FieldKey, MappedColumn } from '../map/header.js';
import type { ListedProblem, StageCounts } from '../pipeline/repo/outcomes.js';
import type { ImportStep, JobState as JobStateSchema } from '../schemas.js';

export type { ImportStep } from '../schemas.js';

/**
 * The import job's record (table import_jobs) as the code sees it: its row, states, progress, counts, the summary the
 * command line and the demo generator print, and where its files live. The statements are in ../repo.ts, the state
 * changes in machine.ts.
 */
export interface ImportDeps {
  db: Database;
  cipher: FieldCipher;
  config: Config;
}

export type ImportMode = 'all_or_nothing' | 'valid_only';
/** The states as the API schema lists them (schemas.ts JobState). */
export type JobState = Static<typeof JobStateSchema>;
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
  /** Rows imported all the same that the report asks to check (unusual ages, household values kept …). */
  warnings: ListedProblem[];
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
  /** Bumped by every state change (machine.ts) and by the removal of the files. */
  version: number;
  area_code: string;
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
  updated_at: Date;
  checked_at: Date | null;
  finished_at: Date | null;
  files_removed_at: Date | null;
  /** The process running it (worker-identity.ts); null before its first task. */
  worker: string | null;
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

/** Where writeJobReport puts a job's report: under DATA_DIR/imports (even for a command-line file), named after the upload. */
export function reportPathFor(config: Config, jobId: number, filePath: string): string {
  return path.join(importsDir(config), `${path.basename(filePath).replace(/\.[^.]+$/, '')}-${jobId}.report.xlsx`);
}

/** Counts of a checked job; null while only the blank-row count is known (a check whose commit follows at once). */
export function fullCounts(c: unknown): ImportCounts | null {
  return c && typeof c === 'object' && 'rows' in c ? (c as ImportCounts) : null;
}
