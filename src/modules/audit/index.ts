import type { Module } from '../../server/module.js';
import { AUDIT_PERMISSIONS } from './permissions.js';
import { auditRoutes } from './routes.js';

/** The append-only SM3 hash chain: every module records through repo.ts `recordAudit`; this module browses and verifies. */
export const auditModule: Module = { name: 'audit', routes: auditRoutes, permissions: AUDIT_PERMISSIONS };
