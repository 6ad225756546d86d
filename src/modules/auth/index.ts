import type { Module } from '../../server/module.js';
import { AUTH_ERRORS } from './errors.js';
import { authRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/** Sign-in, sessions, password policy and changes. Its permissions: none (every signed-in user has a session). */
export const authModule: Module = { name: 'auth', routes: authRoutes, errors: AUTH_ERRORS };
