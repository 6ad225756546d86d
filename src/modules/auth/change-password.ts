import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertStrongPassword, hashPassword, verifyPassword, weakPassword } from './password.js';
import { PASSWORD_HISTORY } from './password-rules.js';
import { forgetSessions } from './session.js';
import { deleteUserSessions, passwordOwnerOf, previousPasswordHashes, setOwnPassword } from './repo.js';

/** Changes one's own password; all other sessions of the user end. */
export async function changePassword(
  db: Database,
  actor: Actor,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const owner = await passwordOwnerOf(db, actor.user.id);
  if (!(await verifyPassword(input.currentPassword, owner.password_hash))) throw new AppError('PASSWORD_WRONG');
  assertStrongPassword(input.newPassword, { username: owner.username, displayName: owner.display_name, phone: owner.phone });
  await assertNotReused(db, actor.user.id, owner.password_hash, input.newPassword);
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await setOwnPassword(trx, actor.user.id, hash);
    await deleteUserSessions(trx, actor.user.id, sessionId);
    await recordAudit(trx, { ...auditActor(actor), action: 'auth.password_change', targetType: 'user', targetId: actor.user.id });
  });
  forgetSessions();
}

/** Refuses the current password and the ones before it, the last PASSWORD_HISTORY in all. */
async function assertNotReused(db: Database, userId: number, currentHash: string, password: string): Promise<void> {
  const hashes = [currentHash, ...(await previousPasswordHashes(db, userId, PASSWORD_HISTORY - 1))];
  const matches = await Promise.all(hashes.map((h) => verifyPassword(password, h)));
  if (matches.includes(true)) throw weakPassword(['reused']);
}
