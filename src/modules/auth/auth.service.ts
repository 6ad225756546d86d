import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { assertStrongPassword, burnTime, hashPassword, verifyPassword } from './password.js';
import { createSession, forgetSessions } from './session.js';
import type { Actor } from '../../server/context.js';

export interface LoginResult {
  userId: number;
  token: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

/**
 * Checks the password, counts failures and locks the account after `loginMaxFailures` in a row.
 * Every outcome is audited; a failure's audit entry commits even though the login fails.
 */
export async function login(
  db: Database,
  config: Config,
  input: { username: string; password: string; ip: string; userAgent?: string },
): Promise<LoginResult> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'status', 'failed_logins', 'locked_until', 'must_change_password', 'area_code'])
    .where('username', '=', input.username)
    .executeTakeFirst();
  const fail = (reason: string, userId?: number, areaCode?: string) =>
    recordAudit(db, {
      userId: userId ?? null,
      username: input.username.slice(0, 64),
      areaCode: areaCode ?? null,
      ip: input.ip,
      action: 'auth.login',
      outcome: 'fail',
      detail: { reason },
    });

  if (!user) {
    await burnTime(input.password);
    await fail('unknown_user');
    throw new AppError('AUTH_INVALID');
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    await fail('locked', user.id, user.area_code);
    throw new AppError('AUTH_LOCKED', { minutes: Math.ceil((user.locked_until.getTime() - Date.now()) / 60_000) });
  }
  if (!(await verifyPassword(input.password, user.password_hash))) {
    // Counted in the database, atomically: parallel guesses must not overwrite each other's count.
    const lockUntil = new Date(Date.now() + config.loginLockMinutes * 60_000);
    const hit = sql<boolean>`failed_logins + 1 >= ${config.loginMaxFailures}`;
    const counted = await db
      .updateTable('users')
      .set({
        failed_logins: sql`case when ${hit} then 0 else failed_logins + 1 end`,
        locked_until: sql`case when ${hit} then ${lockUntil}::timestamptz else locked_until end`,
      })
      .where('id', '=', user.id)
      .returning(sql<boolean>`locked_until is not null and locked_until = ${lockUntil}::timestamptz`.as('locked_now'))
      .executeTakeFirstOrThrow();
    const lock = counted.locked_now;
    await fail(lock ? 'wrong_password_locked' : 'wrong_password', user.id, user.area_code);
    if (lock) throw new AppError('AUTH_LOCKED', { minutes: config.loginLockMinutes });
    throw new AppError('AUTH_INVALID');
  }
  if (user.status !== 'active') {
    await fail('disabled', user.id, user.area_code);
    throw new AppError('AUTH_DISABLED');
  }
  // Only if no parallel guess has locked the account meanwhile.
  const cleared = await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: sql`now()` })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .executeTakeFirst();
  if (!cleared.numUpdatedRows) {
    await fail('locked', user.id, user.area_code);
    throw new AppError('AUTH_LOCKED', { minutes: config.loginLockMinutes });
  }
  const session = await createSession(db, user.id, { ip: input.ip, userAgent: input.userAgent });
  await recordAudit(db, { userId: user.id, username: user.username, areaCode: user.area_code, ip: input.ip, action: 'auth.login' });
  return { userId: user.id, ...session, mustChangePassword: user.must_change_password };
}

/** Changes one's own password; all other sessions of the user end. */
export async function changePassword(
  db: Database,
  actor: Actor,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const row = await db.selectFrom('users').select(['password_hash']).where('id', '=', actor.user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, row.password_hash))) throw new AppError('PASSWORD_WRONG');
  assertStrongPassword(input.newPassword, actor.user.username);
  if (await verifyPassword(input.newPassword, row.password_hash)) throw new AppError('PASSWORD_WEAK', {}, { problems: ['reused'] });
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: false, password_changed_at: sql`now()` })
      .where('id', '=', actor.user.id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', actor.user.id).where('id', '!=', sessionId).execute();
    await recordAudit(trx, {
      userId: actor.user.id, username: actor.user.username, areaCode: actor.user.areaCode, ip: actor.ip,
      action: 'auth.password_change', targetType: 'user', targetId: actor.user.id,
    });
  });
  forgetSessions();
}
