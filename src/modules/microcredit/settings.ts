import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { recordActorAudit as audit } from '../audit/actor.js';
import { AppError } from './errors.js';
import { limitsOf, saveLimits } from './repo.js';

/** A county administrator sets his county's limits for new loans (loans already recorded keep theirs). */
export async function setLimits(db: Kysely<DB>, actor: Actor, input: { maxAmount: number; maxTermMonths: number }) {
  if (actor.user.areaLevel !== 3) throw new AppError('MC_SETTINGS_LEVEL');
  const county = actor.user.areaCode.slice(0, 6);
  return db.transaction().execute(async (trx) => {
    const before = await limitsOf(trx, county);
    await saveLimits(trx, county, input.maxAmount, input.maxTermMonths, actor.user.id);
    await audit(trx, actor, 'microcredit.settings', 'microcredit_settings', county, { before, after: input });
    return limitsOf(trx, county);
  });
}
