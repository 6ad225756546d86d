#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then runs the server (TypeScript via tsx).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'web/dist/index.html');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const stale = !fs.existsSync(built) || newestSource(path.join(root, 'web/src')) > fs.statSync(built).mtimeMs;
if (stale && process.env.SKIP_WEB_BUILD !== '1') {
  const vite = path.join(root, 'node_modules/.bin/vite');
  if (fs.existsSync(vite)) {
    console.log('Building the web app (first start or sources changed)…');
    const r = spawnSync(vite, ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  } else if (!fs.existsSync(built)) {
    console.warn('The web app is not built and Vite is not installed (npm install without --omit=dev); serving the API only.');
  }
}

register();
await import('../src/server/main.ts');
