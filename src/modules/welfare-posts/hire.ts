import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { AppError } from './errors.js';
import { activeHireOfPerson, getHire, getPost, insertHire, memberFacts } from './repo.js';
import { hireRefusal } from './rules.js';
import { recordActorAudit as audit } from '../audit/actor.js';

/**
 * Hires a member on a post. Refused, each with its own code: a member not of the post's village, no longer in his
 * household, of a household neither monitored nor exited, with too little labour capacity, already on a post; a
 * date outside the post's period or in the future; a full post. The post is locked while its places are counted.
 */
export async function hire(db: Kysely<DB>, actor: Actor, postId: number, input: { memberId: number; hiredOn: string }, today: string) {
  if (input.hiredOn > today) throw new AppError('WP_INVALID', { field: 'hiredOn', reasonZh: '不能晚于今天', reasonEn: 'cannot be after today' });
  return db.transaction().execute(async (trx) => {
    const post = await getPost(trx, actor.user, postId, true);
    const m = await memberFacts(trx, input.memberId);
    if (!m) throw new AppError('WP_MEMBER_NOT_FOUND');
    if (m.village_code !== post.village_code) throw new AppError('WP_MEMBER_OTHER_VILLAGE');
    const refusal = hireRefusal({ status: m.status, labourCapacity: m.labour_capacity, category: m.category, monitored: m.monitored });
    if (refusal) throw new AppError(refusal.code, 'params' in refusal ? refusal.params : {});
    if (input.hiredOn < post.starts_on || (post.ends_on && input.hiredOn > post.ends_on)) {
      throw new AppError('WP_POST_NOT_OPEN', { startsOn: post.starts_on, endsOn: post.ends_on ?? '—' });
    }
    const held = await activeHireOfPerson(trx, m.id_idx);
    if (held) throw new AppError('WP_ALREADY_ON_POST', { postName: held.post_name });
    if (post.on_post >= post.places) throw new AppError('WP_PLACES_FULL', { places: post.places });
    let id: number;
    try {
      id = await insertHire(
        trx,
        { postId, memberId: m.id, householdId: m.household_id, personIdx: m.id_idx, villageCode: post.village_code, hiredOn: input.hiredOn },
        actor.user.id,
      );
    } catch (err) {
      // Two hires of one person at once: the unique index decides.
      if ((err as { code?: string }).code === '23505') throw new AppError('WP_ALREADY_ON_POST', { postName: '—' });
      throw err;
    }
    await audit(trx, actor, 'welfare_posts.hire', 'welfare_post_hire', id, { postId, memberId: m.id, householdId: m.household_id, hiredOn: input.hiredOn });
    return getHire(trx, actor.user, id);
  });
}
