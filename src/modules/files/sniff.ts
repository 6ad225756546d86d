import type { AttachmentType } from './tables.js';

/**
 * The type of a file from its first bytes (magic numbers), never from its name or the Content-Type the browser sent:
 * JPEG, PNG, WebP, PDF. Anything else is undefined and refused — an .exe renamed .jpg, SVG (a script can live in
 * it), HTML, text, GIF, archives.
 */
export const SNIFF_BYTES = 16;

export function sniffType(head: Buffer): AttachmentType | undefined {
  const starts = (sig: number[], at = 0) => head.length >= at + sig.length && sig.every((v, i) => head[at + i] === v);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF <size> WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  // %PDF- at the very start (a PDF reader tolerates junk before it; we do not).
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return undefined;
}
