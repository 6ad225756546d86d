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

/**
 * An import's timeline entry carries no snapshot (null: see migration 0005): the household stays as the import left it
 * until its next change. Every change calls this first, inside its transaction and before it writes, so that entry
 * gets the household as it still is. (The import's commit does the same, set-based, in commit.ts.)
 */
export async function settleHistory(db: Kysely<DB>, householdId: number) {
  const last = await db
    .selectFrom('household_history')
    .select(['id', sql<boolean>`snapshot is null`.as('pending')])
    .where('household_id', '=', householdId)
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last?.pending) return;
  await db
    .updateTable('household_history')
    .set({ snapshot: JSON.stringify(await snapshotOf(db, householdId)) })
    .where('id', '=', last.id)
    .where('snapshot', 'is', null)
    .execute();
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
