import { definePermissions } from '../../core/permissions.js';

/**
 * The monitoring chain's permissions (防止返贫致贫监测) and the roles granted each (core/permissions.ts registers them as this
 * file loads; the web app learns a user's from /api/auth/me). Which step each role may take, and
 * at which level, is the case machine's (machine.ts); these only open the doors.
 */
export const MONITORING_PERMISSIONS = definePermissions({
  // Cases, inbox, a household's monitoring status.
  'monitoring.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'auditor'],
  // Open a case: inspection (village clerk, helper), hotline (township, county staff), risk elimination.
  'monitoring.open': ['county_reviewer', 'township_reviewer', 'village_clerk', 'helper'],
  // The suspect-data checks (疑点): the county's and the auditors' view.
  'monitoring.suspects': ['county_admin', 'county_reviewer', 'auditor'],
  // The county's and township's reports (time per step by township), each in its area.
  'monitoring.reports': ['county_admin', 'county_reviewer', 'township_reviewer', 'auditor'],
  // Take a step of a case (the machine checks role and level).
  'monitoring.act': ['county_reviewer', 'township_reviewer', 'village_clerk'],
});

type MonitoringPermissions = typeof MONITORING_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends MonitoringPermissions {}
}
