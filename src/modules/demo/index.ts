import type { Module } from '../../server/module.js';

/**
 * Generated demo households, imported through the import pipeline: no routes, permissions or codes of its own. The
 * server's first start runs it in a child process (seeding.ts, started by main.ts); the CLI's `fangpin demo` too.
 */
export const demoModule: Module = { name: 'demo' };
