import type { Static } from 'typebox';
import type { Database } from '../../../db/database.js';
import { type Lang } from '../../../core/errors.js';
import { AppError } from '../errors.js';
import { assertInScope, type Scope } from '../../../core/scope.js';
import type { MappedColumn, MappingOverride } from '../map/header.js';
import type { ImportJob } from '../schemas.js';
import { splitProblems, type ListedProblem } from '../pipeline/repo/outcomes.js';
import { jobsPage, jobWithCreator, type JobWithCreator } from '../repo.js';
import { cancellable } from './machine.js';
import { fullCounts, type ImportStep, type JobRow, type StepRecord } from './record.js';

/**
 * Import jobs as the API shows them (the response schema's type: the schema documents, checks and types it at once).
 * A job belongs to the area of the user who uploaded it: a user sees the jobs created in his subtree (a county sees
 * its villages' imports; a village clerk only his own village's).
 */
export type ImportJobDto = Static<typeof ImportJob>;

type JobRowWithUser = JobWithCreator;

/**
 * Where each step starts and ends on the progress bar, in per cent: roughly its share of the time of a 1,000,000-row
 * load (docs/performance.md). Reading moves with the bytes read, writing members with the rows written, an index
 * step with the indexes built; the others are one statement or a few and jump.
 */
const CHECK_BAR: Partial<Record<ImportStep, [number, number]>> = { read: [0, 80], file_checks: [80, 90], registry_checks: [90, 97], report: [97, 100] };
const COMMIT_BAR: Partial<Record<ImportStep, [number, number]>> = {
  registry_checks: [0, 10], households: [10, 18], households_indexes: [18, 22], members: [22, 65], members_indexes: [65, 88], history: [88, 95], report: [95, 100],
};
/** Households and members written into their indexes row by row (not a first load): no index step follows. */
const COMMIT_BAR_INDEXED: Partial<Record<ImportStep, [number, number]>> = { households: [10, 22], members: [22, 88] };

function stepOf(j: JobRowWithUser): StepRecord | null {
  return j.state === 'checking' || j.state === 'importing' ? ((j.step as StepRecord | null) ?? null) : null;
}

function percent(j: JobRowWithUser): number {
  const step = stepOf(j);
  const bar = !step ? undefined
    : j.state === 'checking' ? CHECK_BAR[step.name]
    : (step.bulk === false && COMMIT_BAR_INDEXED[step.name]) || COMMIT_BAR[step.name];
  let p: number;
  if (j.state === 'checking' || j.state === 'uploaded' || j.state === 'importing') {
    const within =
      step?.name === 'read' || (!step && j.state !== 'importing') ? (j.file_size > 0 ? Number(j.bytes_read) / j.file_size : 0)
      : step?.name === 'members' ? (j.rows_total ? j.rows_written / j.rows_total : 0)
      : step?.total ? (step.done ?? 0) / step.total
      : 0;
    const [from, to] = bar ?? (j.state === 'importing' ? [0, 0] : [0, 80]);
    p = (from + (to - from) * Math.min(1, within)) / 100;
  } else p = j.state === 'failed' || j.state === 'cancelled' ? 0 : 1;
  return Math.max(0, Math.min(100, Math.round(p * 1000) / 10));
}

function toDto(j: JobRowWithUser, lang: Lang, detail: boolean): ImportJobDto {
  const err = j.error_code ? (JSON.parse(j.error_message ?? '{}') as { zh?: string; en?: string }) : null;
  const mapping = j.mapping as { columns?: MappedColumn[] } | null;
  const override = j.mapping_override as { columns?: MappingOverride; exitYear?: number | null } | null;
  const dto: ImportJobDto = {
    id: j.id,
    state: j.state,
    fileName: j.file_name,
    fileType: j.file_type,
    fileSize: Number(j.file_size),
    encoding: j.encoding,
    sheetName: j.sheet_name,
    headerRow: j.header_row,
    mode: j.mode,
    areaCode: j.area_code,
    createdBy: j.created_by_name ?? null,
    createdAt: new Date(j.created_at).toISOString(),
    updatedAt: new Date(j.updated_at).toISOString(),
    checkedAt: j.checked_at ? new Date(j.checked_at).toISOString() : null,
    finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
    progress: { rowsTotal: j.rows_total, rowsChecked: j.rows_checked, rowsWritten: j.rows_written, bytesRead: Number(j.bytes_read), percent: percent(j), step: stepOf(j) },
    counts: fullCounts(j.counts),
    error: err ? { code: j.error_code!, message: (lang === 'en' ? err.en : err.zh) ?? j.error_code! } : null,
    reportReady: !!j.report_path && !j.files_removed_at,
    filesRemovedAt: j.files_removed_at ? new Date(j.files_removed_at).toISOString() : null,
    // Something left to cancel: a job whose files are gone can only be looked at.
    cancellable: cancellable(j as JobRow),
  };
  if (detail) {
    dto.mapping = mapping?.columns ?? null;
    dto.mappingOverride = override?.columns ?? null;
    dto.exitYear = override?.exitYear ?? null;
    const { problems, warnings } = splitProblems(j.problems as ListedProblem[] | null);
    dto.problems = problems;
    dto.warnings = warnings;
  }
  return dto;
}

/** A job the user may see (created in his subtree), or IMPORT_NOT_FOUND / OUT_OF_SCOPE. */
export async function loadVisibleJob(db: Database, scope: Scope, id: number): Promise<JobRowWithUser> {
  const j = await jobWithCreator(db, id);
  if (!j) throw new AppError('IMPORT_NOT_FOUND');
  assertInScope(j.area_code, scope);
  return j;
}

export async function getJobDto(db: Database, scope: Scope, id: number, lang: Lang): Promise<ImportJobDto> {
  return toDto(await loadVisibleJob(db, scope, id), lang, true);
}

export async function listJobs(db: Database, scope: Scope, q: { page: number; pageSize: number; state?: string; mine?: boolean; userId: number }, lang: Lang) {
  const { rows, total } = await jobsPage(db, scope, { page: q.page, pageSize: q.pageSize, state: q.state, createdBy: q.mine ? q.userId : undefined });
  return { items: rows.map((r) => toDto(r, lang, false)), total, page: q.page, pageSize: q.pageSize };
}
