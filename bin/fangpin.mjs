#!/usr/bin/env node
// The `fangpin` command (npx fangpin --help). TypeScript sources run through tsx; no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
