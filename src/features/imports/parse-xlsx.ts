import fs from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors.js';
import type { Cell, ReadOptions, SheetRow, SheetStream } from './sheet.js';

/**
 * Streaming .xlsx reader on ExcelJS's WorkbookReader: rows are parsed from the zip as it is read, never the whole
 * workbook in memory. Merged cells keep their value in the top-left cell only (the others read as empty), which is
 * what the header detection expects. Formulas give their cached result, never the formula.
 */
/**
 * ExcelJS's streaming reader turns every zip chunk into text on its own, so a Chinese character cut between two
 * chunks becomes U+FFFD (a few names in every ten thousand). This reader hands ExcelJS text decoded across chunk
 * boundaries instead (its SAX step passes strings through unchanged): for the shared strings and for every sheet.
 */
type ReaderInternals = {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
};
const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;

async function* utf8Chunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const c of chunks) {
    const text = typeof c === 'string' ? c : decoder.write(c);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  async *_parseSharedStrings(entry: Readable) {
    const text = new PassThrough();
    text.setEncoding('utf8');
    entry.pipe(text);
    yield* base._parseSharedStrings.call(this, text);
  }

  *_parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    yield* base._parseWorksheet.call(this, utf8Chunks(iterator), sheetNo);
  }
}

export async function* readXlsx(filePath: string, opts: ReadOptions = {}): AsyncGenerator<SheetStream> {
  const input = fs.createReadStream(filePath, { highWaterMark: 1024 * 1024 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    opts.onBytes?.(bytes);
  });
  const reader = new Utf8WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell dates from numbers (a birth date typed as a date).
    styles: 'cache',
    entries: 'ignore',
  });
  let index = 0;
  try {
    for await (const ws of reader) {
      const sheet = ws as unknown as AsyncIterable<ExcelJS.Row> & { name?: string };
      yield { name: sheet.name ?? null, index: index++, rows: sheetRows(sheet) };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('IMPORT_FILE_TYPE', {}, { reason: err instanceof Error ? err.message.slice(0, 200) : 'unreadable workbook' });
  } finally {
    input.destroy();
  }
}

async function* sheetRows(ws: AsyncIterable<ExcelJS.Row>): AsyncGenerator<SheetRow> {
  try {
    for await (const row of ws) {
      const values = row.values as unknown[];
      const cells: Cell[] = new Array(Math.max(0, Math.min(values.length - 1, 500)));
      for (let i = 1; i <= cells.length; i++) cells[i - 1] = toCell(values[i]);
      yield { rowNo: row.number, cells };
    }
  } catch (err) {
    throw new AppError('IMPORT_FILE_TYPE', {}, { reason: err instanceof Error ? err.message.slice(0, 200) : 'unreadable worksheet' });
  }
}

/** ExcelJS cell values → plain cells: rich text joined, formulas by their result, hyperlinks by their text. */
export function toCell(v: unknown): Cell {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return toCell(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return null;
  }
  return String(v);
}
