import type { Generated } from 'kysely';
import type { Timestamp } from '../../db/schema.js';

/** The attachments table (migrations/0021_attachments.sql), merged into the database's type `DB` of db/schema.ts. */

export type AttachmentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

export interface AttachmentsTable {
  id: Generated<number>;
  token: string;
  owner_id: number;
  area_code: string;
  purpose: string;
  name: string;
  content_type: AttachmentType;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: Timestamp;
  linked_to: string | null;
  linked_at: Timestamp | null;
}

declare module '../../db/schema.js' {
  interface DB {
    attachments: AttachmentsTable;
  }
}
