import type { Module } from '../../server/module.js';
import { AREAS_ERRORS } from './errors.js';
import { AREAS_PERMISSIONS } from './permissions.js';
import { areasRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/** The administrative tree: lazy children, search, import from the national division data. */
export const areasModule: Module = { name: 'areas', routes: areasRoutes, permissions: AREAS_PERMISSIONS, errors: AREAS_ERRORS };
