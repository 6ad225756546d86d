import type { Module } from '../../server/module.js';
import { WELFARE_POST_ERRORS } from './errors.js';
import { WELFARE_POST_PERMISSIONS } from './permissions.js';
import { welfarePostRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/** 公益岗位: posts per village, hiring by the rules, monthly pay, exit, and the report by area. */
export const welfarePostsModule: Module = { name: 'welfare-posts', routes: welfarePostRoutes, permissions: WELFARE_POST_PERMISSIONS, errors: WELFARE_POST_ERRORS };
