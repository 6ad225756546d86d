import type { Database } from '../../db/database.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import type { Actor } from '../../server/context.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertNotActiveElsewhere, assertOneHead, validMember } from './policy.js';
import { getHousehold, memberDto, touchHousehold } from './repo/households.js';
import { activeMembers, findMember, memberById, updateMemberRow } from './repo/members.js';
import { recordHistory, refreshTotals, settleHistory } from './repo/history.js';
import type { MemberInput } from './validate.js';

/** An active member's fields change; the ID number is decrypted only to check the member as a whole. */
export async function updateMember(db: Database, cipher: FieldCipher, actor: Actor, householdId: number, memberId: number, patch: Partial<MemberInput>) {
  const before = await findMember(db, actor.user, householdId, memberId);
  if (before.status !== 'active') throw new AppError('MEMBER_NOT_ACTIVE');
  const idNumber = patch.idNumber ?? cipher.decrypt(before.id_enc);
  const current = memberDto(before);
  const m = validMember({ ...current, ...patch, idNumber, gender: patch.gender ?? null, birthDate: patch.birthDate ?? null });
  assertOneHead([...(await activeMembers(db, householdId, memberId)).map((r) => r.relation), m.relation]);
  await db.transaction().execute(async (trx) => {
    await settleHistory(trx, householdId);
    if (patch.idNumber) await assertNotActiveElsewhere(trx, actor, m, cipher, memberId);
    await updateMemberRow(trx, cipher, memberId, m, before.village_code, patch.idNumber ? undefined : before);
    await touchHousehold(trx, householdId, actor.user.id);
    await refreshTotals(trx, [householdId]);
    const after = memberDto(await memberById(trx, memberId));
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(current[k]));
    await recordHistory(trx, actor, householdId, 'member_update', { memberId, name: m.name, changed });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'registry.member_update',
      targetType: 'member',
      targetId: memberId,
      detail: { before: Object.fromEntries(changed.map((k) => [k, current[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) },
    });
  });
  return getHousehold(db, actor.user, householdId);
}
