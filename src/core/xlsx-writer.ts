import { once } from 'node:events';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * A minimal streaming .xlsx writer for the import report and the household export: inline strings, numbers, booleans, two styles (normal and
 * bold red), frozen header rows and column widths. Rows go straight into a deflate stream inside a zip written with
 * data descriptors, so memory stays flat and a million rows take seconds, not minutes (ExcelJS's writer builds an
 * object per cell). Files up to 4 GB (no ZIP64).
 */
export type XCell = string | number | boolean | null | undefined;

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const COLS: string[] = [];
export function columnName(i: number): string {
  let name = COLS[i];
  if (name) return name;
  name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  COLS[i] = name;
  return name;
}

// Characters XML 1.0 forbids are dropped; the five specials escaped.
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const SPECIAL = /[&<>"]/g;
// eslint-disable-next-line no-control-regex
const ANY = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export function xmlText(s: string): string {
  // Most cells have nothing to escape: one test instead of two replaces (a million-row report: 44 million cells).
  if (!ANY.test(s)) return s;
  return s.replace(INVALID, '').replace(SPECIAL, (c) => ENTITY[c]!);
}

const NOW = new Date();
const DOS_TIME = (NOW.getHours() << 11) | (NOW.getMinutes() << 5) | Math.floor(NOW.getSeconds() / 2);
const DOS_DATE = ((NOW.getFullYear() - 1980) << 9) | ((NOW.getMonth() + 1) << 5) | NOW.getDate();

interface EntryRecord {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const CLOSED = 'the output closed before the workbook was finished';

/** Resolves at the output's next 'drain'; rejects if it closes first. */
function drainOrClose(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error(CLOSED));
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

export class XlsxWriter {
  private offset = 0;
  private entries: EntryRecord[] = [];
  private sheets: string[] = [];
  private filters: { sheetIndex: number; ref: string }[] = [];
  private busy = false;
  private deflate: zlib.DeflateRaw | undefined;
  private finished = false;

  constructor(private out: Writable) {
    // A reader that goes away midway (an export's client disconnecting) must not leave a write waiting for a 'drain'
    // that never comes: the entry being written fails instead.
    out.once('close', () => {
      if (!this.finished) this.deflate?.destroy(new Error(CLOSED));
    });
  }

  /**
   * Stops the entry being written, for a caller that gives up midway (a cancelled dry run, a failed read): the
   * compressor still holds input and would go on writing it to `out` after the caller destroyed it, and such a
   * write's error has no listener — it would end the process.
   */
  abort(): void {
    this.deflate?.removeAllListeners('data');
    this.deflate?.destroy();
    this.deflate = undefined;
  }

  private async raw(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    if (this.out.destroyed) throw new Error(CLOSED);
    if (!this.out.write(buf)) await drainOrClose(this.out);
  }

  /** Starts one zip entry; returns a writer of its (uncompressed) content and a finisher. */
  private async openEntry(name: string) {
    if (this.busy) throw new Error('one entry at a time');
    this.busy = true;
    const nameBuf = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt16LE(nameBuf.length, 26);
    const rec: EntryRecord = { name: nameBuf, crc: 0, compressed: 0, size: 0, offset: this.offset };
    await this.raw(Buffer.concat([header, nameBuf]));
    const deflate = zlib.createDeflateRaw({ level: 1 });
    this.deflate = deflate;
    deflate.on('data', (chunk: Buffer) => {
      rec.compressed += chunk.length;
      this.offset += chunk.length;
      if (!this.out.write(chunk)) {
        deflate.pause();
        this.out.once('drain', () => deflate.resume());
      }
    });
    const ended = once(deflate, 'end');
    ended.catch(() => {}); // an entry given up (abort, the output gone) is never closed: its 'end' is not awaited
    const write = async (s: string) => {
      // Given up (abort) or the output gone: writing on would be lost, and a caller waiting for 'drain' would wait forever.
      if (deflate.destroyed) throw new Error(CLOSED);
      const b = Buffer.from(s, 'utf8');
      rec.crc = zlib.crc32(b, rec.crc);
      rec.size += b.length;
      if (!deflate.write(b)) await once(deflate, 'drain');
    };
    const close = async () => {
      deflate.end();
      await ended;
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(rec.crc >>> 0, 4);
      dd.writeUInt32LE(rec.compressed, 8);
      dd.writeUInt32LE(rec.size, 12);
      await this.raw(dd);
      if (this.offset > 0xffffffff || rec.size > 0xffffffff) throw new Error('workbook larger than 4 GB');
      this.entries.push(rec);
      this.deflate = undefined;
      this.busy = false;
    };
    return { write, close };
  }

  private async file(name: string, content: string): Promise<void> {
    const e = await this.openEntry(name);
    await e.write(content);
    await e.close();
  }

  /** Adds a worksheet; write its rows in increasing row order, then `end()` it before the next one. */
  /**
   * `autoFilter`: the header row (1-based) and the number of columns that get Excel's filter buttons; the range runs
   * to the last row written.
   */
  async addSheet(name: string, opts: { frozenRows?: number; widths?: Record<number, number>; autoFilter?: { row: number; columns: number } } = {}) {
    this.sheets.push(name);
    const sheetIndex = this.sheets.length - 1;
    const e = await this.openEntry(`xl/worksheets/sheet${this.sheets.length}.xml`);
    let head = `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">`;
    if (opts.frozenRows) {
      const top = `A${opts.frozenRows + 1}`;
      head += `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${opts.frozenRows}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/></sheetView></sheetViews>`;
    }
    const widths = Object.entries(opts.widths ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]));
    if (widths.length) head += `<cols>${widths.map(([c, w]) => `<col min="${Number(c) + 1}" max="${Number(c) + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`;
    head += '<sheetData>';
    let buf = head;
    let last = 0;
    const flush = async () => {
      if (buf) await e.write(buf);
      buf = '';
    };
    return {
      /** `styled`: 0-based columns shown bold red (errors). */
      writeRow: async (rowNo: number, cells: XCell[], styled?: number[]) => {
        if (rowNo <= last) throw new Error(`rows must be written in order (${rowNo} after ${last})`);
        last = rowNo;
        let x = `<row r="${rowNo}">`;
        for (let i = 0; i < cells.length; i++) {
          const v = cells[i];
          if (v == null || v === '') continue;
          const ref = columnName(i) + rowNo;
          const s = styled?.includes(i) ? ' s="1"' : '';
          if (typeof v === 'number') x += Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : '';
          else if (typeof v === 'boolean') x += `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
          else {
            const t = xmlText(v);
            x += /^\s|\s$/.test(t) ? `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${t}</t></is></c>` : `<c r="${ref}"${s} t="inlineStr"><is><t>${t}</t></is></c>`;
          }
        }
        buf += `${x}</row>`;
        if (buf.length > 128 * 1024) await flush();
      },
      end: async () => {
        buf += '</sheetData>';
        if (opts.autoFilter && opts.autoFilter.columns > 0) {
          const ref = `${columnName(0)}${opts.autoFilter.row}:${columnName(opts.autoFilter.columns - 1)}${Math.max(last, opts.autoFilter.row)}`;
          buf += `<autoFilter ref="${ref}"/>`;
          this.filters.push({ sheetIndex, ref });
        }
        buf += '</worksheet>';
        await flush();
        await e.close();
      },
    };
  }

  /** Excel keeps a filter's range as a hidden name too; without it some versions drop the buttons on save. */
  private definedNames(): string {
    if (!this.filters.length) return '';
    const abs = (ref: string) => ref.split(':').map((c) => c.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2')).join(':');
    return `<definedNames>${this.filters
      .map((f) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${f.sheetIndex}" hidden="1">'${xmlText(this.sheets[f.sheetIndex]!.replace(/'/g, "''"))}'!${abs(f.ref)}</definedName>`)
      .join('')}</definedNames>`;
  }

  /** Writes the workbook parts and the zip's central directory. Does not end the output stream. */
  async finish(): Promise<void> {
    await this.finishParts();
    this.finished = true;
  }

  private async finishParts(): Promise<void> {
    const sheetOverrides = this.sheets
      .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
      .join('');
    await this.file(
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheetOverrides}</Types>`,
    );
    await this.file(
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    await this.file(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${this.sheets
        .map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets>${this.definedNames()}</workbook>`,
    );
    await this.file(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${this.sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}<Relationship Id="rId${this.sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    );
    await this.file(
      'xl/styles.xml',
      `${XML_HEAD}<styleSheet xmlns="${NS}"><fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font><font><b/><sz val="11"/><color rgb="FFC00000"/><name val="等线"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    );
    const parts: Buffer[] = [];
    let cdSize = 0;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(DOS_TIME, 12);
      h.writeUInt16LE(DOS_DATE, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      parts.push(h, e.name);
      cdSize += 46 + e.name.length;
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(cdSize, 12);
    end.writeUInt32LE(this.offset, 16);
    await this.raw(Buffer.concat([...parts, end]));
  }
}
