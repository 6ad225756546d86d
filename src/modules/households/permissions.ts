import { definePermissions } from '../../core/permissions.js';

/**
 * The registry's permissions (农户信息库) and the roles granted each (core/permissions.ts registers them as this
 * file loads). The import and export modules check
 * registry.import and registry.export: they are operations on this registry, granted with it.
 */
export const REGISTRY_PERMISSIONS = definePermissions({
  // See households and members (masked ID numbers).
  'registry.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'auditor'],
  'registry.write': ['county_admin', 'township_reviewer', 'village_clerk'],
  'registry.import': ['county_admin', 'township_reviewer', 'village_clerk'],
  'registry.export': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk'],
  // See a full ID number (audited).
  'registry.viewFullId': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk'],
});

type RegistryPermissions = typeof REGISTRY_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends RegistryPermissions {}
}
