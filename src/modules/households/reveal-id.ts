import type { Database } from '../../db/database.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { findMember } from './repo/members.js';

/** The full ID number: needs registry.viewFullId (checked by the route) and is always audited. */
export async function revealIdNumber(db: Database, cipher: FieldCipher, actor: Actor, householdId: number, memberId: number) {
  const m = await findMember(db, actor.user, householdId, memberId);
  await recordAudit(db, { ...auditActor(actor), action: 'registry.reveal_id', targetType: 'member', targetId: memberId, detail: { householdId, idMasked: m.id_masked } });
  return { idNumber: cipher.decrypt(m.id_enc) };
}
