import type { Module } from '../../server/module.js';
import { SCREENING_ERRORS } from './errors.js';
import { screeningWorker } from './match.js';
import { SCREENING_PERMISSIONS } from './permissions.js';
import { screeningRoutes } from './routes.js';
import './audit-actions.js'; // its audit actions' labels (audit/catalogue.ts)

/**
 * 部门筛查预警: department datasets (templates, upload, mapping, versions), matching against the registry (exact and
 * fuzzy, a review queue), rules with a what-if, and the warnings back to villages and townships.
 */
export const screeningModule: Module = { name: 'screening', routes: screeningRoutes, permissions: SCREENING_PERMISSIONS, errors: SCREENING_ERRORS, jobs: [screeningWorker] };
