import type { Module } from '../../server/module.js';

/**
 * The income form (收支核算): one accounting of a household's income for monitoring and, later, social assistance.
 * No routes of its own: the modules that take a form (the monitoring visit) use its schema, computation and repo.
 */
export const incomeModule: Module = { name: 'income' };
