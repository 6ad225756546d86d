import { storableText } from '../../core/text.js';
import type { AttachmentType } from './tables.js';

/**
 * A file name as the browser sent it, made safe to store and show: no folder part, no NUL or lone surrogate, no
 * control or direction-override characters (U+202E can make "gpj.exe" read "exe.jpg"), at most 120 characters,
 * never empty. Chinese and rare characters (𠀀) are kept.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function cleanFileName(raw: string | undefined): string {
  const base = storableText(raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(HIDDEN, '').replace(/\uFFFD/g, '_').trim().replace(/^\.+/, '');
  const chars = [...clean];
  return (chars.length > 120 ? chars.slice(0, 120).join('') : clean) || 'file';
}

const EXTENSIONS: Record<AttachmentType, string[]> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
};

/** The name a download is saved under: the stored name, with the extension of its real type when it had another. */
export function downloadName(name: string, type: AttachmentType): string {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return EXTENSIONS[type].includes(ext) ? name : `${name}.${EXTENSIONS[type][0]}`;
}

/**
 * Content-Disposition for any name (RFC 6266): an ASCII fallback for old clients and the exact name in UTF-8
 * (filename*), with every character outside RFC 5987's attr-char percent-encoded — a quote, a semicolon or a line
 * break in a name cannot end the header.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._ -]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
