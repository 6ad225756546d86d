import type { Module } from '../../server/module.js';
import { MICROCREDIT_ERRORS } from './errors.js';
import { MICROCREDIT_PERMISSIONS } from './permissions.js';
import { microcreditRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/** 小额信贷: loans within the county's limits, repayments, one extension, overdue warnings, the report by area. */
export const microcreditModule: Module = { name: 'microcredit', routes: microcreditRoutes, permissions: MICROCREDIT_PERMISSIONS, errors: MICROCREDIT_ERRORS };
