import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from './errors.js';
import { lockAttachments, markLinked, type AttachmentInfo } from './repo.js';

export interface ClaimOptions {
  /** The purpose the field takes (monitoring.authorisation …). */
  purpose: string;
  /** The area of the record (its village): an attachment uploaded for another area is refused. */
  areaCode: string;
  /** Who is saving the record: only his own uploads can be linked… */
  userId: number;
  /** …or those already linked to this very record (a step recorded again after a return keeps its files). */
  linkTo: string;
  /** The form field, for the message (visit.authorisation). */
  field: string;
  /** At least this many (a required attachment). */
  min?: number;
}

const invalid = (field: string, reasonZh: string, reasonEn: string) => new AppError('ATTACHMENT_INVALID', { field, reasonZh, reasonEn });

/**
 * Links attachments to a record, inside the caller's transaction (so a refused step leaves them as they were): each id
 * must be an upload of the caller (or one already linked to this record), for this area and purpose, and not linked
 * to another record. An id that does not exist, is someone else's or of another area gets one answer (no oracle).
 * Returns what the record's view shows of them, in the order given.
 */
export async function claimAttachments(trx: Transaction<DB>, ids: readonly string[], opts: ClaimOptions): Promise<AttachmentInfo[]> {
  const { field } = opts;
  if (new Set(ids).size !== ids.length) throw invalid(field, '同一附件重复出现', 'the same attachment is listed twice');
  if (ids.length < (opts.min ?? 0)) throw invalid(field, `至少需要 ${opts.min} 个附件`, `at least ${opts.min} required`);
  const rows = new Map((await lockAttachments(trx, [...ids])).map((r) => [r.token, r]));
  const out: AttachmentInfo[] = [];
  const toLink: number[] = [];
  for (const id of ids) {
    const r = rows.get(id);
    const usable = r && r.area_code === opts.areaCode && (r.owner_id === opts.userId || r.linked_to === opts.linkTo);
    if (!r || !usable) throw invalid(field, '附件不存在或不是您为本案上传的，请重新上传', 'it does not exist or was not uploaded by you for this record; upload it again');
    if (r.purpose !== opts.purpose) throw invalid(field, '附件的用途不符（请在本栏上传）', 'it was uploaded for another purpose (upload it in this field)');
    if (r.linked_to !== null && r.linked_to !== opts.linkTo) throw invalid(field, '附件已用于其他记录', 'it already belongs to another record');
    if (r.linked_to === null) toLink.push(Number(r.id));
    out.push({ id: r.token, name: r.name, type: r.content_type, size: r.size });
  }
  await markLinked(trx, toLink, opts.linkTo, new Date());
  return out;
}
