import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './password.js';
import { forgetSessions } from './session.js';
import { deleteUserSessions, passwordHashOf, setOwnPassword } from './repo.js';

/** Changes one's own password; all other sessions of the user end. */
export async function changePassword(
  db: Database,
  actor: Actor,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const current = await passwordHashOf(db, actor.user.id);
  if (!(await verifyPassword(input.currentPassword, current))) throw new AppError('PASSWORD_WRONG');
  assertStrongPassword(input.newPassword, actor.user.username);
  if (await verifyPassword(input.newPassword, current)) throw new AppError('PASSWORD_WEAK', {}, { problems: ['reused'] });
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await setOwnPassword(trx, actor.user.id, hash);
    await deleteUserSessions(trx, actor.user.id, sessionId);
    await recordAudit(trx, { ...auditActor(actor), action: 'auth.password_change', targetType: 'user', targetId: actor.user.id });
  });
  forgetSessions();
}

