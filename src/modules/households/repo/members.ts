import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { FieldCipher } from '../../../core/field-crypto.js';
import { assertInScope, type Scope } from '../../../core/scope.js';
import { AppError } from '../errors.js';
import { memberRow } from '../fields.js';
import type { ValidMember } from '../validate.js';

/** The members table as the registry's forms change it. */

/** A member of the household, inside the scope. */
export async function findMember(db: Kysely<DB>, scope: Scope, householdId: number, memberId: number) {
  const m = await db.selectFrom('members').selectAll().where('id', '=', memberId).where('household_id', '=', householdId).executeTakeFirst();
  if (!m) throw new AppError('NOT_FOUND');
  assertInScope(m.village_code, scope);
  return m;
}

export async function memberById(db: Kysely<DB>, memberId: number) {
  return db.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow();
}

/** The household's active members (id and relation), but `exceptId`. */
export async function activeMembers(db: Kysely<DB>, householdId: number, exceptId?: number): Promise<{ id: number; relation: string }[]> {
  let q = db.selectFrom('members').select(['id', 'relation']).where('household_id', '=', householdId).where('status', '=', 'active');
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.execute();
}

/** The active member with this ID number, in whichever household (by the blind index). */
export async function activeMemberByIdNumber(db: Kysely<DB>, cipher: FieldCipher, idNumber: string) {
  return db
    .selectFrom('members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['m.id', 'h.household_no', 'h.village_code'])
    .where('m.id_idx', '=', cipher.blindIndex(idNumber))
    .where('m.status', '=', 'active')
    .executeTakeFirst();
}

export async function insertMembers(db: Kysely<DB>, cipher: FieldCipher, householdId: number, villageCode: string, members: ValidMember[]): Promise<number[]> {
  const rows = await db.insertInto('members').values(members.map((m) => memberRow(m, householdId, villageCode, cipher))).returning('id').execute();
  return rows.map((r) => r.id);
}

/**
 * A member's fields from the form. `keepId`: the stored ciphertext, blind index and mask stay when the number did not
 * change (no churn in history or the index).
 */
export async function updateMemberRow(
  db: Kysely<DB>, cipher: FieldCipher, memberId: number, m: ValidMember, villageCode: string,
  keepId?: { id_enc: string; id_idx: string; id_masked: string },
): Promise<void> {
  const { household_id: _h, ...row } = memberRow(m, 0, villageCode, cipher);
  const values = keepId ? { ...row, id_enc: keepId.id_enc, id_idx: keepId.id_idx, id_masked: keepId.id_masked } : row;
  await db.updateTable('members').set({ ...values, updated_at: sql`now()` }).where('id', '=', memberId).execute();
}

export async function setMembersVillage(db: Kysely<DB>, householdId: number, villageCode: string): Promise<void> {
  await db.updateTable('members').set({ village_code: villageCode }).where('household_id', '=', householdId).execute();
}

/** A member leaves: status, date and reason (never deleted). */
export async function setMemberLeft(db: Kysely<DB>, memberId: number, left: { status: 'deceased' | 'moved_out' | 'married_out' | 'other'; date: string; reason: string }): Promise<void> {
  await db.updateTable('members').set({ status: left.status, status_date: left.date, status_reason: left.reason, updated_at: sql`now()` }).where('id', '=', memberId).execute();
}

export async function makeHead(db: Kysely<DB>, memberId: number): Promise<void> {
  await db.updateTable('members').set({ relation: 'head', updated_at: sql`now()` }).where('id', '=', memberId).execute();
}
