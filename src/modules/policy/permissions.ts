/**
 * The monitoring policy's permissions (监测政策) and the roles granted each (assembled into the roles' table by
 * src/shared/roles.ts, which the web app reads too: this file imports nothing).
 */
export const POLICY_PERMISSIONS = {
  // Read the policy in force (monitoring line, code tables, time limits, holidays): everyone who works cases.
  'policy.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'auditor'],
  // Publish a new version of the province's or county's policy.
  'policy.manage': ['county_admin'],
} as const;
