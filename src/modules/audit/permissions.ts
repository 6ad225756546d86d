/**
 * The permissions this module defines and the roles granted each (assembled into the roles' table by
 * src/shared/roles.ts, which the web app reads too: this file imports nothing).
 */
export const AUDIT_PERMISSIONS = {
  // Separation of duties (三员分立): the auditor reads everything in scope (audit.read, and the reading permissions of
  // the other modules) and changes nothing.
  'audit.read': ['auditor'],
} as const;
