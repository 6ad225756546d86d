/**
 * The monitoring chain's permissions (防止返贫致贫监测) and the roles granted each (assembled into the roles' table by
 * src/shared/roles.ts, which the web app reads too: this file imports nothing). Which step each role may take, and
 * at which level, is the case machine's (machine.ts); these only open the doors.
 */
export const MONITORING_PERMISSIONS = {
  // Cases, inbox, a household's monitoring status.
  'monitoring.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'auditor'],
  // Open a case: inspection (village clerk, helper), hotline (township, county staff), risk elimination.
  'monitoring.open': ['county_reviewer', 'township_reviewer', 'village_clerk', 'helper'],
  // The suspect-data checks (疑点): the county's and the auditors' view.
  'monitoring.suspects': ['county_admin', 'county_reviewer', 'auditor'],
  // Take a step of a case (the machine checks role and level).
  'monitoring.act': ['county_reviewer', 'township_reviewer', 'village_clerk'],
} as const;
