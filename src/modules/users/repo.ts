import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope, inScope, type Scope } from '../../core/scope.js';
import type { Role } from '../../shared/roles.js';
import { AppError } from './errors.js';
import { normaliseCode } from '../areas/policy.js';

/** The users table as account administration sees it: reads inside the reader's scope, and the writes. */

/** What an account awaiting activation has instead of a password hash: no password verifies against it. */
export const ACTIVATION_PENDING = 'activation-pending';

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
  /** Waits for its owner to choose a password with the activation code. */
  activationPending: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('users as u')
    .innerJoin('areas as a', 'a.code', 'u.area_code')
    .select([
      'u.id', 'u.username', 'u.display_name', 'u.role', 'u.area_code', 'a.name as area_name', 'u.department', 'u.phone',
      'u.status', 'u.locked_until', 'u.must_change_password', 'u.last_login_at', 'u.created_at',
      sql<boolean>`u.password_hash = ${ACTIVATION_PENDING}`.as('activation_pending'),
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
    activationPending: r.activation_pending,
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

export interface UserFilter {
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  areaCode?: string;
  /** Only these roles' accounts (a security administrator sees only those he manages). */
  roles?: readonly Role[];
  page: number;
  pageSize: number;
}

export async function listUsers(db: Kysely<DB>, scope: Scope, f: UserFilter) {
  let q = baseQuery(db).where(inScope('u.area_code', scope));
  if (f.q) {
    const term = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', term), eb('u.display_name', 'like', term)]));
  }
  if (f.role) q = q.where('u.role', '=', f.role);
  if (f.roles) q = q.where('u.role', 'in', [...f.roles]);
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

export async function getUser(db: Kysely<DB>, scope: Scope, id: number, roles?: readonly Role[]): Promise<UserDto> {
  const row = await baseQuery(db).where('u.id', '=', id).executeTakeFirst();
  if (!row || (roles && !roles.includes(row.role as Role))) throw new AppError('NOT_FOUND');
  assertInScope(row.area_code, scope);
  return toDto(row);
}

export async function usernameTaken(db: Kysely<DB>, username: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export async function anyUser(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/** By user name, whatever the scope: the server's console only (`npx fangpin users reset-password`). */
export async function findByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('users').select(['id', 'area_code', 'display_name', 'phone', 'role']).where('username', '=', username).executeTakeFirst();
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  areaCode: string;
  department: string | null;
  phone?: string | null;
  createdBy?: number | null;
}

/**
 * Inserts an account; its id. Two creations of one name at once: the unique index decides, and the loser gets the
 * same answer as a name taken before (USERNAME_TAKEN).
 */
export async function insertUser(db: Kysely<DB>, u: NewUser): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      role: u.role,
      area_code: u.areaCode,
      department: u.department,
      phone: u.phone ?? null,
      created_by: u.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: { code?: string }) => {
      throw err.code === '23505' ? new AppError('USERNAME_TAKEN', { username: u.username }) : err;
    });
  return row.id;
}

export interface UserChange {
  displayName: string;
  role: Role;
  areaCode: string;
  department: string | null;
  phone: string | null;
  status: 'active' | 'disabled';
}

export async function updateUserRow(db: Kysely<DB>, id: number, c: UserChange): Promise<void> {
  await db
    .updateTable('users')
    .set({ display_name: c.displayName, role: c.role, area_code: c.areaCode, department: c.department, phone: c.phone, status: c.status })
    .where('id', '=', id)
    .execute();
}

/**
 * Gives the account a new activation code (replacing any earlier one) and takes its password away: until the owner
 * activates, nobody can sign in as him, and his sessions are ended by the caller.
 */
export async function storeActivationCode(db: Kysely<DB>, userId: number, codeHash: string, expiresAt: Date, createdBy: number | null): Promise<void> {
  await db
    .insertInto('activation_codes')
    .values({ user_id: userId, code_hash: codeHash, expires_at: expiresAt, created_by: createdBy })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ code_hash: codeHash, expires_at: expiresAt, failures: 0, created_by: createdBy, created_at: sql`now()` }))
    .execute();
  await db.updateTable('users').set({ password_hash: ACTIVATION_PENDING, must_change_password: false, failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

/** The account a user name names and its pending activation code, if any. */
export async function findActivation(db: Kysely<DB>, username: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('activation_codes as c', 'c.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.phone', 'u.area_code', 'c.code_hash', 'c.expires_at', 'c.failures'])
    .where('u.username', '=', username)
    .executeTakeFirst();
}

/** A wrong code: counted, and the code is gone after `max` of them (a new one must be issued). */
export async function countActivationFailure(db: Kysely<DB>, userId: number, max: number): Promise<number> {
  const row = await db.updateTable('activation_codes').set({ failures: sql`failures + 1` }).where('user_id', '=', userId).returning('failures').executeTakeFirst();
  if (row && row.failures >= max) await db.deleteFrom('activation_codes').where('user_id', '=', userId).execute();
  return row?.failures ?? max;
}

/**
 * Uses the code: deleted only if it is still this one and unexpired (of two activations at once one wins), then the
 * owner's own password is set. False when the code was already used, replaced or expired.
 */
export async function consumeActivation(db: Kysely<DB>, userId: number, codeHash: string, passwordHash: string): Promise<boolean> {
  const used = await db
    .deleteFrom('activation_codes')
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  if (!used) return false;
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: sql`now()`, failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
  return true;
}
