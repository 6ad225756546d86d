import type { Module } from '../../server/module.js';
import { exportsRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/** The registry's streamed .xlsx export (checks households' registry.export). */
export const exportsModule: Module = { name: 'exports', routes: exportsRoutes };
