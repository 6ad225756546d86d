import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { PASSWORD_HISTORY } from './password-rules.js';

/** Credentials (the users table's sign-in columns) and sessions: every statement of sign-in and sign-out. */

export async function findLoginUser(db: Kysely<DB>, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'status', 'failed_logins', 'locked_until', 'must_change_password', 'area_code'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/** The lockout's settings, as `login` passes them to the statements below. */
export interface LockoutRule {
  /** Attempts judged before the lock (LOGIN_MAX_FAILURES). */
  maxFailures: number;
  /** LOGIN_LOCK_MINUTES: how long a lock lasts, and how long a failure is remembered. */
  lockMinutes: number;
}

/**
 * The answer to "may one more password be judged?": `attempt` is its number since the count last started (the last
 * success, an expired lock or a quiet lock window), or `lockedUntil` when the name is locked.
 */
export type Reservation = { attempt: number; /** an unknown name seen for the first time */ newName?: boolean } | { lockedUntil: Date | null };

/**
 * Reserves an attempt on an account before its password is checked, in one statement: parallel guesses queue on the
 * row, so however many arrive at once at most `maxFailures` are judged. The one that reaches the limit locks the
 * account right away (a right password lifts the lock again: `clearFailedLogins`), and a locked account answers
 * without a new attempt — a lock does not restart the count for the next burst.
 */
export async function reserveLoginAttempt(db: Kysely<DB>, userId: number, rule: LockoutRule): Promise<Reservation> {
  const n = sql<number>`(case when ${freshCount(sql.ref('locked_until'), sql.ref('last_failed_login_at'), rule)} then 1 else failed_logins + 1 end)`;
  const row = await db
    .updateTable('users')
    .set({
      failed_logins: n,
      locked_until: sql`case when ${n} >= ${rule.maxFailures} then now() + make_interval(mins => ${rule.lockMinutes}) end`,
      last_failed_login_at: sql`now()`,
    })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .returning('failed_logins')
    .executeTakeFirst();
  if (row) return { attempt: row.failed_logins };
  const locked = await db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();
  return { lockedUntil: locked?.locked_until ?? null };
}

/**
 * The same for a name that is no account, on a record of its own (login_failures): an unknown name answers and
 * locks exactly as a real one does, so neither tells which names exist. A new name first clears the records that
 * mean nothing any more (`forgetLoginFailures`).
 */
export async function reserveUnknownAttempt(db: Kysely<DB>, name: string, rule: LockoutRule): Promise<Reservation> {
  const n = sql<number>`(case when ${freshCount(sql.ref('f.locked_until'), sql.ref('f.last_failed_at'), rule)} then 1 else f.failures + 1 end)`;
  const lockAt = (count: unknown) => sql`case when ${count} >= ${rule.maxFailures} then now() + make_interval(mins => ${rule.lockMinutes}) end`;
  const result = await sql<{ failures: number; new_name: boolean }>`
    insert into login_failures as f (name, failures, locked_until, last_failed_at)
    values (${name}, 1, ${lockAt(sql`1`)}, now())
    on conflict (name) do update set failures = ${n}, locked_until = ${lockAt(n)}, last_failed_at = now()
      where f.locked_until is null or f.locked_until <= now()
    returning failures, (xmax = 0) as new_name`.execute(db);
  const row = result.rows[0];
  if (row) return { attempt: row.failures, newName: row.new_name };
  const locked = await db.selectFrom('login_failures').select('locked_until').where('name', '=', name).executeTakeFirst();
  return { lockedUntil: locked?.locked_until ?? null };
}

/** Whether a count starts again: its lock has expired, or its last failure is older than the lock window. */
function freshCount(lockedUntil: RawBuilder<unknown>, lastFailed: RawBuilder<unknown>, rule: LockoutRule) {
  return sql<boolean>`(${lockedUntil} <= now() or ${lastFailed} is null or ${lastFailed} < now() - make_interval(mins => ${rule.lockMinutes}))`;
}

/**
 * Deletes the records of unknown names whose count would start again anyway, and beyond `keep` records the oldest
 * ones, locked names last (a flood of made-up names must not grow the table without end; a record lost early only
 * gives its name a fresh count).
 */
export async function forgetLoginFailures(db: Kysely<DB>, lockMinutes: number, keep?: number): Promise<void> {
  await db
    .deleteFrom('login_failures')
    .where('last_failed_at', '<', sql<Date>`now() - make_interval(mins => ${lockMinutes})`)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .execute();
  if (keep !== undefined) {
    await db.deleteFrom('login_failures')
      .where('name', 'in', (eb) =>
        eb.selectFrom('login_failures').select('name')
          .orderBy(sql`locked_until > now()`, sql`desc nulls last`).orderBy('last_failed_at', 'desc').offset(keep))
      .execute();
  }
}

/** A right password: the count and any lock are gone (the attempt was judged within the allowance). */
export async function clearFailedLogins(db: Kysely<DB>, userId: number): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: sql`now()` }).where('id', '=', userId).execute();
}

/** What a new password of the user is checked against: the current hash, the names and the phone. */
export async function passwordOwnerOf(db: Kysely<DB>, userId: number) {
  return db.selectFrom('users').select(['password_hash', 'username', 'display_name', 'phone']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** The hashes of the user's passwords before the current one, newest first. */
export async function previousPasswordHashes(db: Kysely<DB>, userId: number, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => r.password_hash);
}

/**
 * Keeps the hash being replaced in the user's history, trimmed to the PASSWORD_HISTORY - 1 newest (with the new
 * current one, the last PASSWORD_HISTORY). Runs in the transaction that sets the new hash.
 */
async function archivePassword(db: Kysely<DB>, userId: number): Promise<void> {
  await db.insertInto('password_history').columns(['user_id', 'password_hash'])
    .expression((eb) => eb.selectFrom('users').select(['id', 'password_hash']).where('id', '=', userId))
    .execute();
  await db.deleteFrom('password_history').where('user_id', '=', userId)
    .where('id', 'not in', (eb) => eb.selectFrom('password_history').select('id').where('user_id', '=', userId).orderBy('id', 'desc').limit(PASSWORD_HISTORY - 1))
    .execute();
}

/** One's own new password: the forced change is done; the old one goes into the history. */
export async function setOwnPassword(db: Kysely<DB>, userId: number, hash: string): Promise<void> {
  await archivePassword(db, userId);
  await db.updateTable('users').set({ password_hash: hash, must_change_password: false, password_changed_at: sql`now()` }).where('id', '=', userId).execute();
}

/**
 * An administrator's or the console's reset: a password to change at next sign-in, the lock lifted. The old password
 * goes into the history, so the forced change cannot simply go back to it.
 */
export async function setResetPassword(db: Kysely<DB>, userId: number, hash: string): Promise<void> {
  await archivePassword(db, userId);
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
