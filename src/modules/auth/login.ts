import type { Database } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import type { SessionUser } from '../../server/context.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { burnTime, verifyPassword } from './password.js';
import { createSession, destroySession, resolveSession } from './session.js';
import { clearFailedLogins, countFailedLogin, findLoginUser } from './repo.js';

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
  const user = await findLoginUser(db, input.username);
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
    const lock = await countFailedLogin(db, user.id, config.loginMaxFailures, new Date(Date.now() + config.loginLockMinutes * 60_000));
    await fail(lock ? 'wrong_password_locked' : 'wrong_password', user.id, user.area_code);
    if (lock) throw new AppError('AUTH_LOCKED', { minutes: config.loginLockMinutes });
    throw new AppError('AUTH_INVALID');
  }
  if (user.status !== 'active') {
    await fail('disabled', user.id, user.area_code);
    throw new AppError('AUTH_DISABLED');
  }
  if (!(await clearFailedLogins(db, user.id))) {
    await fail('locked', user.id, user.area_code);
    throw new AppError('AUTH_LOCKED', { minutes: config.loginLockMinutes });
  }
  const session = await createSession(db, user.id, { ip: input.ip, userAgent: input.userAgent });
  await recordAudit(db, { userId: user.id, username: user.username, areaCode: user.area_code, ip: input.ip, action: 'auth.login' });
  return { userId: user.id, ...session, mustChangePassword: user.must_change_password };
}

/**
 * The sign-in of the login route: a new session id at every login (any session the browser had is ended first), and
 * the signed-in user as the session now resolves.
 */
export async function signIn(
  db: Database,
  config: Config,
  input: { username: string; password: string; ip: string; userAgent?: string; previousSessionId?: string },
): Promise<LoginResult & { user: SessionUser }> {
  if (input.previousSessionId) await destroySession(db, input.previousSessionId);
  const result = await login(db, config, input);
  const session = await resolveSession(db, config, result.token);
  return { ...result, user: session!.user };
}
