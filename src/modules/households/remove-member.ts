import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertLeaving } from './policy.js';
import { getHousehold, touchHousehold } from './repo/households.js';
import { activeMembers, findMember, makeHead, setMemberLeft } from './repo/members.js';
import { recordHistory, refreshTotals, settleHistory } from './repo/history.js';

export interface RemoveMemberInput {
  status: 'deceased' | 'moved_out' | 'married_out' | 'other';
  date: string;
  reason: string;
  /** Required when the head leaves: the member who becomes head. */
  newHeadMemberId?: number;
}

/** A member leaves (death, marriage out, hukou moved): kept with status, date and reason — never deleted. */
export async function removeMember(db: Database, actor: Actor, householdId: number, memberId: number, input: RemoveMemberInput) {
  const m = await findMember(db, actor.user, householdId, memberId);
  assertLeaving(m, m.status === 'active' ? await activeMembers(db, householdId, memberId) : [], input);
  await db.transaction().execute(async (trx) => {
    await settleHistory(trx, householdId);
    await setMemberLeft(trx, memberId, input);
    if (m.relation === 'head' && input.newHeadMemberId) await makeHead(trx, input.newHeadMemberId);
    await touchHousehold(trx, householdId, actor.user.id);
    await refreshTotals(trx, [householdId]);
    await recordHistory(trx, actor, householdId, 'member_remove', { memberId, name: m.name, status: input.status, date: input.date, reason: input.reason });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'registry.member_remove',
      targetType: 'member',
      targetId: memberId,
      detail: { before: { status: 'active' }, after: { status: input.status, date: input.date, reason: input.reason, newHeadMemberId: input.newHeadMemberId ?? null } },
    });
  });
  return getHousehold(db, actor.user, householdId);
}
