/**
 * `npm test`: unit + integration tests on a real PostgreSQL, then browser tests.
 * - With DATABASE_URL: tests create their own databases on that server.
 * - Without: one embedded PostgreSQL is started in a temporary directory for the whole run.
 * Each test file makes a fresh database (see test/helpers/db.ts), so files run in parallel without sharing state.
 * Browser tests need /usr/bin/chromium: missing → a loud warning, or a failure when REQUIRE_E2E=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startEmbedded } from '../src/db/embedded.js';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function run(files: string[], env: NodeJS.ProcessEnv, concurrency: number): Promise<number> {
  if (files.length === 0) return Promise.resolve(0);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  let tmp: string | undefined;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-test-'));
    console.log(`[test] starting an embedded PostgreSQL in ${tmp}`);
    const pg = await startEmbedded(tmp);
    adminUrl = pg.url;
    stop = pg.stop;
  } else {
    console.log('[test] using the PostgreSQL server of DATABASE_URL');
  }
  const env = { ...process.env, TEST_PG_URL: adminUrl, TEST_DB_MODE: process.env.DATABASE_URL ? 'external' : 'embedded' };
  try {
    const unitAndIntegration = [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'test'))];
    const e2e = findTests(path.join(root, 'e2e'));
    const pick = (files: string[]) => (only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files);
    let code = await run(pick(unitAndIntegration), env, 2);

    const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    const e2eFiles = pick(e2e);
    if (e2eFiles.length && !fs.existsSync(chromium)) {
      const msg = `Chromium not found at ${chromium}: ${e2eFiles.length} browser test file(s) NOT RUN (apt-get install -y chromium)`;
      console.error(`\n${'!'.repeat(msg.length)}\n${msg}\n${'!'.repeat(msg.length)}\n`);
      if (process.env.REQUIRE_E2E === '1') code = code || 1;
    } else if (e2eFiles.length) {
      code = (await run(e2eFiles, env, 1)) || code;
    }
    return code;
  } finally {
    await stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
