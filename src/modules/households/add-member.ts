import type { Database } from '../../db/database.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { maskId } from '../../core/idcard.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertNotActiveElsewhere, assertOneHead, validMember } from './policy.js';
import { getHousehold, touchHousehold } from './repo/households.js';
import { activeMembers, insertMembers } from './repo/members.js';
import { recordHistory, refreshTotals, settleHistory } from './repo/history.js';
import type { MemberInput } from './validate.js';

/** A member joins the household (birth, marriage, hukou moved in). */
export async function addMember(db: Database, cipher: FieldCipher, actor: Actor, householdId: number, input: MemberInput) {
  const household = await getHousehold(db, actor.user, householdId);
  const m = validMember(input);
  assertOneHead([...(await activeMembers(db, householdId)).map((r) => r.relation), m.relation]);
  await db.transaction().execute(async (trx) => {
    await settleHistory(trx, householdId);
    await assertNotActiveElsewhere(trx, actor, m, cipher);
    const [memberId] = await insertMembers(trx, cipher, householdId, household.villageCode, [m]);
    await touchHousehold(trx, householdId, actor.user.id);
    await refreshTotals(trx, [householdId]);
    await recordHistory(trx, actor, householdId, 'member_add', { memberId, name: m.name });
    await recordAudit(trx, { ...auditActor(actor), action: 'registry.member_add', targetType: 'member', targetId: memberId, detail: { after: { householdId, name: m.name, id: maskId(m.id.id), relation: m.relation } } });
  });
  return getHousehold(db, actor.user, householdId);
}
