import type { FieldCipher } from '../../../core/field-crypto.js';
import { AppError } from '../errors.js';
import type { Database } from '../../../db/database.js';
import type { Actor } from '../../../server/context.js';
import { detectHeader, FIELDS, HEADER_SCAN_ROWS, type FieldKey, type HeaderResult, type MappingOverride } from '../map/header.js';
import { createRowMapper, type RowMapper } from '../map/map-row.js';
import type { StagedRow } from '../map/staged-row.js';
import { VillageResolver } from '../map/village.js';
import type { FileInfo } from '../parse/sniff.js';
import { cellText, isEmptyRow, readSheets, type SheetRow } from '../parse/sheet.js';
import { createStage, insertRows } from './repo/stage.js';

/**
 * The dry run's first phase: stream the file, find the header on the first sheet that has one, map every row below it
 * and stage the rows in chunks (import_stage.job_<id>). Memory does not grow with the file.
 */
export const MAX_ROWS = 1_000_000;
const CHUNK = 5_000;
const INSERTS_IN_FLIGHT = 2;

export interface StagedFile {
  header: HeaderResult;
  sheetIndex: number;
  sheetName: string | null;
  /** Data rows staged. */
  rows: number;
  /** Empty lines and note lines below the header. */
  blankRows: number;
  /** Cells of the widest row (the report's added columns go after it). */
  widest: number;
}

export interface StageInput {
  db: Database;
  cipher: FieldCipher;
  jobId: number;
  filePath: string;
  info: FileInfo;
  actor: Actor | null;
  override: { columns?: MappingOverride; headerRow?: number | null; exitYear?: number | null };
  /** After each chunk: the rows staged so far and the bytes of the file read (progress, and the cancel's check). */
  onChunk: (rows: number, bytes: number) => Promise<void>;
}

export async function readAndStage(input: StageInput): Promise<StagedFile> {
  const inserts = new ChunkInserts(input.db, input.jobId);
  let bytes = 0;
  try {
    for await (const sheet of readSheets(input.filePath, input.info, { onBytes: (b) => (bytes = b) })) {
      const it = sheet.rows[Symbol.asyncIterator]();
      const head = await headRows(it);
      const header = detectHeader(head, input.override.columns, input.override.headerRow ?? undefined);
      if (!header) continue;
      assertRequiredColumns(header);
      await createStage(input.db, input.jobId);
      const villages = await VillageResolver.load(input.db, input.actor ? input.actor.user : null);
      // No area tree at all: every row's village would be "unknown" — one message for the file, saying what to do.
      if (villages.size === 0) throw new AppError('IMPORT_NO_AREAS');
      const sheetRows = new SheetRows(header, createRowMapper(header, villages, input.cipher, undefined, { exitYear: input.override.exitYear }));
      const take = async (row: SheetRow) => {
        const staged = sheetRows.take(row);
        if (!staged) return;
        const chunk = sheetRows.chunkOf(CHUNK);
        if (chunk) {
          await inserts.submit(chunk);
          await input.onChunk(sheetRows.rows, bytes);
        }
      };
      for (const row of head) await take(row);
      for (let n = await it.next(); !n.done; n = await it.next()) await take(n.value);
      await inserts.submit(sheetRows.chunkOf(0) ?? []);
      await inserts.finish();
      if (sheetRows.rows === 0) throw new AppError('IMPORT_FILE_EMPTY');
      return { header, sheetIndex: sheet.index, sheetName: sheet.name, rows: sheetRows.rows, blankRows: sheetRows.blankRows, widest: sheetRows.widest };
    }
  } catch (err) {
    // Stopped (a bad row limit, a cancel, a broken file): the chunk inserts still running finish first, so that
    // nothing writes to the staging table after the caller has dropped it.
    await inserts.settle();
    throw err;
  }
  throw new AppError('IMPORT_NO_HEADER');
}

/** The first 20 non-empty rows (empty ones are kept too: they are counted as blank below the header). */
async function headRows(it: AsyncIterator<SheetRow>): Promise<SheetRow[]> {
  const head: SheetRow[] = [];
  for (let filled = 0; filled < HEADER_SCAN_ROWS; ) {
    const n = await it.next();
    if (n.done) break;
    head.push(n.value);
    if (!isEmptyRow(n.value.cells)) filled++;
  }
  return head;
}

function assertRequiredColumns(h: HeaderResult): void {
  const missing = (['householdNo', 'relation'] as FieldKey[]).filter((k) => h.index[k] === undefined);
  if (h.index.village === undefined && h.index.villageCode === undefined) missing.push('village');
  if (h.index.idNumber === undefined || h.index.name === undefined) throw new AppError('IMPORT_NO_HEADER');
  if (missing.length) {
    throw new AppError('IMPORT_MAPPING_INVALID', { reason: `缺少必需的列 missing columns: ${missing.map((k) => `${FIELDS[k].zh} (${FIELDS[k].en})`).join('、')}` });
  }
}

/** The sheet's rows below the header: blank and note lines counted, data rows mapped into the chunk being filled. */
class SheetRows {
  rows = 0;
  blankRows = 0;
  widest: number;
  private chunk: StagedRow[] = [];
  private readonly header: HeaderResult;
  private readonly mapper: RowMapper;
  private readonly idCol: number;
  private readonly nameCol: number;

  constructor(header: HeaderResult, mapper: RowMapper) {
    this.header = header;
    this.mapper = mapper;
    this.idCol = header.index.idNumber!;
    this.nameCol = header.index.name!;
    this.widest = header.columns.length;
  }

  /** Whether the row was a data row (mapped). */
  take(row: SheetRow): boolean {
    if (row.rowNo < this.header.dataStartRow) return false;
    if (row.cells.length > this.widest) this.widest = row.cells.length;
    if (isEmptyRow(row.cells) || this.isNote(row)) {
      this.blankRows++;
      return false;
    }
    if (++this.rows > MAX_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS', { limit: MAX_ROWS.toLocaleString('en') });
    this.chunk.push(this.mapper.map(row.rowNo, row.cells));
    return true;
  }

  /** The chunk, once it has at least `size` rows (0: whatever it has); the next one starts empty. */
  chunkOf(size: number): StagedRow[] | undefined {
    if (this.chunk.length < size) return undefined;
    const rows = this.chunk;
    this.chunk = [];
    return rows;
  }

  /** A note or total line under the table (填表人：…, 合计): no ID number, no name, hardly anything else. */
  private isNote(row: SheetRow): boolean {
    return !cellText(row.cells[this.idCol]) && !cellText(row.cells[this.nameCol]) && row.cells.filter((c) => cellText(c)).length <= 2;
  }
}

/** Up to INSERTS_IN_FLIGHT chunk inserts run on their own connections while the next chunk is parsed and encrypted. */
class ChunkInserts {
  private readonly inflight = new Set<Promise<void>>();
  private readonly db: Database;
  private readonly jobId: number;

  constructor(db: Database, jobId: number) {
    this.db = db;
    this.jobId = jobId;
  }

  async submit(rows: StagedRow[]): Promise<void> {
    while (this.inflight.size >= INSERTS_IN_FLIGHT) await Promise.race(this.inflight);
    const p: Promise<void> = insertRows(this.db, this.jobId, rows).then(() => {
      this.inflight.delete(p);
    });
    p.catch(() => {});
    this.inflight.add(p);
  }

  /** Every insert done; the first failure is thrown. */
  async finish(): Promise<void> {
    await Promise.all(this.inflight);
  }

  /** Every insert ended, failed or not. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inflight);
  }
}
