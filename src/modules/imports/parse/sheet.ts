import type { FileInfo } from './sniff.js';
import { readCsv } from './parse-csv.js';
import { readXlsx } from './parse-xlsx.js';

/** One cell as a parser gives it: CSV gives text; .xlsx also numbers, dates and booleans. */
export type Cell = string | number | boolean | Date | null;

/** One row of the sheet with its row number as the user sees it (1-based, title rows included). */
export interface SheetRow {
  rowNo: number;
  cells: Cell[];
}

export interface ReadOptions {
  /** Called with the bytes of the file read so far (progress of the dry run). */
  onBytes?: (bytes: number) => void;
  /** .xlsx: which worksheet (0-based, in file order); the first one with a header is found by the caller. */
  sheetIndex?: number;
  signal?: AbortSignal;
}

/** A worksheet of the file: its name (xlsx) and its rows, streamed. */
export interface SheetStream {
  name: string | null;
  index: number;
  rows: AsyncIterable<SheetRow>;
}

/** Every worksheet of the file in order (a CSV has one), each streamed; never the whole file in memory. */
export function readSheets(filePath: string, info: FileInfo, opts: ReadOptions = {}): AsyncIterable<SheetStream> {
  if (info.type === 'csv') {
    return (async function* () {
      yield { name: null, index: 0, rows: readCsv(filePath, info.encoding, opts) };
    })();
  }
  return readXlsx(filePath, opts);
}

/** The text of a cell as a person reads it: numbers without exponent, dates as YYYY-MM-DD, trimmed. */
export function cellText(c: Cell | undefined): string {
  if (c == null) return '';
  if (typeof c === 'string') return c.trim();
  if (typeof c === 'number') return Number.isInteger(c) && Math.abs(c) < 1e21 ? BigInt(c).toString() : String(c);
  if (typeof c === 'boolean') return c ? '是' : '否';
  return isoDate(c);
}

export function isoDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

export function isEmptyRow(cells: Cell[]): boolean {
  for (const c of cells) if (c != null && (typeof c !== 'string' || c.trim() !== '')) return false;
  return true;
}
