import type { Module } from '../../server/module.js';

/** First-start seeding (the demo county and one account per role, demo-accounts.ts, run by main.ts): nothing else. */
export const systemModule: Module = { name: 'system' };
