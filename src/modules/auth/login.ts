import type { Database } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import type { SessionUser } from '../../server/context.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { burnTime, verifyPassword } from './password.js';
import { createSession, destroySession, resolveSession } from './session.js';
import { clearFailedLogins, findLoginUser, forgetLoginFailures, reserveLoginAttempt, reserveUnknownAttempt } from './repo.js';

export interface LoginResult {
  userId: number;
  token: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

/** Records of unknown names kept at most (login_failures): checked at every UNKNOWN_TRIM_EVERY-th new name. */
const UNKNOWN_NAMES_MAX = 100_000;
const UNKNOWN_TRIM_EVERY = 1_000;
let newNames = 0;

/**
 * Checks the password and locks the name after `loginMaxFailures` wrong ones. An attempt is counted before its
 * password is judged (repo.ts `reserveLoginAttempt`), so a burst of parallel guesses gets no more than that many
 * judgements. Unknown names, disabled accounts and wrong passwords answer alike — AUTH_INVALID, then AUTH_LOCKED,
 * after the same password hash — until the password is right: only then does a disabled account say so.
 * Every outcome is audited; a failure's audit entry commits even though the login fails.
 */
export async function login(
  db: Database,
  config: Config,
  input: { username: string; password: string; ip: string; userAgent?: string },
): Promise<LoginResult> {
  const rule = { maxFailures: config.loginMaxFailures, lockMinutes: config.loginLockMinutes };
  const user = await findLoginUser(db, input.username);
  const fail = (reason: string) =>
    recordAudit(db, {
      userId: user?.id ?? null,
      username: input.username.slice(0, 64),
      areaCode: user?.area_code ?? null,
      ip: input.ip,
      action: 'auth.login',
      outcome: 'fail',
      detail: { reason },
    });
  const locked = (until: Date | null) =>
    new AppError('AUTH_LOCKED', { minutes: until ? Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000)) : rule.lockMinutes });

  const reserved = user ? await reserveLoginAttempt(db, user.id, rule) : await reserveUnknownAttempt(db, input.username, rule);
  if ('lockedUntil' in reserved) {
    await fail('locked');
    throw locked(reserved.lockedUntil);
  }
  if (!user && reserved.newName) await tidyUnknownNames(db, rule.lockMinutes);
  // An unknown name costs the same hash as a real one: the answer's timing tells nothing either.
  const right = user ? await verifyPassword(input.password, user.password_hash) : (await burnTime(input.password), false);
  if (!user || !right) {
    const lockedNow = reserved.attempt >= rule.maxFailures;
    await fail(`${user ? 'wrong_password' : 'unknown_user'}${lockedNow ? '_locked' : ''}`);
    if (lockedNow) throw locked(null);
    throw new AppError('AUTH_INVALID');
  }
  if (user.status !== 'active') {
    // Its attempt is not cleared: it signs nobody in, so it counts like a failure.
    await fail('disabled');
    throw new AppError('AUTH_DISABLED');
  }
  await clearFailedLogins(db, user.id);
  const session = await createSession(db, user.id, { ip: input.ip, userAgent: input.userAgent });
  await recordAudit(db, { userId: user.id, username: user.username, areaCode: user.area_code, ip: input.ip, action: 'auth.login' });
  return { userId: user.id, ...session, mustChangePassword: user.must_change_password };
}

/** A new unknown name: expired records go, and now and then the table is cut back to its bound. */
async function tidyUnknownNames(db: Database, lockMinutes: number): Promise<void> {
  newNames = (newNames + 1) % UNKNOWN_TRIM_EVERY;
  await forgetLoginFailures(db, lockMinutes, newNames === 0 ? UNKNOWN_NAMES_MAX : undefined);
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
