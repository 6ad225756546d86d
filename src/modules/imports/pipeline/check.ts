import { sql } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { scopePrefix } from '../../../core/scope.js';
import { columnLabel, detectHeader, FIELDS, HEADER_SCAN_ROWS, type FieldKey, type HeaderResult, type MappingOverride } from '../map/header.js';
import { createRowMapper, type StagedRow } from '../map/map-row.js';
import { cellText, isEmptyRow, readSheets, type SheetRow } from '../parse/sheet.js';
import { sniffFile } from '../parse/sniff.js';
import { createStage, dropStage, finishLoad, firstProblems, insertRows, mappedColumns, registryChecks, stageCounts } from './stage.js';
import { VillageResolver } from '../map/village.js';
import { phaseClock } from './timing.js';
import {
  fail, jobActor, loadJob, onJobConnection, progressWriter,
  type ImportCounts, type ImportDeps, type ImportProgress, type JobRow, type StoredMapping,
} from '../job/record.js';
import { writeJobReport } from '../report/job-report.js';

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

