import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';

/** The household and its members as stored now (masked IDs only): what a history snapshot records. */
export async function snapshotOf(db: Kysely<DB>, householdId: number) {
  const h = await db.selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('members')
    .select([
      'id', 'id_masked', 'name', 'gender', 'birth_date', 'relation', 'ethnicity', 'education', 'school_status', 'health',
      'disability_category', 'disability_grade', 'labour_capacity', 'work_place', 'work_months', 'medical_insured',
      'pension_insured', 'welfare_post', 'status', 'status_date', 'status_reason',
    ])
    .where('household_id', '=', householdId)
    .orderBy('id')
    .execute();
  const { phone_enc: _e, phone_idx: _i, ...household } = h;
  return JSON.parse(JSON.stringify({ household, members })) as { household: Record<string, unknown>; members: Record<string, unknown>[] };
}

/** Appends a timeline entry with the household as it is after the change (call inside the change's transaction). */
export async function recordHistory(db: Kysely<DB>, actor: Actor | null, householdId: number, action: string, summary?: unknown) {
  await db
    .insertInto('household_history')
    .values({
      household_id: householdId,
      user_id: actor?.user.id ?? null,
      username: actor?.user.username ?? 'system',
      action,
      summary: summary === undefined ? null : JSON.stringify(summary),
      snapshot: JSON.stringify(await snapshotOf(db, householdId)),
    })
    .execute();
}

export async function refreshTotals(db: Kysely<DB>, ids: number[]) {
  if (ids.length) await sql`select refresh_household_totals(${sql.val(ids)}::bigint[])`.execute(db);
}
