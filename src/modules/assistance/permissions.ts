import { definePermissions } from '../../core/permissions.js';

/**
 * Assistance (帮扶) permissions and the roles granted each. Beyond the area scope, a helper reaches only the
 * households paired with him (access.ts), in every assistance endpoint.
 */
export const ASSISTANCE_PERMISSIONS = definePermissions({
  // Plans, warnings, visits, schedules of the caller's area (a helper: his households).
  'assistance.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'auditor'],
  // Add and edit a household's measures (一户一策).
  'assistance.plan': ['county_reviewer', 'township_reviewer', 'village_clerk', 'helper'],
  // The county's measure catalogue and visit schedule.
  'assistance.configure': ['county_admin'],
  // Pair helpers with households, one by one or from an .xlsx file.
  'assistance.assign': ['county_admin', 'county_reviewer', 'township_reviewer'],
  // Record a visit (走访) of a household paired with the caller.
  'assistance.visit': ['helper'],
});

type AssistancePermissions = typeof ASSISTANCE_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends AssistancePermissions {}
}
