/**
 * Browser-test harness: a fresh database, the real server (`node bin/start.mjs`) on a free port with its first-start
 * demo seed, and Chromium through playwright-core. One server per test file; each test opens its own browser profile.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestDb, type TestDb } from '../test/helpers/db.js';

const root = path.resolve(import.meta.dirname, '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface DemoAccount {
  role: string;
  username: string;
  /** The current password: the seeded one until a test changes it (see `signIn`). */
  password: string;
  changed: boolean;
}

export interface FangpinServer {
  baseUrl: string;
  dataDir: string;
  db: TestDb;
  accounts: Map<string, DemoAccount>;
  account(username: string): DemoAccount;
  /** Server output so far (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------- web build

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Builds web/dist when it is missing or older than anything it is built from. */
export function ensureWebBuilt(): void {
  const built = path.join(root, 'web/dist/index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/shared', 'src/core/idcard.ts'].map((p) => path.join(root, p));
  const newest = Math.max(...sources.map(newestMtime));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return;
  const vite = path.join(root, 'node_modules/.bin/vite');
  const r = spawnSync(vite, ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

// ---------------------------------------------------------------- server

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function parseDemoAccounts(text: string): Map<string, DemoAccount> {
  const accounts = new Map<string, DemoAccount>();
  for (const line of text.split('\n')) {
    const [role, username, password] = line.trim().split(/\s+/);
    if (role && username && password) accounts.set(username, { role, username, password, changed: false });
  }
  return accounts;
}

/** `env`: more of the server's environment (FANGPIN_CLOCK_CONTROL=1 for a test that moves the clock). */
export async function startServer(env: Record<string, string> = {}): Promise<FangpinServer> {
  ensureWebBuilt();
  const db = await createTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-e2e-data-'));
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, ['bin/start.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SKIP_WEB_BUILD: '1',
      // The demo county's ~146,000 generated people are the integration tests' business (test/demo.test.ts); here they
      // would only compete for the CPU with the browser.
      SEED_DEMO_HOUSEHOLDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 5_000);
      }
    }
    await db.drop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
      try {
        const res = await fetch(`${baseUrl}/api/health`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not become healthy in 120 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const file = path.join(dataDir, 'demo-accounts.txt');
    assert.ok(fs.existsSync(file), `the first start wrote no ${file}:\n${out}`);
    const accounts = parseDemoAccounts(fs.readFileSync(file, 'utf8'));
    assert.ok(accounts.size >= 7, `expected at least 7 demo accounts, got ${accounts.size}`);
    return {
      baseUrl,
      dataDir,
      db,
      accounts,
      account(username) {
        const a = accounts.get(username);
        if (!a) throw new Error(`no demo account ${username} (have ${[...accounts.keys()].join(', ')})`);
        return a;
      },
      output: () => out,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Starts one server for the test file (before) and stops it (after). Call at the top level of a test file. */
export function useServer(env: Record<string, string> = {}): () => FangpinServer {
  let server: FangpinServer | undefined;
  before(async () => {
    server = await startServer(env);
  });
  after(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('server not started');
    return server;
  };
}

// ---------------------------------------------------------------- browser

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors, to assert none happened. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh Chromium profile (own cookies and storage) on the server's address. */
export async function openBrowser(server: FangpinServer, opts: { viewport?: { width: number; height: number }; mobile?: boolean } = {}): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL: server.baseUrl,
    viewport: opts.viewport ?? DESKTOP,
    isMobile: opts.mobile ?? false,
    hasTouch: opts.mobile ?? false,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return {
    context,
    page,
    pageErrors,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` with a fresh browser; on failure saves a screenshot under test-results/ (git-ignored). */
export async function withBrowser(
  server: FangpinServer,
  name: string,
  fn: (b: Browser) => Promise<void>,
  opts: { viewport?: { width: number; height: number }; mobile?: boolean } = {},
): Promise<void> {
  const b = await openBrowser(server, opts);
  try {
    await fn(b);
  } catch (err) {
    const dir = path.join(root, 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^\w-]+/g, '_')}.png`);
    await b.page.screenshot({ path: file, fullPage: true }).catch(() => {});
    if (err instanceof Error) err.message += `\n(screenshot: ${file}; page errors: ${JSON.stringify(b.pageErrors)})`;
    throw err;
  } finally {
    await b.close();
  }
}

// ---------------------------------------------------------------- flows

/** A password the server's policy accepts and that contains no demo user name. */
export function newPassword(): string {
  return `Fp#${crypto.randomBytes(5).toString('hex')}Zq9`;
}

/** Fills and submits the login form; does not wait for the outcome. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** On the forced change-password page: sets a new password and waits for the home page. */
export async function completeForcedChange(page: Page, account: DemoAccount): Promise<void> {
  await page.getByTestId('change-password').waitFor();
  const next = newPassword();
  await page.getByTestId('pwd-current').fill(account.password);
  await page.getByTestId('pwd-new').fill(next);
  await page.getByTestId('pwd-confirm').fill(next);
  await page.getByTestId('pwd-submit').click();
  await page.getByTestId('home-page').waitFor();
  account.password = next;
  account.changed = true;
}

/** Signs a demo account in and lands on the home page, doing the first-login password change when it is due. */
export async function signIn(page: Page, server: FangpinServer, username: string): Promise<DemoAccount> {
  const account = server.account(username);
  await page.goto('/login');
  await submitLogin(page, username, account.password);
  const landed = page.getByTestId('change-password').or(page.getByTestId('home-page'));
  await landed.first().waitFor();
  if (await page.getByTestId('change-password').isVisible()) await completeForcedChange(page, account);
  return account;
}

/** Test ids of the side-menu entries currently shown (desktop layout). */
export async function menuEntries(page: Page, container = 'side-nav'): Promise<string[]> {
  const box = page.getByTestId(container);
  await box.getByTestId('nav-home').waitFor();
  return box.locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
}

// ---------------------------------------------------------------- antd widgets

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

async function isOpen(page: Page, testId: string): Promise<boolean> {
  return (await page.getByTestId(testId).locator('[role="combobox"]').first().getAttribute('aria-expanded')) === 'true';
}

/** Waits until `check` holds, up to `ms`; false when it never did. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Picks `label` in the antd Select (or TreeSelect) with this test id, optionally typing `search` first, and checks
 * that the select now shows it. Retries: a click that lands while the popup is still animating can be lost.
 */
export async function chooseOption(page: Page, testId: string, label: string, opts: { search?: string; tree?: boolean } = {}): Promise<void> {
  const select = page.getByTestId(testId);
  const item = opts.tree ? '.ant-select-tree-node-content-wrapper' : '.ant-select-item-option';
  for (let attempt = 1; ; attempt++) {
    if (!(await isOpen(page, testId))) await select.click();
    if (opts.search !== undefined) await select.locator('input').fill(opts.search);
    // Let the popup's opening animation finish first.
    await page.locator(`${OPEN_DROPDOWN}:not([class*="-enter"]):not([class*="-appear"])`).first().waitFor();
    await page.locator(`${OPEN_DROPDOWN} ${item}`, { hasText: label }).first().click();
    const shown = await eventually(async () => (await select.innerText()).includes(label) && !(await isOpen(page, testId)), 2_000);
    if (shown) return;
    console.warn(`[e2e] choosing "${label}" in ${testId}: attempt ${attempt} did not take, retrying`);
    if (attempt >= 3) throw new Error(`could not choose "${label}" in ${testId} (shows "${await select.innerText()}")`);
  }
}
