import { definePermissions } from '../../core/permissions.js';

/**
 * The permissions this module defines and the roles granted each (core/permissions.ts registers them as this file
 * loads; the module list hands them to the app, which gives each user's to the web app through /api/auth/me).
 */
export const AUDIT_PERMISSIONS = definePermissions({
  // Separation of duties (三员分立): the auditor reads everything in scope (audit.read, and the reading permissions of
  // the other modules) and changes nothing.
  'audit.read': ['auditor'],
});

type AuditPermissions = typeof AUDIT_PERMISSIONS;
declare module '../../core/permissions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's names to Permission
  interface PermissionCatalog extends AuditPermissions {}
}
