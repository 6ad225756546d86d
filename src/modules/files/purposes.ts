import type { AttachmentType } from './tables.js';

/**
 * What an attachment is for (its purpose) decides which types it may be and how large. The module that owns the
 * record declares its purposes (`defineFilePurposes` in its own file, loaded by its index.ts), as it declares its
 * errors: the files module knows no other module. Monitoring: monitoring.authorisation, .photo, .minutes; the
 * assistance module adds its own.
 */
export interface FilePurpose {
  zh: string;
  en: string;
  types: readonly AttachmentType[];
  /** Largest file, in bytes; the server's FILE_MAX_MB caps it. */
  maxBytes: number;
}

export const IMAGE_TYPES: readonly AttachmentType[] = ['image/jpeg', 'image/png', 'image/webp'];
export const DOCUMENT_TYPES: readonly AttachmentType[] = [...IMAGE_TYPES, 'application/pdf'];
export const MB = 1024 * 1024;

const registry = new Map<string, FilePurpose>();

export function defineFilePurposes<T extends Record<string, FilePurpose>>(table: T): T {
  for (const [code, p] of Object.entries(table)) {
    const known = registry.get(code);
    if (known && known !== p && JSON.stringify(known) !== JSON.stringify(p)) throw new Error(`file purpose ${code} is declared twice, differently`);
    registry.set(code, p);
  }
  return table;
}

export function filePurpose(code: string): FilePurpose | undefined {
  return registry.get(code);
}

export const TYPE_LABEL: Record<AttachmentType, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
};
