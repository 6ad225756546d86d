import type { Module } from '../../server/module.js';
import { ASSISTANCE_ERRORS } from './errors.js';
import { ASSISTANCE_PERMISSIONS } from './permissions.js';
import { assistanceRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/**
 * 帮扶: one household, one plan (measures from the county's catalogue), warnings, helpers paired with households
 * (one by one or from .xlsx), visits on a schedule (idempotent by the phone's UUID) that can open a case.
 */
export const assistanceModule: Module = { name: 'assistance', routes: assistanceRoutes, permissions: ASSISTANCE_PERMISSIONS, errors: ASSISTANCE_ERRORS };
