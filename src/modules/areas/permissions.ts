import { definePermissions } from '../../core/permissions.js';

/**
 * The permissions this module defines and the roles granted each (core/permissions.ts registers them as this file
 * loads; the module list hands them to the app, which gives each user's to the web app through /api/auth/me).
 */
export const AREAS_PERMISSIONS = definePermissions({
  'areas.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'dept_officer', 'auditor', 'security_admin'],
  'areas.import': ['county_admin'],
});

type AreasPermissions = typeof AREAS_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends AreasPermissions {}
}
