import type { Module } from '../../server/module.js';
import { healthRoutes } from './routes.js';

/** Liveness and the database check (public). */
export const healthModule: Module = { name: 'health', routes: healthRoutes };
