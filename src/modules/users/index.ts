import type { Module } from '../../server/module.js';
import { USERS_ERRORS } from './errors.js';
import { USERS_PERMISSIONS } from './permissions.js';
import { usersRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/** Account administration inside the administrator's area. */
export const usersModule: Module = { name: 'users', routes: usersRoutes, permissions: USERS_PERMISSIONS, errors: USERS_ERRORS };
