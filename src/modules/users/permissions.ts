import { definePermissions } from '../../core/permissions.js';

/**
 * The permissions this module defines and the roles granted each (core/permissions.ts registers them as this file
 * loads; the module list hands them to the app, which gives each user's to the web app through /api/auth/me).
 */
export const USERS_PERMISSIONS = definePermissions({
  'users.read': ['county_admin', 'township_reviewer', 'auditor', 'security_admin'],
  // Whose accounts each manages is the policy's (shared/roles.ts MANAGED_ROLES): the security administrator only the
  // auditors' and his peers', the county administrator all others (三员分立).
  'users.manage': ['county_admin', 'security_admin'],
});

type UsersPermissions = typeof USERS_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends UsersPermissions {}
}
