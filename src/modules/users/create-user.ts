import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import type { Role } from '../../shared/roles.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertStrongPassword, generatePassword, hashPassword } from '../auth/password.js';
import { checkPlacement, scopeOf } from './policy.js';
import { getUser, insertUser, usernameTaken, type UserDto } from './repo.js';

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  areaCode: string;
  department?: string | null;
  phone?: string | null;
  /** Omit to generate one; either way the user must change it at first sign-in. */
  password?: string;
}

/** A new account in the administrator's scope; its initial password is returned once. */
export async function createUser(db: Database, actor: Actor, input: CreateUserInput): Promise<{ user: UserDto; initialPassword: string }> {
  const scope = scopeOf(actor);
  const areaCode = await checkPlacement(db, scope, input.role, input.areaCode, input.department);
  const owner = { username: input.username, displayName: input.displayName, phone: input.phone };
  const password = input.password ?? generatePassword(owner);
  assertStrongPassword(password, owner);
  const passwordHash = await hashPassword(password);
  const department = input.role === 'dept_officer' ? (input.department ?? null) : null;
  const id = await db.transaction().execute(async (trx) => {
    if (await usernameTaken(trx, input.username)) throw new AppError('USERNAME_TAKEN', { username: input.username });
    const id = await insertUser(trx, {
      username: input.username, displayName: input.displayName, passwordHash, role: input.role, areaCode, department,
      phone: input.phone ?? null, createdBy: actor.user.id,
    });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'users.create',
      targetType: 'user',
      targetId: id,
      detail: { after: { username: input.username, displayName: input.displayName, role: input.role, areaCode, department, phone: input.phone ?? null, status: 'active' } },
    });
    return id;
  });
  return { user: await getUser(db, scope, id), initialPassword: password };
}

/**
 * An account made from the server's console: the first administrator of an installation started empty
 * (SEED_DEMO=false), or any account when no administrator can sign in. The whole tree is its scope; the area must be
 * loaded (`npx fangpin areas import`). Audited as `cli`; the initial password is returned once and must be changed.
 */
export async function consoleCreateUser(db: Database, input: Omit<CreateUserInput, 'password'>): Promise<{ id: number; areaCode: string; initialPassword: string }> {
  const areaCode = await checkPlacement(db, { areaCode: '', areaLevel: 0 }, input.role, input.areaCode, input.department);
  const password = generatePassword({ username: input.username, displayName: input.displayName, phone: input.phone ?? null });
  const passwordHash = await hashPassword(password);
  const department = input.role === 'dept_officer' ? (input.department ?? null) : null;
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, { username: input.username, displayName: input.displayName, passwordHash, role: input.role, areaCode, department, phone: input.phone ?? null });
    await recordAudit(trx, {
      username: 'cli',
      action: 'users.create',
      targetType: 'user',
      targetId: id,
      areaCode,
      detail: { after: { username: input.username, displayName: input.displayName, role: input.role, areaCode, department, status: 'active' } },
    });
    return id;
  });
  return { id, areaCode, initialPassword: password };
}
