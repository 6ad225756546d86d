import { forgetSessions } from '../auth/session.js';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError } from './errors.js';
import { assertInScope, inScope, type Scope } from '../../core/scope.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertStrongPassword, generatePassword, hashPassword } from '../auth/password.js';
import type { Actor } from '../../server/context.js';
import { LEVEL_LABELS, ROLE_LABELS, ROLE_LEVELS, type AreaLevel, type Role } from '../../shared/roles.js';
import { normaliseCode } from '../areas/areas.service.js';

export interface UserDto {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  areaCode: string;
  areaName: string;
  department: string | null;
  phone: string | null;
  status: 'active' | 'disabled';
  locked: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}


function baseQuery(db: Database) {
  return db
    .selectFrom('users as u')
    .innerJoin('areas as a', 'a.code', 'u.area_code')
    .select([
      'u.id', 'u.username', 'u.display_name', 'u.role', 'u.area_code', 'a.name as area_name', 'u.department', 'u.phone',
      'u.status', 'u.locked_until', 'u.must_change_password', 'u.last_login_at', 'u.created_at',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toDto(r: Row): UserDto {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    areaCode: r.area_code,
    areaName: r.area_name,
    department: r.department,
    phone: r.phone,
    status: r.status,
    locked: !!r.locked_until && r.locked_until.getTime() > Date.now(),
    mustChangePassword: r.must_change_password,
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

export interface UserFilter {
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  areaCode?: string;
  page: number;
  pageSize: number;
}

export async function listUsers(db: Database, scope: Scope, f: UserFilter) {
  let q = baseQuery(db).where(inScope('u.area_code', scope));
  if (f.q) {
    const term = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', term), eb('u.display_name', 'like', term)]));
  }
  if (f.role) q = q.where('u.role', '=', f.role);
  if (f.status) q = q.where('u.status', '=', f.status);
  if (f.areaCode) {
    const code = normaliseCode(f.areaCode);
    assertInScope(code, scope);
    q = q.where('u.area_code', '=', code);
  }
  const [rows, count] = await Promise.all([
    q.orderBy('u.area_code').orderBy('u.id').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toDto), total: count.n, page: f.page, pageSize: f.pageSize };
}

export async function getUser(db: Database, scope: Scope, id: number): Promise<UserDto> {
  const row = await baseQuery(db).where('u.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  assertInScope(row.area_code, scope);
  return toDto(row);
}

async function checkPlacement(db: Database, scope: Scope, role: Role, areaInput: string, department: string | null | undefined) {
  const areaCode = normaliseCode(areaInput);
  assertInScope(areaCode, scope);
  const area = await db.selectFrom('areas').select(['level']).where('code', '=', areaCode).executeTakeFirst();
  if (!area) throw new AppError('AREA_NOT_FOUND', { code: areaCode });
  if (!(ROLE_LEVELS[role] as readonly number[]).includes(area.level)) {
    const level = LEVEL_LABELS[area.level as AreaLevel];
    throw new AppError('ROLE_AREA_MISMATCH', { roleZh: ROLE_LABELS[role].zh, roleEn: ROLE_LABELS[role].en, levelZh: level.zh, levelEn: level.en });
  }
  if (role === 'dept_officer' && !department) throw new AppError('DEPARTMENT_REQUIRED');
  return areaCode;
}

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

export async function createUser(db: Database, actor: Actor, input: CreateUserInput): Promise<{ user: UserDto; initialPassword: string }> {
  const scope = { areaCode: actor.user.areaCode, areaLevel: actor.user.areaLevel };
  const areaCode = await checkPlacement(db, scope, input.role, input.areaCode, input.department);
  const password = input.password ?? generatePassword();
  assertStrongPassword(password, input.username);
  const hash = await hashPassword(password);
  const department = input.role === 'dept_officer' ? (input.department ?? null) : null;
  const id = await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new AppError('USERNAME_TAKEN', { username: input.username });
    const row = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        password_hash: hash,
        role: input.role,
        area_code: areaCode,
        department,
        phone: input.phone ?? null,
        created_by: actor.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      // Two creations of one name at once: the unique index decides, and the loser gets the same answer.
      .catch((err: { code?: string }) => {
        throw err.code === '23505' ? new AppError('USERNAME_TAKEN', { username: input.username }) : err;
      });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'users.create',
      targetType: 'user',
      targetId: row.id,
      detail: { after: { username: input.username, displayName: input.displayName, role: input.role, areaCode, department, phone: input.phone ?? null, status: 'active' } },
    });
    return row.id;
  });
  return { user: await getUser(db, scope, id), initialPassword: password };
}

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  areaCode?: string;
  department?: string | null;
  phone?: string | null;
  status?: 'active' | 'disabled';
}

export async function updateUser(db: Database, actor: Actor, id: number, patch: UpdateUserInput): Promise<UserDto> {
  const scope = { areaCode: actor.user.areaCode, areaLevel: actor.user.areaLevel };
  const before = await getUser(db, scope, id);
  if (id === actor.user.id && (patch.role || patch.status === 'disabled' || patch.areaCode)) throw new AppError('FORBIDDEN');
  const role = patch.role ?? before.role;
  const department = patch.department !== undefined ? patch.department : before.department;
  const areaCode = await checkPlacement(db, scope, role, patch.areaCode ?? before.areaCode, department);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        display_name: patch.displayName ?? before.displayName,
        role,
        area_code: areaCode,
        department: role === 'dept_officer' ? department : null,
        phone: patch.phone !== undefined ? patch.phone : before.phone,
        status: patch.status ?? before.status,
      })
      .where('id', '=', id)
      .execute();
    // A disabled or moved user must sign in again under the new rules.
    if (patch.status === 'disabled' || areaCode !== before.areaCode || role !== before.role) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    const after = await getUser(trx, scope, id);
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'users.update',
      targetType: 'user',
      targetId: id,
      detail: { before: pick(before), after: pick(after) },
    });
  });
  forgetSessions();
  return getUser(db, scope, id);
}

/** Administrator reset: a new random password shown once, forced change, lock lifted, sessions ended. */
export async function resetPassword(db: Database, actor: Actor, id: number): Promise<{ password: string }> {
  const scope = { areaCode: actor.user.areaCode, areaLevel: actor.user.areaLevel };
  const target = await getUser(db, scope, id);
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
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

function pick(u: UserDto) {
  return { displayName: u.displayName, role: u.role, areaCode: u.areaCode, department: u.department, phone: u.phone, status: u.status };
}
