import { definePermissions } from '../../core/permissions.js';

/**
 * Microcredit (小额信贷). Loans, repayments and extensions are recorded by the county's and the township's staff
 * (县级管理员, 县级审定人员, 乡镇审核人员) inside their own area (core/scope.ts); the village clerk reads the loans of
 * his own village (he follows up the overdue ones, he does not record money); auditors (纪检审计) read and export.
 * The county's limits (amount, term) are the county administrator's. Helpers and department officers see nothing.
 */
export const MICROCREDIT_PERMISSIONS = definePermissions({
  // Loans, repayments, warnings, the report and its .xlsx.
  'microcredit.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'auditor'],
  // Record a loan, a repayment, an extension.
  'microcredit.manage': ['county_admin', 'county_reviewer', 'township_reviewer'],
  // The county's limits for new loans.
  'microcredit.settings': ['county_admin'],
});

type MicrocreditPermissions = typeof MICROCREDIT_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends MicrocreditPermissions {}
}
