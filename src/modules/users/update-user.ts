import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import type { Role } from '../../shared/roles.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { forgetSessions } from '../auth/session.js';
import { deleteUserSessions } from '../auth/repo.js';
import { assertManages, assertMayChange, assertRoleChange, checkPlacement, scopeOf } from './policy.js';
import { getUser, updateUserRow, type UserDto } from './repo.js';

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  areaCode?: string;
  department?: string | null;
  phone?: string | null;
  status?: 'active' | 'disabled';
}

/** Changes role, area, department, phone or status; a disabled or moved user must sign in again under the new rules. */
export async function updateUser(db: Database, actor: Actor, id: number, patch: UpdateUserInput): Promise<UserDto> {
  const scope = scopeOf(actor);
  const before = await getUser(db, scope, id);
  assertMayChange(actor, id, patch);
  assertManages(actor, before.role);
  const role = patch.role ?? before.role;
  assertManages(actor, role);
  assertRoleChange(before.role, role);
  const department = patch.department !== undefined ? patch.department : before.department;
  const areaCode = await checkPlacement(db, scope, role, patch.areaCode ?? before.areaCode, department);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, id, {
      displayName: patch.displayName ?? before.displayName,
      role,
      areaCode,
      department: role === 'dept_officer' ? department : null,
      phone: patch.phone !== undefined ? patch.phone : before.phone,
      status: patch.status ?? before.status,
    });
    if (patch.status === 'disabled' || areaCode !== before.areaCode || role !== before.role) await deleteUserSessions(trx, id);
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

function pick(u: UserDto) {
  return { displayName: u.displayName, role: u.role, areaCode: u.areaCode, department: u.department, phone: u.phone, status: u.status };
}
