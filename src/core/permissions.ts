import type { Role } from '../shared/roles.js';

/**
 * Permissions and the roles granted each. Every module declares its own in its permissions.ts with
 * `definePermissions`, which adds them here as the module loads and to the `PermissionCatalog` type (declaration
 * merging, as for error codes): a route's `config.auth.permission` or a `can(role, 'registry.viewFullId')` is
 * type-checked, and no shared file lists the modules' permissions. buildApp checks that what is registered is exactly
 * what the module list (src/modules/index.ts) declares, and gives the web app the names (the `Permission` schema)
 * and each user's permissions (/api/auth/me).
 */
export type PermissionTable = Readonly<Record<string, readonly Role[]>>;

/** Every permission name, by declaration merging from the modules' permissions.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into by the modules' permissions.ts
export interface PermissionCatalog {}

export type Permission = keyof PermissionCatalog & string;

const registry = new Map<string, readonly Role[]>();

/** Adds a module's permissions; a name declared twice with other roles stops the process at start. */
export function definePermissions<const T extends PermissionTable>(table: T): T {
  for (const [name, roles] of Object.entries(table)) {
    const known = registry.get(name);
    if (known && (known.length !== roles.length || known.some((r) => !roles.includes(r)))) {
      throw new Error(`permission ${name} is declared twice, differently`);
    }
    registry.set(name, roles);
  }
  return table;
}

/** The permissions known so far (those of the modules loaded), in load order. */
export function knownPermissions(): ReadonlyMap<string, readonly Role[]> {
  return registry;
}

export function can(role: Role, permission: Permission): boolean {
  const roles = registry.get(permission);
  // Only a module whose permissions.ts was never loaded gets here: a programming error, refused loudly.
  if (!roles) throw new Error(`permission ${permission} is not loaded: import its module's permissions.ts`);
  return roles.includes(role);
}

/** What a role may do, in the table's order (/api/auth/me). */
export function permissionsOf(role: Role): Permission[] {
  return [...registry].filter(([, roles]) => roles.includes(role)).map(([name]) => name as Permission);
}
