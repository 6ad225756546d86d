import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.js';
import type { Cell, ReadOptions, SheetRow, SheetStream } from './sheet.js';
import { openZipEntry, zipEntries, type ZipEntry } from './zip.js';

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
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
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

/**
 * Its parts are opened through the zip's directory (zip.ts), in the order the reader needs them — the workbook's
 * relationships, the workbook, the shared strings and the styles first, then the sheets in the workbook's order —
 * instead of ExcelJS's front-to-back pass over the zip stream, which now and then lost the archive's last part. A
 * sheet also no longer waits in a temporary file when the shared strings come after it (as Excel writes them).
 */
class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  private opened: Readable[] = [];

  constructor(
    private filePath: string,
    private onRead: (bytes: number) => void,
    options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
  ) {
    super(filePath, options);
  }

  private async open(entry: ZipEntry): Promise<Readable> {
    const stream = await openZipEntry(this.filePath, entry, this.onRead);
    this.opened.push(stream);
    return stream;
  }

  async *parse(): AsyncGenerator<unknown> {
    const entries = await zipEntries(this.filePath);
    const self = this as unknown as ReaderInternals & { model?: { sheets?: { rId: string }[] }; workbookRels?: Rel[] };
    const part = (name: string | undefined) => (name === undefined ? undefined : entries.get(name));
    const relsPart = part('xl/_rels/workbook.xml.rels');
    if (relsPart) await self._parseRels(await this.open(relsPart));
    const rels = self.workbookRels ?? [];
    // Parts where the workbook's relationships say (an absolute target, a folder of its own), else where Excel puts them.
    const related = (type: string, usual: string) => {
      const rel = rels.find((r) => isType(r, type));
      return (rel && part(partPath(rel.Target))) ?? part(usual);
    };
    const workbook = part('xl/workbook.xml');
    if (workbook) await self._parseWorkbook(await this.open(workbook));
    const strings = related('sharedStrings', 'xl/sharedStrings.xml');
    if (strings) yield* self._parseSharedStrings(await this.open(strings));
    const styles = related('styles', 'xl/styles.xml');
    if (styles) await self._parseStyles(await this.open(styles));
    for (const [no, entry] of sheetOrder(entries, rels, self.model?.sheets ?? [])) yield* self._parseWorksheet(await this.open(entry), no);
  }

  close(): void {
    for (const s of this.opened) s.destroy();
  }

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

type Rel = { Id: string; Type?: string; Target: string };

const SHEET_FILE = /^xl\/worksheets\/sheet(\d+)\.xml$/;

function isType(rel: Rel, type: string): boolean {
  return !!rel.Type && rel.Type.endsWith(`/${type}`);
}

/** A relationship's target as a name in the zip: from the root when it starts with '/', else from the folder xl/. */
export function partPath(target: string): string {
  const out: string[] = [];
  for (const p of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

/**
 * The worksheets to read, each with the number ExcelJS knows it by: the workbook's sheets in its tab order, then any
 * xl/worksheets/sheetN.xml it does not list. ExcelJS names a sheet only when its relationship's target reads exactly
 * `worksheets/sheetN.xml`; other writers give absolute targets (`/xl/worksheets/sheet1.xml`) or names of their own
 * (`worksheets/data.xml`), so those relationships are rewritten to that form (a number of its own for a name that
 * has none), and the sheet keeps its name.
 */
function sheetOrder(entries: Map<string, ZipEntry>, rels: Rel[], sheets: { rId: string }[]): [string, ZipEntry][] {
  const order: [string, ZipEntry][] = [];
  const used = new Set<string>();
  const taken = new Set([...entries.keys()].map((name) => SHEET_FILE.exec(name)?.[1]).filter((n): n is string => !!n));
  let spare = Math.max(0, ...[...taken].map(Number));
  for (const sheet of sheets) {
    const rel = rels.find((r) => r.Id === sheet.rId);
    if (!rel || (rel.Type ? !isType(rel, 'worksheet') : !rel.Target.includes('worksheets/'))) continue;
    const name = partPath(rel.Target);
    const entry = entries.get(name);
    if (!entry || used.has(name)) continue;
    const no = SHEET_FILE.exec(name)?.[1] ?? String(++spare);
    rel.Target = `worksheets/sheet${no}.xml`;
    used.add(name);
    order.push([no, entry]);
  }
  const rest = [...entries.keys()].filter((name) => SHEET_FILE.test(name) && !used.has(name));
  rest.sort((a, b) => Number(SHEET_FILE.exec(a)![1]) - Number(SHEET_FILE.exec(b)![1]));
  for (const name of rest) order.push([SHEET_FILE.exec(name)![1]!, entries.get(name)!]);
  return order;
}

export async function* readXlsx(filePath: string, opts: ReadOptions = {}): AsyncGenerator<SheetStream> {
  let bytes = 0;
  const onRead = (n: number) => {
    bytes += n;
    opts.onBytes?.(bytes);
  };
  const reader = new Utf8WorkbookReader(filePath, onRead, {
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
    reader.close();
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
    if (err instanceof AppError) throw err; // a zip bomb found while inflating the sheet (zip.ts)
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
