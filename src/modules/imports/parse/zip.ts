import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { PassThrough, pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../errors.js';

/**
 * The parts of an .xlsx (a zip) found through its central directory, and each part read on its own. The sniff checks
 * the declared sizes from here (zip bombs); the reader (parse-xlsx.ts) opens the parts it needs, in the order it needs
 * them. Reading the zip front to back as a stream instead (ExcelJS's own reader, through unzipper) lost the archive's
 * last part now and then: unzipper reports the end of the archive when the last bytes arrive, not when its last part
 * has been handed on. A workbook whose workbook.xml came last then failed to open, and one whose last sheet came last
 * would have lost that sheet's rows without a word.
 */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's local header starts. */
  offset: number;
}

const bad = () => new AppError('IMPORT_FILE_TYPE');

/** The central directory of the zip `fh` (of `size` bytes); a malformed one is IMPORT_FILE_TYPE. */
export async function readZipDirectory(fh: FileHandle, size: number): Promise<ZipEntry[]> {
  // End of central directory: 22 bytes + a comment of up to 65,535 bytes, at the very end.
  const tailLen = Math.min(size, 22 + 65_535);
  const tail = Buffer.alloc(tailLen);
  await fh.read(tail, 0, tailLen, size - tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad();
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits just before the EOCD record.
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw bad();
    const recOffset = Number(tail.readBigUInt64LE(loc + 8));
    const rec = Buffer.alloc(56);
    await fh.read(rec, 0, 56, recOffset);
    if (rec.readUInt32LE(0) !== 0x06064b50) throw bad();
    entries = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024 || entries > 100_000) throw bad();
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  const list: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw bad();
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let offset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
      // ZIP64 extra field (id 0x0001): the 8-byte values, in this order, of those whose 4-byte field is all ones.
      const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
      for (let q = 0; q + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(q);
        const len = extra.readUInt16LE(q + 2);
        if (id === 0x0001) {
          let at = q + 4;
          const next = () => {
            if (at + 8 > q + 4 + len) throw bad();
            const v = Number(extra.readBigUInt64LE(at));
            at += 8;
            return v;
          };
          if (uncompressedSize === 0xffffffff) uncompressedSize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (offset === 0xffffffff) offset = next();
        }
        q += 4 + len;
      }
    }
    list.push({ name, method, compressedSize, uncompressedSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return list;
}

/** Opens the zip at `path` and lists its entries by name. */
export async function zipEntries(path: string): Promise<Map<string, ZipEntry>> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const { size } = await fh.stat();
    return new Map((await readZipDirectory(fh, size)).map((e) => [e.name, e]));
  } finally {
    await fh.close();
  }
}

/**
 * One entry's contents, inflated, as a stream; `onRead` gets the compressed bytes as they are read (progress).
 * The local header is read first: its name and extra field may differ in length from the central directory's.
 * The inflated bytes are counted as they come: one beyond the size the directory declared (which the sniff checked)
 * fails the stream with IMPORT_ZIP_BOMB at once. A forged directory could otherwise claim a 4 KB sheet that inflates
 * to gigabytes, and only the directory is checked before the parse.
 */
export async function openZipEntry(path: string, entry: ZipEntry, onRead?: (bytes: number) => void): Promise<Readable> {
  const fh = await fs.promises.open(path, 'r');
  let start: number;
  try {
    const head = Buffer.alloc(30);
    await fh.read(head, 0, 30, entry.offset);
    if (head.readUInt32LE(0) !== 0x04034b50) throw bad();
    start = entry.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (entry.method !== 0 && entry.method !== 8) throw bad();
  if (entry.compressedSize === 0) {
    const empty = new PassThrough();
    empty.end();
    return empty;
  }
  const raw = fs.createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 1024 * 1024 });
  if (onRead) raw.on('data', (chunk) => onRead(chunk.length));
  let inflated = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize) done(new AppError('IMPORT_ZIP_BOMB'));
      else done(null, chunk);
    },
  });
  // pipeline: an error or an early close anywhere ends all three (the reader closes its parts when it stops).
  if (entry.method === 0) pipeline(raw, limit, () => {});
  else pipeline(raw, zlib.createInflateRaw(), limit, () => {});
  return limit;
}
