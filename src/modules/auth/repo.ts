import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Credentials (the users table's sign-in columns) and sessions: every statement of sign-in and sign-out. */

export async function findLoginUser(db: Kysely<DB>, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'status', 'failed_logins', 'locked_until', 'must_change_password', 'area_code'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/**
 * Counts a wrong password in the database, atomically (parallel guesses must not overwrite each other's count), and
 * locks the account until `lockUntil` at the `maxFailures`th in a row. True when this failure locked it.
 */
export async function countFailedLogin(db: Kysely<DB>, userId: number, maxFailures: number, lockUntil: Date): Promise<boolean> {
  const hit = sql<boolean>`failed_logins + 1 >= ${maxFailures}`;
  const counted = await db
    .updateTable('users')
    .set({
      failed_logins: sql`case when ${hit} then 0 else failed_logins + 1 end`,
      locked_until: sql`case when ${hit} then ${lockUntil}::timestamptz else locked_until end`,
    })
    .where('id', '=', userId)
    .returning(sql<boolean>`locked_until is not null and locked_until = ${lockUntil}::timestamptz`.as('locked_now'))
    .executeTakeFirstOrThrow();
  return counted.locked_now;
}

/** A successful sign-in: failures forgotten — only if no parallel guess has locked the account meanwhile (false then). */
export async function clearFailedLogins(db: Kysely<DB>, userId: number): Promise<boolean> {
  const cleared = await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: sql`now()` })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .executeTakeFirst();
  return cleared.numUpdatedRows > 0n;
}

export async function passwordHashOf(db: Kysely<DB>, userId: number): Promise<string> {
  return (await db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;
}

/** One's own new password: the forced change is done. */
export async function setOwnPassword(db: Kysely<DB>, userId: number, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash, must_change_password: false, password_changed_at: sql`now()` }).where('id', '=', userId).execute();
}

/** An administrator's or the console's reset: a password to change at next sign-in, the lock lifted. */
export async function setResetPassword(db: Kysely<DB>, userId: number, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function insertSession(db: Kysely<DB>, s: { id: string; userId: number; csrfToken: string; ip: string; userAgent: string | null }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, ip: s.ip, user_agent: s.userAgent }).execute();
}

export async function deleteSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends a user's sessions (all, or all but `exceptId`). Callers clear the session cache after their commit. */
export async function deleteUserSessions(db: Kysely<DB>, userId: number, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export type SessionRow = {
  id: string; csrf_token: string; created_at: Date; last_seen_at: Date; user_id: number; username: string; display_name: string;
  role: string; area_code: string; department: string | null; must_change_password: boolean; status: string; level: number; area_name: string;
};

/** A session with its user and the user's area. */
export async function findSession(db: Kysely<DB>, id: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('areas as a', 'a.code', 'u.area_code')
    .select([
      's.id', 's.csrf_token', 's.created_at', 's.last_seen_at',
      'u.id as user_id', 'u.username', 'u.display_name', 'u.role', 'u.area_code', 'u.department',
      'u.must_change_password', 'u.status', 'a.level', 'a.name as area_name',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', id).execute();
}
