import fs from 'node:fs';
import iconv from 'iconv-lite';
import type { TextEncoding } from './sniff.js';
import type { Cell, ReadOptions, SheetRow } from './sheet.js';

/**
 * Streaming CSV reader (RFC 4180: quoted fields with "" escapes and line breaks inside, CRLF or LF), in UTF-8 (BOM
 * stripped), GB18030/GBK or UTF-16. The delimiter (comma, tab or semicolon) is taken from the first lines. Memory is
 * one chunk of the file plus the rows of that chunk, whatever the file's size.
 */
const QUOTE = 34;
const LF = 10;
const CR = 13;
const MAX_CELLS = 500;

interface Decoder {
  write(b: Buffer): string;
  end(): string;
}

function decoderFor(encoding: TextEncoding): Decoder {
  if (encoding === 'utf-8') {
    const d = new TextDecoder('utf-8');
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
  }
  const d = iconv.getDecoder(encoding === 'gb18030' ? 'gb18030' : encoding === 'utf-16le' ? 'utf16le' : 'utf16be');
  return { write: (b) => d.write(b), end: () => d.end() ?? '' };
}

export function detectDelimiter(text: string): number {
  const lines = text.split(/\r?\n/, 20).join('\n');
  let best = 44; // ','
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const n = lines.split(d).length - 1;
    if (n > bestCount) {
      best = d.charCodeAt(0);
      bestCount = n;
    }
  }
  return best;
}

const enum S {
  Start,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/** The parser's state machine; `push` a decoded chunk, get the rows it completed. */
export class CsvParser {
  private state = S.Start;
  private field = '';
  private row: string[] = [];
  private skipLf = false;
  private rowNo = 0;
  delimiter: number | undefined;

  constructor(delimiter?: number) {
    this.delimiter = delimiter;
  }

  push(text: string, out: SheetRow[]): void {
    if (this.delimiter === undefined) this.delimiter = detectDelimiter(text);
    const delim = this.delimiter;
    const delimiter = String.fromCharCode(delim);
    const n = text.length;
    let start = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case S.Start:
          if (this.skipLf) {
            this.skipLf = false;
            if (c === LF) continue;
          }
          if (this.row.length === 0) {
            // A whole line without quotes (most lines of most files) is split in one native call, a third of the
            // cost of walking it character by character.
            const nl = text.indexOf('\n', i);
            if (nl >= 0) {
              const end = nl > i && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
              const line = text.slice(i, end);
              if (line.indexOf('"') < 0 && line.indexOf('\r') < 0) {
                const cells = line.split(delimiter);
                if (cells.length > MAX_CELLS) cells.length = MAX_CELLS;
                out.push({ rowNo: ++this.rowNo, cells });
                i = nl;
                continue;
              }
            }
          }
          if (c === QUOTE) {
            this.state = S.Quoted;
            start = i + 1;
          } else if (c === delim) {
            this.endField();
          } else if (c === LF || c === CR) {
            this.endField();
            this.endRow(out);
            this.skipLf = c === CR;
          } else {
            this.state = S.Unquoted;
            start = i;
          }
          break;
        case S.Unquoted:
          if (c === delim) {
            this.field += text.slice(start, i);
            this.endField();
            this.state = S.Start;
          } else if (c === LF || c === CR) {
            this.field += text.slice(start, i);
            this.endField();
            this.endRow(out);
            this.state = S.Start;
            this.skipLf = c === CR;
          }
          break;
        case S.Quoted:
          if (c === QUOTE) {
            this.field += text.slice(start, i);
            this.state = S.QuoteInQuoted;
          }
          break;
        case S.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = S.Quoted;
            start = i + 1;
          } else if (c === delim) {
            this.endField();
            this.state = S.Start;
          } else if (c === LF || c === CR) {
            this.endField();
            this.endRow(out);
            this.state = S.Start;
            this.skipLf = c === CR;
          } else {
            // "abc"def — lenient: keep the rest as unquoted text of the same field.
            this.state = S.Unquoted;
            start = i;
          }
          break;
      }
    }
    if (this.state === S.Unquoted || this.state === S.Quoted) this.field += text.slice(start);
  }

  end(out: SheetRow[]): void {
    if (this.state !== S.Start || this.row.length > 0 || this.field !== '') {
      this.endField();
      this.endRow(out);
    }
    this.state = S.Start;
  }

  private endField() {
    if (this.row.length < MAX_CELLS) this.row.push(this.field);
    this.field = '';
  }

  private endRow(out: SheetRow[]) {
    this.rowNo++;
    out.push({ rowNo: this.rowNo, cells: this.row as Cell[] });
    this.row = [];
  }
}

export async function* readCsv(filePath: string, encoding: TextEncoding, opts: ReadOptions = {}): AsyncGenerator<SheetRow> {
  const stream = fs.createReadStream(filePath, { highWaterMark: 1024 * 1024, signal: opts.signal });
  const decoder = decoderFor(encoding);
  const parser = new CsvParser();
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      const out: SheetRow[] = [];
      parser.push(decoder.write(chunk), out);
      opts.onBytes?.(bytes);
      yield* out;
    }
    const out: SheetRow[] = [];
    const rest = decoder.end();
    if (rest) parser.push(rest, out);
    parser.end(out);
    yield* out;
  } finally {
    stream.destroy();
  }
}
