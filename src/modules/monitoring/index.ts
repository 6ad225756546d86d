import type { Module } from '../../server/module.js';
import { MONITORING_ERRORS } from './errors.js';
import { MONITORING_PERMISSIONS } from './permissions.js';
import { monitoringRoutes } from './routes.js';
import { monitoringReportRoutes } from './report-routes.js';

/**
 * 防止返贫致贫监测: cases opened through four channels (openCase), identification and risk elimination as one state
 * machine (machine.ts), the inbox, a household's monitoring status, and the public self-declaration page's API.
 */
export const monitoringModule: Module = { name: 'monitoring', routes: async (app, deps) => {
    await monitoringRoutes(app, deps);
    await monitoringReportRoutes(app, deps);
  }, permissions: MONITORING_PERMISSIONS, errors: MONITORING_ERRORS };
