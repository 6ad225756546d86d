import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope, type Scope } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import { ACTIVATION_ROLES, LEVEL_LABELS, managedRoles, ROLE_LABELS, ROLE_LEVELS, type AreaLevel, type Role } from '../../shared/roles.js';
import { AppError } from './errors.js';
import { normaliseCode } from '../areas/policy.js';
import { areaLevel } from '../areas/repo.js';

/**
 * Where an account may sit: inside the administrator's scope, on an area of a level its role allows (ROLE_LEVELS),
 * and a department officer with a department. Returns the stored area code.
 */
export async function checkPlacement(db: Kysely<DB>, scope: Scope, role: Role, areaInput: string, department: string | null | undefined): Promise<string> {
  const areaCode = normaliseCode(areaInput);
  assertInScope(areaCode, scope);
  const level = await areaLevel(db, areaCode);
  if (!(ROLE_LEVELS[role] as readonly number[]).includes(level)) {
    const label = LEVEL_LABELS[level as AreaLevel];
    throw new AppError('ROLE_AREA_MISMATCH', { roleZh: ROLE_LABELS[role].zh, roleEn: ROLE_LABELS[role].en, levelZh: label.zh, levelEn: label.en });
  }
  if (role === 'dept_officer' && !department) throw new AppError('DEPARTMENT_REQUIRED');
  return areaCode;
}

/** An administrator cannot change his own role or area, nor disable himself (no one would be left to undo it). */
export function assertMayChange(actor: Actor, id: number, patch: { role?: Role; areaCode?: string; status?: 'active' | 'disabled' }): void {
  if (id === actor.user.id && (patch.role || patch.status === 'disabled' || patch.areaCode)) throw new AppError('FORBIDDEN');
}

/** The administrator's own subtree: every account change happens inside it. */
export function scopeOf(actor: Actor): Scope {
  return { areaCode: actor.user.areaCode, areaLevel: actor.user.areaLevel };
}

/**
 * Separation of duties (三员分立): an administrator manages only the roles MANAGED_ROLES gives his role — the county
 * administrator never an auditor or a security administrator, the security administrator only those.
 */
export function assertManages(actor: Actor, role: Role): void {
  if (!managedRoles(actor.user.role).includes(role)) {
    throw new AppError('ROLE_NOT_MANAGED', { roleZh: ROLE_LABELS[role].zh, roleEn: ROLE_LABELS[role].en });
  }
}

/** Whose accounts the reader sees: a security administrator only those he manages; the others all in scope. */
export function visibleRoles(user: { role: Role }): readonly Role[] | undefined {
  return user.role === 'security_admin' ? managedRoles(user.role) : undefined;
}

/** Opened and reset only by an activation code: the owner chooses his password, no administrator knows it. */
export function needsActivation(role: Role): boolean {
  return ACTIVATION_ROLES.includes(role);
}

/**
 * An account does not cross the line between activation roles and the others: a clerk whose password an administrator
 * chose would become an auditor with it.
 */
export function assertRoleChange(from: Role, to: Role): void {
  if (needsActivation(from) !== needsActivation(to)) {
    const r = needsActivation(from) ? from : to;
    throw new AppError('ROLE_CHANGE_SEPARATED', { roleZh: ROLE_LABELS[r].zh, roleEn: ROLE_LABELS[r].en });
  }
}
