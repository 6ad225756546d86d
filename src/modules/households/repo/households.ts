import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, MembersTable } from '../../../db/schema.js';
import type { FieldCipher } from '../../../core/field-crypto.js';
import { assertInScope, type Scope } from '../../../core/scope.js';
import { AppError } from '../errors.js';
import { householdFieldsOf, householdRow, memberFieldsOf } from '../fields.js';
import type { HouseholdFields } from '../validate.js';

/** The households table: one household as the API shows it, and the writes of the forms. */

/** A household as the API shows it: masked identifiers, derived totals, its members (active first). */
export async function getHousehold(db: Kysely<DB>, scope: Scope, id: number) {
  const h = await db
    .selectFrom('households as h')
    .innerJoin('areas as v', 'v.code', 'h.village_code')
    .selectAll('h')
    .select('v.name as village_name')
    .where('h.id', '=', id)
    .executeTakeFirst();
  if (!h) throw new AppError('NOT_FOUND');
  assertInScope(h.village_code, scope);
  const members = await db.selectFrom('members').selectAll().where('household_id', '=', id).orderBy(sql`status = 'active'`, 'desc').orderBy('id').execute();
  return {
    id: h.id,
    ...householdFieldsOf(h),
    villageName: h.village_name,
    headName: h.head_name,
    phoneMasked: h.phone_masked,
    memberCount: h.member_count,
    perCapitaIncome: h.per_capita_income == null ? null : Number(h.per_capita_income),
    version: h.version,
    updatedAt: h.updated_at.toISOString(),
    members: members.map(memberDto),
  };
}

export function memberDto(m: Selectable<MembersTable>) {
  return {
    id: m.id,
    idMasked: m.id_masked,
    ...memberFieldsOf(m),
    status: m.status,
    statusDate: m.status_date,
    statusReason: m.status_reason,
  };
}

/** Whether a household of the county already has the number. */
/** The village of the household holding a number in the county (numbers are unique per county), if one does. */
export async function householdNoHolder(db: Kysely<DB>, countyCode: string, householdNo: string): Promise<string | undefined> {
  const taken = await db.selectFrom('households').select('village_code').where('county_code', '=', countyCode).where('household_no', '=', householdNo).executeTakeFirst();
  return taken?.village_code;
}

export async function insertHousehold(db: Kysely<DB>, cipher: FieldCipher, fields: HouseholdFields, userId: number): Promise<number> {
  const row = await db
    .insertInto('households')
    .values({ ...householdRow(fields, cipher), created_by: userId, updated_by: userId } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes a form's changes if the household is still at `version` (optimistic locking), else VERSION_CONFLICT. */
export async function updateHouseholdRow(db: Kysely<DB>, cipher: FieldCipher, id: number, version: number, fields: Partial<HouseholdFields>, userId: number): Promise<void> {
  const res = await db
    .updateTable('households')
    .set({ ...householdRow(fields, cipher), version: sql`version + 1`, updated_at: sql`now()`, updated_by: userId } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
}

/** A change to a member changes its household: a new version, who and when. */
export async function touchHousehold(db: Kysely<DB>, id: number, userId: number): Promise<void> {
  await db.updateTable('households').set({ version: sql`version + 1`, updated_at: sql`now()`, updated_by: userId }).where('id', '=', id).execute();
}

/**
 * The highest serial of the county's household numbers of the form <village code><4–6 digits> for this village (0
 * when none): the form suggests the next.
 */
export async function lastSerial(db: Kysely<DB>, villageCode: string): Promise<number> {
  const r = await sql<{ n: number | null }>`
    select max(substr(household_no, 13)::int) as n from households
    where county_code = ${villageCode.slice(0, 6)} and household_no like ${`${villageCode}%`} and household_no ~ ${`^${villageCode}[0-9]{4,6}$`}`.execute(db);
  return r.rows[0]?.n ?? 0;
}
