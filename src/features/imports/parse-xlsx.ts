import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors.js';
import type { Cell, ReadOptions, SheetRow, SheetStream } from './sheet.js';

/**
 * Streaming .xlsx reader on ExcelJS's WorkbookReader: rows are parsed from the zip as it is read, never the whole
 * workbook in memory. Merged cells keep their value in the top-left cell only (the others read as empty), which is
 * what the header detection expects. Formulas give their cached result, never the formula.
 */
export async function* readXlsx(filePath: string, opts: ReadOptions = {}): AsyncGenerator<SheetStream> {
  const input = fs.createReadStream(filePath, { highWaterMark: 1024 * 1024 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    opts.onBytes?.(bytes);
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
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
