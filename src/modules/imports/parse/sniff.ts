import fs from 'node:fs/promises';
import iconv from 'iconv-lite';
import { AppError } from '../errors.js';
import { readZipDirectory } from './zip.js';

/**
 * What kind of file was uploaded, decided from its bytes (never from its name), before anything is parsed:
 * an .xlsx (a zip holding xl/workbook.xml, with sane uncompressed sizes) or a text table (CSV) in a known encoding.
 * Anything else — empty, an old .xls, a PDF, an image, a zip bomb — is refused with a clear code.
 */
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type FileInfo = { type: 'xlsx'; size: number; uncompressed: number } | { type: 'csv'; size: number; encoding: TextEncoding };

/** An .xlsx whose parts expand beyond this, or more than MAX_RATIO times its own size, is refused. */
export const MAX_UNCOMPRESSED = 2 * 1024 ** 3;
export const MAX_RATIO = 100;

const SAMPLE = 1024 * 1024;

export async function sniffFile(filePath: string): Promise<FileInfo> {
  const fh = await fs.open(filePath, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) throw new AppError('IMPORT_FILE_EMPTY');
    const head = Buffer.alloc(Math.min(size, SAMPLE));
    await fh.read(head, 0, head.length, 0);
    if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) {
      const uncompressed = await checkZip(fh, size);
      return { type: 'xlsx', size, uncompressed };
    }
    if (isKnownBinary(head)) throw new AppError('IMPORT_FILE_TYPE');
    const encoding = detectEncoding(head, size > head.length);
    if (!encoding) throw new AppError('IMPORT_FILE_TYPE');
    if (isBlankText(head, encoding) && size <= head.length) throw new AppError('IMPORT_FILE_EMPTY');
    return { type: 'csv', size, encoding };
  } finally {
    await fh.close();
  }
}

function isKnownBinary(b: Buffer): boolean {
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  return (
    starts(0xd0, 0xcf, 0x11, 0xe0) || // OLE2: .xls, .doc
    starts(0x25, 0x50, 0x44, 0x46) || // %PDF
    starts(0x89, 0x50, 0x4e, 0x47) || // PNG
    starts(0xff, 0xd8, 0xff) || // JPEG
    starts(0x47, 0x49, 0x46, 0x38) || // GIF
    starts(0x1f, 0x8b) || // gzip
    starts(0x37, 0x7a, 0xbc, 0xaf) || // 7z
    starts(0x52, 0x61, 0x72, 0x21) || // RAR
    starts(0x7f, 0x45, 0x4c, 0x46) // ELF
  );
}

/**
 * UTF-16 by its byte-order mark; else valid UTF-8 (with or without BOM); else GB18030 (a superset of GBK and GB2312),
 * as long as the sample holds no NUL bytes (a binary file).
 */
export function detectEncoding(sample: Buffer, truncated = false): TextEncoding | undefined {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  if (sample.includes(0)) return undefined;
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: truncated });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function isBlankText(sample: Buffer, encoding: TextEncoding): boolean {
  const text = iconv.decode(sample, encoding === 'utf-16le' ? 'utf16le' : encoding === 'utf-16be' ? 'utf16be' : encoding);
  return /^[\s,;\t\uFEFF"]*$/.test(text);
}

/**
 * Reads the zip's central directory (not the data): the entries' declared sizes. Refuses a zip bomb (total
 * uncompressed size over 2 GB, or over 100× the file with more than 10 MB expanded) and a zip that is not a workbook.
 * Returns the total uncompressed size.
 */
async function checkZip(fh: fs.FileHandle, size: number): Promise<number> {
  let total = 0;
  let hasWorkbook = false;
  for (const e of await readZipDirectory(fh, size)) {
    // Deflate cannot do better than ~1032:1 on one entry; more is a forged or hostile archive.
    if (e.compressedSize > 0 && e.uncompressedSize / e.compressedSize > 1100 && e.uncompressedSize > 1024 * 1024) throw new AppError('IMPORT_ZIP_BOMB');
    total += e.uncompressedSize;
    if (e.name === 'xl/workbook.xml') hasWorkbook = true;
  }
  if (total > MAX_UNCOMPRESSED || (total > 10 * 1024 * 1024 && total / size > MAX_RATIO)) throw new AppError('IMPORT_ZIP_BOMB');
  if (!hasWorkbook) throw new AppError('IMPORT_FILE_TYPE');
  return total;
}
