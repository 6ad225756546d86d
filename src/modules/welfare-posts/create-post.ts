import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { assertInScope } from '../../core/scope.js';
import { recordActorAudit as audit } from '../audit/actor.js';
import { AppError } from './errors.js';
import { getPost, insertPost, isVillage } from './repo.js';

export interface PostInput {
  villageCode: string;
  postType: string;
  name: string;
  monthlySubsidy: number;
  places: number;
  startsOn: string;
  endsOn?: string | null | undefined;
}

/** Sets up a post in a village of the caller's area. */
export async function createPost(db: Kysely<DB>, actor: Actor, input: PostInput) {
  assertInScope(input.villageCode, actor.user);
  const name = input.name.trim();
  if (!name) throw new AppError('WP_INVALID', { field: 'name', reasonZh: '不能为空', reasonEn: 'must not be empty' });
  if (Math.abs(Math.round(input.monthlySubsidy * 100) - input.monthlySubsidy * 100) > 1e-6) {
    throw new AppError('WP_INVALID', { field: 'monthlySubsidy', reasonZh: '最多两位小数', reasonEn: 'at most 2 decimals' });
  }
  const endsOn = input.endsOn ?? null;
  if (endsOn && endsOn < input.startsOn) {
    throw new AppError('WP_INVALID', { field: 'endsOn', reasonZh: '结束日期不能早于开始日期', reasonEn: 'the end is before the start' });
  }
  if (!(await isVillage(db, input.villageCode))) throw new AppError('WP_INVALID', { field: 'villageCode', reasonZh: '须为一个村', reasonEn: 'must be a village' });
  return db.transaction().execute(async (trx) => {
    const id = await insertPost(trx, { ...input, name, endsOn }, actor.user.id);
    await audit(trx, actor, 'welfare_posts.create', 'welfare_post', id, { ...input, name, endsOn });
    return getPost(trx, actor.user, id);
  });
}
