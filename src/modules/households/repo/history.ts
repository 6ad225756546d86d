import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Actor } from '../../../server/context.js';
import type { Scope } from '../../../core/scope.js';
import { AppError } from '../errors.js';
import { getHousehold } from './households.js';
import { diffSnapshots, type HouseholdSnapshot } from '../history-diff.js';

export type { HouseholdSnapshot } from '../history-diff.js';

/**
 * The household and its members as stored now (masked IDs only): what a history snapshot records. One definition, in
 * SQL (migration 0007 household_snapshot), so that the import's set-based settle writes the very same shape.
 */
export async function snapshotOf(db: Kysely<DB>, householdId: number): Promise<HouseholdSnapshot> {
  const { rows } = await sql<{ s: HouseholdSnapshot | null }>`select household_snapshot(${householdId}::bigint) as s`.execute(db);
  const snap = rows[0]?.s;
  if (!snap?.household) throw new Error(`household ${householdId} not found`);
  return snap;
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
    .set({ snapshot: sql`household_snapshot(${householdId}::bigint)` })
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
      snapshot: sql`household_snapshot(${householdId}::bigint)`,
    })
    .execute();
}

export async function refreshTotals(db: Kysely<DB>, ids: number[]) {
  if (ids.length) await sql`select refresh_household_totals(${sql.val(ids)}::bigint[])`.execute(db);
}

/**
 * The timeline, newest first: who (the account's name and role as well as its user name), what, and each field's old
 * and new value — the difference between the entry's snapshot and the one before it (history-diff.ts).
 */
export async function householdHistory(db: Kysely<DB>, scope: Scope, id: number) {
  await getHousehold(db, scope, id);
  const rows = await db
    .selectFrom('household_history as hh')
    .leftJoin('users as u', 'u.id', 'hh.user_id')
    .select(['hh.id', 'hh.ts', 'hh.username', 'hh.action', 'hh.summary', 'hh.snapshot', 'u.display_name', 'u.role'])
    .where('hh.household_id', '=', id)
    .orderBy('hh.ts', 'asc')
    .orderBy('hh.id', 'asc')
    .execute();
  let before: HouseholdSnapshot | null = null;
  const entries = [];
  for (const [i, r] of rows.entries()) {
    // Only the newest entry can lack its snapshot (an import's, settled by the next change): it is the household now.
    const after = (r.snapshot as HouseholdSnapshot | null) ?? (i === rows.length - 1 ? await snapshotOf(db, id) : null);
    entries.push({
      id: r.id, ts: r.ts.toISOString(), username: r.username, displayName: r.display_name ?? null, role: r.role ?? null,
      action: r.action, summary: r.summary, changes: before && after ? diffSnapshots(before, after) : [],
    });
    if (after) before = after;
  }
  return entries.reverse();
}

/** The household as it was at the end of `date` (YYYY-MM-DD, China time): the last snapshot taken by then. */
export async function householdAsOf(db: Kysely<DB>, scope: Scope, id: number, date: string) {
  await getHousehold(db, scope, id);
  const row = await db
    .selectFrom('household_history')
    .select(['ts', 'snapshot'])
    .where('household_id', '=', id)
    .where('ts', '<', sql<Date>`(${date}::date + 1)::timestamp at time zone 'Asia/Shanghai'`)
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  // No snapshot: an import's entry with no change since (settleHistory above) — the household as it is now.
  return { asOf: row.ts.toISOString(), snapshot: row.snapshot ?? (await snapshotOf(db, id)) };
}
