import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { assertVillage } from './policy.js';
import { lastSerial } from './repo/households.js';

/**
 * The next household number of a village as county rolls number them: the village's 12-digit code and a serial of
 * four digits (140430103207 + 0183), one after the highest such number in the county. A suggestion for the form: the
 * create still refuses a number taken meanwhile (HOUSEHOLD_NO_TAKEN).
 */
export async function nextHouseholdNo(db: Kysely<DB>, actor: Actor, villageCode: string): Promise<string> {
  await assertVillage(db, actor, villageCode);
  return `${villageCode}${String((await lastSerial(db, villageCode)) + 1).padStart(4, '0')}`;
}
