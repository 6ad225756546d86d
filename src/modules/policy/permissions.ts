import { definePermissions } from '../../core/permissions.js';

/**
 * The monitoring policy's permissions (监测政策) and the roles granted each (core/permissions.ts registers them as this
 * file loads; the web app learns a user's from /api/auth/me).
 */
export const POLICY_PERMISSIONS = definePermissions({
  // Read the policy in force (monitoring line, code tables, time limits, holidays): everyone who works cases.
  'policy.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'auditor'],
  // Publish a new version of the province's or county's policy.
  'policy.manage': ['county_admin'],
});

type PolicyPermissions = typeof POLICY_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends PolicyPermissions {}
}
