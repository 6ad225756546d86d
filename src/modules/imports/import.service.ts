import path from 'node:path';
import { sql } from 'kysely';
import { AppError } from './errors.js';
import { scopePrefix } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { columnLabel, detectHeader, FIELDS, HEADER_SCAN_ROWS, type FieldKey, type HeaderResult, type MappingOverride } from './header.js';
import { createRowMapper, type StagedRow } from './map-row.js';
import { writeReport } from './report.js';
import { cellText, isEmptyRow, readSheets, type SheetRow } from './sheet.js';
import { sniffFile } from './sniff.js';
import { createStage, dropStage, finishLoad, firstProblems, insertRows, mappedColumns, registryChecks, rowOutcomes, stageCounts, stageExists } from './stage.js';
import { writeStage } from './commit.js';
import { VillageResolver } from './village.js';
import { phaseClock } from './timing.js';
import {
  createJob, fail, importsDir, jobActor, jobSummary, loadJob, onJobConnection, progressWriter,
  type ImportCounts, type ImportDeps, type ImportMode, type ImportProgress, type ImportSummary, type JobRow, type StoredMapping,
} from './job-record.js';

export { cleanupImports, createJob, importsDir, jobSummary, storedFileName } from './job-record.js';
export type { ImportCounts, ImportDeps, ImportMode, ImportProgress, ImportStep, ImportSummary, JobState } from './job-record.js';

/**
 * The import pipeline (农户信息导入), the same for the web (a background job) and the command line (synchronous):
 *   check (dry run): stream the file → find the header → map and validate each row → stage it in chunks →
 *                    set-based checks across rows and against the registry → counts, problems, report;
 *   commit:          one transaction: the registry checks again, then set-based writes, totals, history, one audit
 *                    entry. all_or_nothing refuses a file with any bad row; valid_only skips a household with one.
 */
export const MAX_ROWS = 1_000_000;
const CHUNK = 5_000;
const INSERTS_IN_FLIGHT = 2;
const IMPORT_LOCK = 707_003;

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
  const job = await loadJob(deps.db, jobId);
  await deps.db
    .updateTable('import_jobs')
    .set({ state: 'checking', rows_checked: 0, rows_written: 0, bytes_read: 0, step: null, error_code: null, error_message: null, counts: null, problems: null, updated_at: sql`now()` })
    .where('id', '=', jobId)
    .execute();
  try {
    await check(deps, job, opts);
  } catch (err) {
    await dropStage(deps.db, jobId).catch(() => {});
    await fail(deps, jobId, err);
    throw err;
  }
}

async function check(deps: ImportDeps, job: JobRow, opts: CheckOptions): Promise<void> {
  const { db, cipher } = deps;
  const actor = jobActor(job);
  const info = await sniffFile(job.file_path);
  const override = (job.mapping_override ?? {}) as { columns?: MappingOverride; headerRow?: number | null };
  const progress = progressWriter(deps, job.id, opts.onProgress);
  const mark = phaseClock(`check ${job.id}`);
  let bytes = 0;
  const state: ImportProgress = { phase: 'checking', step: 'read', rowsChecked: 0, rowsWritten: 0, rowsTotal: null, bytesRead: 0, fileSize: info.size };

  let header: HeaderResult | undefined;
  let sheetIndex = 0;
  let sheetName: string | null = null;
  let rowsSeen = 0;
  let blankRows = 0;
  let widest = 0;
  // Up to INSERTS_IN_FLIGHT chunk inserts run on their own connections while the next chunk is parsed and encrypted.
  const inflight = new Set<Promise<void>>();
  const submit = async (rows: StagedRow[]) => {
    while (inflight.size >= INSERTS_IN_FLIGHT) await Promise.race(inflight);
    const p: Promise<void> = insertRows(db, job.id, rows).then(() => {
      inflight.delete(p);
    });
    p.catch(() => {});
    inflight.add(p);
  };
  let chunk: StagedRow[] = [];

  try {
    for await (const sheet of readSheets(job.file_path, info, { onBytes: (b) => (bytes = b) })) {
      const it = sheet.rows[Symbol.asyncIterator]();
      // The first 20 non-empty rows (empty ones are kept too: they are counted as blank below the header).
      const head: SheetRow[] = [];
      for (let filled = 0; filled < HEADER_SCAN_ROWS; ) {
        const n = await it.next();
        if (n.done) break;
        head.push(n.value);
        if (!isEmptyRow(n.value.cells)) filled++;
      }
      header = detectHeader(head, override.columns, override.headerRow ?? undefined);
      if (!header) continue;
      sheetIndex = sheet.index;
      sheetName = sheet.name;
      const h = header;
      const missing = (['householdNo', 'relation'] as FieldKey[]).filter((k) => h.index[k] === undefined);
      if (h.index.village === undefined && h.index.villageCode === undefined) missing.push('village');
      if (h.index.idNumber === undefined || h.index.name === undefined) throw new AppError('IMPORT_NO_HEADER');
      if (missing.length) {
        throw new AppError('IMPORT_MAPPING_INVALID', { reason: `缺少必需的列 missing columns: ${missing.map((k) => `${FIELDS[k].zh} (${FIELDS[k].en})`).join('、')}` });
      }

      await createStage(db, job.id);
      const villages = await VillageResolver.load(db, actor ? actor.user : null);
      const mapper = createRowMapper(h, villages, cipher);
      const idCol = h.index.idNumber!;
      const nameCol = h.index.name!;
      widest = h.columns.length;

      const take = async (row: SheetRow) => {
        if (row.rowNo < h.dataStartRow) return;
        if (row.cells.length > widest) widest = row.cells.length;
        if (isEmptyRow(row.cells)) {
          blankRows++;
          return;
        }
        // A note or total line under the table (填表人：…, 合计): no ID number, no name, hardly anything else.
        if (!cellText(row.cells[idCol]) && !cellText(row.cells[nameCol]) && row.cells.filter((c) => cellText(c)).length <= 2) {
          blankRows++;
          return;
        }
        if (++rowsSeen > MAX_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS', { limit: MAX_ROWS.toLocaleString('en') });
        chunk.push(mapper.map(row.rowNo, row.cells));
        if (chunk.length >= CHUNK) {
          const rows = chunk;
          chunk = [];
          await submit(rows);
          state.rowsChecked = rowsSeen;
          state.bytesRead = bytes;
          await progress(state);
        }
      };
      for (const row of head) await take(row);
      for (;;) {
        const n = await it.next();
        if (n.done) break;
        await take(n.value);
      }
      break;
    }
  } catch (err) {
    // Stopped (a bad row limit, a cancel, a broken file): the chunk inserts still running finish first, so that
    // nothing writes to the staging table after the caller has dropped it.
    await Promise.allSettled(inflight);
    throw err;
  }
  if (!header) throw new AppError('IMPORT_NO_HEADER');
  await submit(chunk);
  await Promise.all(inflight);
  if (rowsSeen === 0) throw new AppError('IMPORT_FILE_EMPTY');
  state.rowsChecked = rowsSeen;
  state.rowsTotal = rowsSeen;
  state.bytesRead = info.size;
  await progress(state, true);

  const h = header;
  const labels = {
    idNumber: columnLabel(h, 'idNumber'),
    householdNo: columnLabel(h, 'householdNo'),
    relation: columnLabel(h, 'relation'),
    village: columnLabel(h, h.index.villageCode !== undefined && h.index.village === undefined ? 'villageCode' : 'village'),
  };
  mark('read, map, stage');
  // The phases below are one statement or a few each (up to ~10 s at 1,000,000 rows), on the job's named connection:
  // a cancel interrupts the statement running (onJobConnection), and is noticed between the phases.
  const fields = h.columns.filter((c) => c.field).map((c) => c.field!) as FieldKey[];
  let counts: ImportCounts | { blankRows: number } = { blankRows };
  let problems: unknown[] = [];
  await onJobConnection(db, job.id, async (conn) => {
    state.step = 'file_checks';
    await progress(state, true);
    await finishLoad(conn, job.id, labels);
    mark('file checks');
    if (opts.commitNext) return;
    state.step = 'registry_checks';
    await progress(state, true);
    await registryChecks(conn, job.id, { prefix: actor ? scopePrefix(actor.user) : '' }, mappedColumns(fields), labels);
    await progress(state, true);
    mark('registry checks');
    const c = { ...(await stageCounts(conn, job.id)), blankRows };
    counts = c;
    // Problems are exactly the rows in error: none, nothing to look for (a scan of every row at a million).
    problems = c.rows.error ? await firstProblems(conn, job.id) : [];
    mark('counts');
  });
  const mapping: StoredMapping = { sheetIndex, headerRow: h.headerRow, dataStartRow: h.dataStartRow, statusColumn: widest, columns: h.columns, index: h.index };
  await db
    .updateTable('import_jobs')
    .set({
      mapping: JSON.stringify(mapping),
      header_row: h.headerRow,
      sheet_name: sheetName,
      file_type: info.type,
      encoding: info.type === 'csv' ? info.encoding : null,
      rows_total: rowsSeen,
      rows_checked: rowsSeen,
      bytes_read: info.size,
      counts: JSON.stringify(counts),
      problems: JSON.stringify(problems),
      checked_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('id', '=', job.id)
    .execute();
  if (opts.report !== false) {
    const report: ImportProgress = { ...state, phase: 'report', step: 'report' };
    await progress(report, true);
    await writeJobReport(deps, job.id, false, () => progress(report));
  }
  await db.updateTable('import_jobs').set({ state: 'checked', updated_at: sql`now()` }).where('id', '=', job.id).execute();
}

/** Writes (or rewrites) the job's .xlsx report next to the upload, from the file and the staging tables. */
export async function writeJobReport(deps: ImportDeps, jobId: number, final: boolean, checkpoint?: () => Promise<void>): Promise<string> {
  const job = await loadJob(deps.db, jobId);
  const mapping = job.mapping as StoredMapping | null;
  if (!mapping) throw new AppError('IMPORT_REPORT_MISSING');
  const info = await sniffFile(job.file_path);
  const outPath = job.report_path ?? path.join(importsDir(deps.config), `${path.basename(job.file_path).replace(/\.[^.]+$/, '')}-${job.id}.report.xlsx`);
  const c = job.counts as ImportCounts | null;
  const summary: [string, string | number][] = [
    ['文件 File', job.file_name],
    ['导入任务 Job', job.id],
    ['数据行 Rows', c?.rows.total ?? 0],
    ['新增 New', c?.rows.new ?? 0],
    ['更新 Updated', c?.rows.updated ?? 0],
    ['无变化 Unchanged', c?.rows.unchanged ?? 0],
    ['错误 Errors', c?.rows.error ?? 0],
    ['因同户错误未导入 Skipped with their household', c?.rows.skipped ?? 0],
    ['空行/备注行 Blank rows', c?.blankRows ?? 0],
    ['户数 Households', c?.households.total ?? 0],
    ['状态 State', final ? '已导入 imported' : '预检 dry run'],
  ];
  await writeReport({
    filePath: job.file_path,
    info,
    sheetIndex: mapping.sheetIndex,
    headerRow: mapping.headerRow,
    statusColumn: mapping.statusColumn,
    outcomes: rowOutcomes(deps.db, jobId),
    outPath,
    final,
    summary,
    checkpoint,
  });
  await deps.db.updateTable('import_jobs').set({ report_path: outPath, updated_at: sql`now()` }).where('id', '=', jobId).execute();
  return outPath;
}

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

export interface ImportFileOptions {
  mode?: ImportMode;
  /** Check only: nothing is written to the registry. */
  dryRun?: boolean;
  mapping?: MappingOverride;
  headerRow?: number;
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
  const jobId = await createJob(deps, actor, { fileName: path.basename(filePath), filePath: path.resolve(filePath), info, override: opts.mapping, headerRow: opts.headerRow });
  const mode = opts.mode ?? 'all_or_nothing';
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

