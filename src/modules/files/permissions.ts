import { definePermissions } from '../../core/permissions.js';

/**
 * Attachments: who may upload and who may read (core/permissions.ts registers them as this file loads). Which
 * attachment a reader gets is decided by its area (the reader's scope must cover it) and, before it is linked to its
 * record, by its uploader (only he sees it).
 */
export const FILES_PERMISSIONS = definePermissions({
  // Those who fill in forms that carry documents and photos: the visit and appraisal (clerks), the reviewers' steps,
  // a helper's assistance visits.
  'files.upload': ['county_reviewer', 'township_reviewer', 'village_clerk', 'helper'],
  // Those who read the records the attachments belong to.
  'files.read': ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'auditor'],
});

type FilesPermissions = typeof FILES_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends FilesPermissions {}
}
