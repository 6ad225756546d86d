import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { inScope, type Scope } from '../../core/scope.js';
import type { AttachmentType } from './tables.js';

/** The attachments' SQL: the only place that reads or writes the table. */

type Db = Kysely<DB> | Transaction<DB>;

/** What the API shows of an attachment: its public id (the token), never the serial or the bytes. */
export interface AttachmentInfo {
  id: string;
  name: string;
  type: AttachmentType;
  size: number;
}

export async function areaExists(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('areas').select('code').where('code', '=', code).executeTakeFirst());
}

export async function insertAttachment(
  db: Db,
  a: { token: string; ownerId: number; areaCode: string; purpose: string; name: string; type: AttachmentType; size: number; sha256: string; content: Buffer; createdAt: Date },
): Promise<number> {
  const row = await db
    .insertInto('attachments')
    .values({
      token: a.token, owner_id: a.ownerId, area_code: a.areaCode, purpose: a.purpose, name: a.name, content_type: a.type,
      size: a.size, sha256: a.sha256, content: a.content, created_at: a.createdAt, linked_to: null, linked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * One attachment with its bytes, for a reader: only inside the reader's scope, and before it is linked to its record
 * only for its uploader. Anything else is not found (the caller answers 404: no oracle of what exists).
 */
export async function attachmentForReader(db: Db, token: string, user: Scope & { id: number }) {
  return db
    .selectFrom('attachments')
    .select(['token', 'name', 'content_type', 'size', 'sha256', 'content'])
    .where('token', '=', token)
    .where(inScope('area_code', user))
    .where((eb) => eb.or([eb('linked_to', 'is not', null), eb('owner_id', '=', user.id)]))
    .executeTakeFirst();
}

/** The rows of these tokens, locked for the claim (the caller's transaction). */
export async function lockAttachments(trx: Transaction<DB>, tokens: string[]) {
  if (!tokens.length) return [];
  return trx
    .selectFrom('attachments')
    .select(['id', 'token', 'owner_id', 'area_code', 'purpose', 'linked_to', 'name', 'content_type', 'size'])
    .where('token', 'in', tokens)
    .forUpdate()
    .execute();
}

export async function markLinked(trx: Transaction<DB>, ids: number[], linkTo: string, at: Date): Promise<void> {
  if (!ids.length) return;
  await trx.updateTable('attachments').set({ linked_to: linkTo, linked_at: at }).where('id', 'in', ids).where('linked_to', 'is', null).execute();
}

/** Name, type and size of these tokens (the record that cites them is already scoped by its caller). */
export async function attachmentInfos(db: Db, tokens: string[]): Promise<AttachmentInfo[]> {
  if (!tokens.length) return [];
  const rows = await db.selectFrom('attachments').select(['token', 'name', 'content_type', 'size']).where('token', 'in', tokens).execute();
  return rows.map((r) => ({ id: r.token, name: r.name, type: r.content_type, size: r.size }));
}

/** Uploads never linked to a record, older than `before`: deleted (a form abandoned, a file removed before submit). */
export async function deleteUnlinked(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('attachments').where('linked_to', 'is', null).where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
