import { definePermissions } from '../../core/permissions.js';

/**
 * Department data screening (部门筛查预警). A department officer uploads his department's data and sees its match rates
 * and handling results — never a household. The county runs the comparison, reviews candidates and edits the rules;
 * townships and villages handle the warnings of their area.
 */
export const SCREENING_PERMISSIONS = definePermissions({
  // Datasets: an officer his department's, the county every submitted one of its area.
  'screening.datasets': ['dept_officer', 'county_admin', 'county_reviewer'],
  // Upload, map and submit a dataset of one's department.
  'screening.upload': ['dept_officer'],
  // Run the comparison, read runs and reports, review candidates, preview rules, the county's figures.
  'screening.run': ['county_admin', 'county_reviewer'],
  // Change a rule (a new version).
  'screening.rules': ['county_admin', 'county_reviewer'],
  // The warnings of one's area.
  'screening.warnings': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk'],
  // Handle a warning: open a case, dismiss it, correct the registry.
  'screening.handle': ['county_reviewer', 'township_reviewer', 'village_clerk'],
});

type ScreeningPermissions = typeof SCREENING_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends ScreeningPermissions {}
}
