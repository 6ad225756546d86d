import { definePermissions } from '../../core/permissions.js';

/**
 * Public-welfare posts (公益岗位). Posts are set, people hired, paid and exited by the county's and the township's staff
 * (县级管理员, 县级审定人员, 乡镇审核人员), each inside his own area (core/scope.ts). The village clerk reads the posts and
 * the pay of his own village only: a hire is a township decision here (a clerk's proposal would need a step of its
 * own, not built). Auditors (纪检审计) read and export in their area. Helpers and department officers see nothing.
 */
export const WELFARE_POST_PERMISSIONS = definePermissions({
  // Posts, people on post, pay sheets, the report and its .xlsx.
  'welfarePosts.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'auditor'],
  // Create a post, hire, record pay, exit.
  'welfarePosts.manage': ['county_admin', 'county_reviewer', 'township_reviewer'],
});

type WelfarePostPermissions = typeof WELFARE_POST_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends WelfarePostPermissions {}
}
