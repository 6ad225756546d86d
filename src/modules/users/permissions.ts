/**
 * The permissions this module defines and the roles granted each (assembled into the roles' table by
 * src/shared/roles.ts, which the web app reads too: this file imports nothing).
 */
export const USERS_PERMISSIONS = {
  'users.read': ['county_admin', 'township_reviewer', 'auditor'],
  'users.manage': ['county_admin'],
} as const;
