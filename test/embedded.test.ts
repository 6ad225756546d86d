/**
 * The zero-setup path, end to end: `npm start` with no DATABASE_URL runs a real PostgreSQL under DATA_DIR,
 * seeds the demo county once, stops the cluster on SIGTERM, and reuses everything on the next start.
 * The CLI works alongside a running server and on its own.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { freePort } from '../src/db/embedded.js';
import { ROLES } from '../src/shared/roles.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-embedded-'));
const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
const demoFile = path.join(dataDir, 'demo-accounts.txt');

/** The environment of a fresh machine: no DATABASE_URL, our own DATA_DIR. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, SKIP_WEB_BUILD: '1', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...extra };
  delete e.DATABASE_URL;
  return e;
}

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

let running: Server | undefined;

async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/start.mjs')], { cwd: ROOT, env: env({ PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const server: Server = { child, port, output: () => out, exited };
  running = server;
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (done) throw new Error(`the server exited before answering:\n${out}`);
    if (Date.now() > deadline) throw new Error(`the server did not answer within 3 minutes:\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopServer(server: Server): Promise<number | null> {
  server.child.kill('SIGTERM');
  const code = await Promise.race([server.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
  assert.notEqual(code, 'timeout', `the server did not stop on SIGTERM:\n${server.output()}`);
  running = undefined;
  return code as number | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(file: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!fs.existsSync(file)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !fs.existsSync(file);
}

function cli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/fangpin.mjs'), ...args], { cwd: ROOT, env: env(), timeout: 180_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

async function signIn(port: number, username: string, password: string): Promise<{ status: number; body: { mustChangePassword?: boolean; code?: string } }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: await res.json() };
}

after(async () => {
  if (running) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  // Never leave a cluster behind, whatever failed.
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
    await waitGone(pidFile, 15_000);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

let accounts: { role: string; username: string; password: string }[] = [];

test('first start with no DATABASE_URL: embedded PostgreSQL, demo county and accounts, CLI alongside, clean stop', { timeout: 400_000 }, async () => {
  const server = await startServer();
  const health = await (await fetch(`http://127.0.0.1:${server.port}/api/health`)).json();
  assert.deepEqual(health, { status: 'ok', database: 'embedded', version: VERSION });
  assert.ok(fs.existsSync(pidFile), 'the cluster lives under DATA_DIR/pg');

  // The demo accounts: one per role, written once, readable by the owner only.
  assert.ok(fs.existsSync(demoFile), server.output());
  assert.equal(fs.statSync(demoFile).mode & 0o777, 0o600);
  const lines = fs.readFileSync(demoFile, 'utf8').trim().split('\n');
  assert.equal(lines.length, ROLES.length, lines.join('\n'));
  accounts = lines.map((l) => {
    const m = /^(\S+) (\S+) (\S+)$/.exec(l);
    assert.ok(m, `line "${l}" is "role username password"`);
    return { role: m[1]!, username: m[2]!, password: m[3]! };
  });
  assert.deepEqual(accounts.map((a) => a.role).sort(), [...ROLES].sort());
  assert.ok(accounts.every((a) => a.password.length >= 10));
  // Not a terminal (a service manager's log): the passwords are in the file only, the output names the file.
  for (const a of accounts) assert.ok(!server.output().includes(a.password), 'no password in the server output');
  assert.match(server.output(), /demo-accounts\.txt/);

  const admin = accounts.find((a) => a.role === 'county_admin')!;
  const login = await signIn(server.port, admin.username, admin.password);
  assert.equal(login.status, 200, JSON.stringify(login.body));
  assert.equal(login.body.mustChangePassword, true);
  assert.equal((await signIn(server.port, admin.username, 'Wrong-Password-1')).body.code, 'AUTH_INVALID');

  // The CLI reuses the running cluster (and leaves it running).
  const verify = await cli('audit', 'verify');
  assert.equal(verify.code, 0, verify.out);
  assert.match(verify.out, /audit chain intact/);
  assert.ok(fs.existsSync(pidFile));
  assert.equal((await fetch(`http://127.0.0.1:${server.port}/api/health`)).status, 200, 'the server still answers after the CLI');
  const village = accounts.find((a) => a.role === 'village_clerk')!;
  assert.equal((await signIn(server.port, village.username, village.password)).status, 200);

  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const code = await stopServer(server);
  assert.equal(code, 0, `a clean exit on SIGTERM:\n${server.output()}`);
  // A service manager that waits for the main process and then kills what is left must find nothing left.
  assert.equal(alive(postmaster), false, 'the server exits only after the PostgreSQL it started has stopped');
  assert.equal(fs.existsSync(pidFile), false, 'PostgreSQL shut down cleanly (its lock file is gone)');
});

test('second start reuses the data: same accounts, no new demo file; the CLI works with the server stopped', { timeout: 400_000 }, async () => {
  assert.equal(accounts.length, ROLES.length, 'the first test ran');
  fs.rmSync(demoFile);

  const server = await startServer();
  assert.doesNotMatch(server.output(), /initialising/, 'no second initdb');
  for (const a of accounts) {
    const r = await signIn(server.port, a.username, a.password);
    assert.equal(r.status, 200, `${a.role} ${a.username}: ${JSON.stringify(r.body)}`);
  }
  assert.ok(!fs.existsSync(demoFile), 'no new demo accounts were made');
  for (const a of accounts) assert.ok(!server.output().includes(a.password), 'and no passwords printed again');
  assert.equal(await stopServer(server), 0);
  assert.ok(await waitGone(pidFile, 10_000));

  // With the server stopped, the CLI starts the cluster for the command and stops it after.
  const verify = await cli('audit', 'verify');
  assert.equal(verify.code, 0, verify.out);
  assert.match(verify.out, /audit chain intact: \d+ entries/);
  assert.ok(await waitGone(pidFile, 10_000), 'the CLI stopped the cluster it started');
  const reset = await cli('users', 'reset-password', 'dept_medical');
  assert.equal(reset.code, 0, reset.out);
  assert.match(reset.out, /^dept_medical: \S{10,}/m);
  assert.ok(await waitGone(pidFile, 10_000));
});

test('after a crash (kill -9) the orphaned cluster is adopted by the next start and stopped with it', { timeout: 400_000 }, async () => {
  const server = await startServer();
  server.child.kill('SIGKILL');
  await server.exited;
  running = undefined;
  assert.ok(fs.existsSync(pidFile), 'PostgreSQL outlives a killed server');
  const orphan = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  assert.doesNotThrow(() => process.kill(orphan, 0), 'and keeps running');

  // The CLI may use the orphan meanwhile, and stops it after: nobody else would.
  const verify = await cli('audit', 'verify');
  assert.equal(verify.code, 0, verify.out);
  assert.ok(await waitGone(pidFile, 10_000), 'the CLI stopped the orphaned cluster');

  // Kill again, then start the server on top of the orphan: it adopts it and stops it on SIGTERM.
  const second = await startServer();
  second.child.kill('SIGKILL');
  await second.exited;
  running = undefined;
  assert.ok(fs.existsSync(pidFile));
  const third = await startServer();
  const admin = accounts.find((a) => a.role === 'county_reviewer')!;
  assert.equal((await signIn(third.port, admin.username, admin.password)).status, 200);
  assert.equal(await stopServer(third), 0);
  assert.ok(await waitGone(pidFile, 10_000), `the adopted cluster stops with the server:\n${third.output()}`);
});

test('PostgreSQL killed under the server: requests answer 503, never 500, until it is restarted; a start after both crashed succeeds the first time', { timeout: 400_000 }, async () => {
  const reviewer = accounts.find((a) => a.role === 'county_reviewer')!;
  const server = await startServer();
  const first = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  process.kill(first, 'SIGKILL');
  // Ask while it is gone and while it comes back: a sign-in reads and writes the database.
  const statuses = new Set<number>();
  const deadline = Date.now() + 60_000;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await signIn(server.port, reviewer.username, reviewer.password)).status;
    statuses.add(last);
    if (last === 200 && statuses.size > 1) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(last, 200, `signs in again once PostgreSQL is back:\n${server.output()}`);
  assert.ok(statuses.has(503), `answered 503 while it was gone (saw ${[...statuses].join(', ')})`);
  assert.deepEqual([...statuses].filter((s) => s !== 200 && s !== 503), [], 'nothing but 200 and 503');
  assert.match(server.output(), /embedded PostgreSQL restarted/);
  const second = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  assert.notEqual(second, first);

  // Now both die. In a container the dead postmaster's pid is soon another process's: say this test's own.
  server.child.kill('SIGKILL');
  await server.exited;
  running = undefined;
  process.kill(second, 'SIGKILL');
  for (let i = 0; i < 100 && alive(second); i++) await new Promise((r) => setTimeout(r, 50));
  const lock = fs.readFileSync(pidFile, 'utf8').split('\n');
  lock[0] = String(process.pid);
  fs.writeFileSync(pidFile, lock.join('\n'));
  const third = await startServer();
  assert.equal((await signIn(third.port, reviewer.username, reviewer.password)).status, 200);
  assert.equal(await stopServer(third), 0);
  assert.ok(await waitGone(pidFile, 10_000));
});
