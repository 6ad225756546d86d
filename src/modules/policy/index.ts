import type { Module } from '../../server/module.js';
import { POLICY_ERRORS } from './errors.js';
import { POLICY_PERMISSIONS } from './permissions.js';
import { policyRoutes } from './routes.js';

/** The monitoring policy (监测政策) by place and year: the line, code tables, time limits and holiday calendar. */
export const policyModule: Module = { name: 'policy', routes: policyRoutes, permissions: POLICY_PERMISSIONS, errors: POLICY_ERRORS };
