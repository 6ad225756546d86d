import type { Module } from '../../server/module.js';
import { HOUSEHOLDS_ERRORS } from './errors.js';
import { REGISTRY_PERMISSIONS } from './permissions.js';
import { householdsRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/** The household registry: households, members, search, history, the area's figures. */
export const householdsModule: Module = { name: 'households', routes: householdsRoutes, permissions: REGISTRY_PERMISSIONS, errors: HOUSEHOLDS_ERRORS };
