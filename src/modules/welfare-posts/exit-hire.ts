import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { AppError } from './errors.js';
import { getHire, markExited } from './repo.js';
import { recordActorAudit as audit } from '../audit/actor.js';

/** Ends a hire on a day (not before the hire, not after today) with a reason: the place is free again. */
export async function exitHire(db: Kysely<DB>, actor: Actor, hireId: number, input: { exitedOn: string; reason: string }, today: string) {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('WP_INVALID', { field: 'reason', reasonZh: '请填写离岗原因', reasonEn: 'give the reason' });
  return db.transaction().execute(async (trx) => {
    const h = await getHire(trx, actor.user, hireId, true);
    if (h.exited_on) throw new AppError('WP_HIRE_EXITED', { exitedOn: h.exited_on });
    if (input.exitedOn < h.hired_on) {
      throw new AppError('WP_INVALID', { field: 'exitedOn', reasonZh: `不能早于上岗日期 ${h.hired_on}`, reasonEn: `cannot be before the hire date ${h.hired_on}` });
    }
    if (input.exitedOn > today) throw new AppError('WP_INVALID', { field: 'exitedOn', reasonZh: '不能晚于今天', reasonEn: 'cannot be after today' });
    await markExited(trx, hireId, input.exitedOn, reason, actor.user.id);
    await audit(trx, actor, 'welfare_posts.exit', 'welfare_post_hire', hireId, { postId: h.post_id, memberId: h.member_id, exitedOn: input.exitedOn, reason });
    return getHire(trx, actor.user, hireId);
  });
}
