import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import { forgetSessions } from '../auth/session.js';
import { deleteUserSessions, setResetPassword } from '../auth/repo.js';
import { assertManages, needsActivation, scopeOf } from './policy.js';
import { findByUsername, getUser } from './repo.js';
import { issueActivation, type Activation } from './activation.js';
import type { Role } from '../../shared/roles.js';

/**
 * Administrator reset: a new random password shown once, forced change, lock lifted, sessions ended. An auditor's or
 * security administrator's account (reset only by a security administrator) gets an activation code instead: the
 * old password stops working and the owner chooses a new one with the code.
 */
export async function resetPassword(db: Database, actor: Actor, id: number): Promise<{ password?: string; activation?: Activation }> {
  const target = await getUser(db, scopeOf(actor), id);
  assertManages(actor, target.role);
  if (needsActivation(target.role)) return resetByActivation(db, actor, target.id, target.username);
  // Random: it cannot be one of the user's last passwords, and the old one goes into his history (setResetPassword).
  const password = generatePassword({ username: target.username, displayName: target.displayName, phone: target.phone });
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await setResetPassword(trx, id, hash);
    await deleteUserSessions(trx, id);
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'users.reset_password',
      targetType: 'user',
      targetId: id,
      detail: {
        username: target.username,
        before: { mustChangePassword: target.mustChangePassword, locked: target.locked },
        after: { mustChangePassword: true, locked: false },
      },
    });
  });
  forgetSessions();
  return { password };
}

async function resetByActivation(db: Database, actor: Actor | null, id: number, username: string): Promise<{ activation: Activation }> {
  const activation = await db.transaction().execute(async (trx) => {
    const activation = await issueActivation(trx, id, actor?.user.id ?? null);
    await deleteUserSessions(trx, id);
    await recordAudit(trx, {
      ...(actor ? auditActor(actor) : { username: 'cli' }),
      action: 'users.reset_password',
      targetType: 'user',
      targetId: id,
      detail: { username, activation: { expiresAt: activation.expiresAt } },
    });
    return activation;
  });
  forgetSessions();
  return { activation };
}

/** Emergency reset from the server's own console (e.g. the only administrator locked out). Audited as `cli`. */
export async function consoleResetPassword(db: Database, username: string): Promise<{ password?: string; activation?: Activation }> {
  const user = await findByUsername(db, username);
  if (!user) throw new AppError('NOT_FOUND');
  if (needsActivation(user.role as Role)) return resetByActivation(db, null, user.id, username);
  const password = generatePassword({ username, displayName: user.display_name, phone: user.phone });
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await setResetPassword(trx, user.id, hash);
    await deleteUserSessions(trx, user.id);
    await recordAudit(trx, { username: 'cli', action: 'users.reset_password', targetType: 'user', targetId: user.id, areaCode: user.area_code, detail: { username } });
  });
  return { password };
}
