/**
 * The permissions this module defines and the roles granted each (assembled into the roles' table by
 * src/shared/roles.ts, which the web app reads too: this file imports nothing).
 */
export const AREAS_PERMISSIONS = {
  'areas.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'dept_officer', 'auditor'],
  'areas.import': ['county_admin'],
} as const;
