import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import { ROLE_LABELS, type Role } from '../../shared/roles.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertStrongPassword, generatePassword, hashPassword } from '../auth/password.js';
import { assertManages, checkPlacement, needsActivation, scopeOf } from './policy.js';
import { ACTIVATION_PENDING, getUser, insertUser, usernameTaken, type UserDto } from './repo.js';
import { issueActivation, type Activation } from './activation.js';

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

/**
 * A new account in the administrator's scope, of a role he manages (三员分立). Its initial password is returned
 * once — or, for an auditor or a security administrator, an activation code with which the owner chooses his own.
 */
export async function createUser(
  db: Database,
  actor: Actor,
  input: CreateUserInput,
): Promise<{ user: UserDto; initialPassword?: string; activation?: Activation }> {
  const scope = scopeOf(actor);
  assertManages(actor, input.role);
  const activation = needsActivation(input.role);
  if (activation && input.password !== undefined) {
    throw new AppError('ACTIVATION_PASSWORD', { roleZh: ROLE_LABELS[input.role].zh, roleEn: ROLE_LABELS[input.role].en });
  }
  const areaCode = await checkPlacement(db, scope, input.role, input.areaCode, input.department);
  const owner = { username: input.username, displayName: input.displayName, phone: input.phone };
  const password = activation ? undefined : (input.password ?? generatePassword(owner));
  if (password !== undefined) assertStrongPassword(password, owner);
  const passwordHash = password !== undefined ? await hashPassword(password) : ACTIVATION_PENDING;
  const department = input.role === 'dept_officer' ? (input.department ?? null) : null;
  const { id, code } = await db.transaction().execute(async (trx) => {
    if (await usernameTaken(trx, input.username)) throw new AppError('USERNAME_TAKEN', { username: input.username });
    const id = await insertUser(trx, {
      username: input.username, displayName: input.displayName, passwordHash, role: input.role, areaCode, department,
      phone: input.phone ?? null, createdBy: actor.user.id,
    });
    const code = activation ? await issueActivation(trx, id, actor.user.id) : undefined;
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'users.create',
      targetType: 'user',
      targetId: id,
      detail: {
        after: { username: input.username, displayName: input.displayName, role: input.role, areaCode, department, phone: input.phone ?? null, status: 'active' },
        // When the code was issued and until when it holds; never the code.
        ...(code ? { activation: { expiresAt: code.expiresAt } } : {}),
      },
    });
    return { id, code };
  });
  const user = await getUser(db, scope, id);
  return code ? { user, activation: code } : { user, initialPassword: password! };
}

/**
 * An account made from the server's console: the first administrator of an installation started empty
 * (SEED_DEMO=false), or any account when no administrator can sign in. The whole tree is its scope; the area must be
 * loaded (`npx fangpin areas import`). Audited as `cli`; the initial password is returned once and must be changed.
 */
export async function consoleCreateUser(
  db: Database,
  input: Omit<CreateUserInput, 'password'>,
): Promise<{ id: number; areaCode: string; initialPassword?: string; activation?: Activation }> {
  const areaCode = await checkPlacement(db, { areaCode: '', areaLevel: 0 }, input.role, input.areaCode, input.department);
  // An auditor or security administrator from the console too gets an activation code: the operator never knows
  // the password.
  const activation = needsActivation(input.role);
  const password = activation ? undefined : generatePassword({ username: input.username, displayName: input.displayName, phone: input.phone ?? null });
  const passwordHash = password !== undefined ? await hashPassword(password) : ACTIVATION_PENDING;
  const department = input.role === 'dept_officer' ? (input.department ?? null) : null;
  const { id, code } = await db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, { username: input.username, displayName: input.displayName, passwordHash, role: input.role, areaCode, department, phone: input.phone ?? null });
    const code = activation ? await issueActivation(trx, id, null) : undefined;
    await recordAudit(trx, {
      username: 'cli',
      action: 'users.create',
      targetType: 'user',
      targetId: id,
      areaCode,
      detail: {
        after: { username: input.username, displayName: input.displayName, role: input.role, areaCode, department, status: 'active' },
        ...(code ? { activation: { expiresAt: code.expiresAt } } : {}),
      },
    });
    return { id, code };
  });
  return code ? { id, areaCode, activation: code } : { id, areaCode, initialPassword: password! };
}
