/**
 * The registry's permissions (农户信息库) and the roles granted each, assembled into the roles' table by
 * src/shared/roles.ts, which the web app reads too: this file imports nothing. The import and export modules check
 * registry.import and registry.export: they are operations on this registry, granted with it.
 */
export const REGISTRY_PERMISSIONS = {
  // See households and members (masked ID numbers).
  'registry.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'auditor'],
  'registry.write': ['county_admin', 'township_reviewer', 'village_clerk'],
  'registry.import': ['county_admin', 'township_reviewer', 'village_clerk'],
  'registry.export': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk'],
  // See a full ID number (audited).
  'registry.viewFullId': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk'],
} as const;
