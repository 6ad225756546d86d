import type { Database } from '../db/database.js';
import { AppError } from '../core/errors.js';
import { generatePassword, hashPassword } from '../modules/auth/password.js';
import { recordAudit } from '../modules/audit/repo.js';

/** Emergency reset from the server's own console (e.g. the only administrator locked out). Audited as `cli`. */
export async function cliResetPassword(db: Database, username: string): Promise<string> {
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'area_code']).where('username', '=', username).executeTakeFirst();
    if (!user) throw new AppError('NOT_FOUND');
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await recordAudit(trx, { username: 'cli', action: 'users.reset_password', targetType: 'user', targetId: user.id, areaCode: user.area_code, detail: { username } });
  });
  return password;
}
