import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from '../src/db/pg-types.js';
import type { DB } from '../src/db/schema.js';
import { migrate } from '../src/db/migrate.js';
import { buildApp } from '../src/server/app.js';
import { ConfigError, loadConfig } from '../src/core/config.js';
import { as, buildTestContext, login, makeUser, testCipher, type TestContext } from './helpers/app.js';
import { createTestDb } from './helpers/db.js';
import { forgetSessions } from '../src/modules/auth/session.js';

const ROOT = path.resolve(import.meta.dirname, '..');
let ctx: TestContext;

before(async () => {
  ctx = await buildTestContext();
});
after(() => ctx.close());

test('GET /api/health answers {status: ok, database, version} without a session', async () => {
  const res = await ctx.app.inject({ url: '/api/health' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok', database: 'external', version: 'test' });
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
});

test('health says down (503) when the database is unreachable', async () => {
  const pool = new pg.Pool({ connectionString: 'postgres://nobody:x@127.0.0.1:1/none', connectionTimeoutMillis: 2000 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const app = await buildApp({ db, config: ctx.config, databaseMode: 'external', version: 'test', cipher: testCipher }, { logger: false });
  try {
    const res = await app.inject({ url: '/api/health' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), { status: 'down', database: 'external', version: 'test' });
  } finally {
    await app.close();
    await db.destroy();
  }
});

/** Every route Fastify knows, from its route tree (printRoutes), as [METHOD, '/api/x/:id'] pairs. */
function registeredRoutes(tree: string): [string, string][] {
  const out: [string, string][] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m) continue;
    const depth = [...m[1]!].length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const full = stack.join('');
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) out.push([method, full]);
  }
  return out;
}

test('/api/openapi.json is an OpenAPI 3 document listing every /api route, each with its response schema', async () => {
  const res = await ctx.app.inject({ url: '/api/openapi.json' });
  assert.equal(res.statusCode, 200);
  const spec = res.json();
  assert.match(spec.openapi, /^3\.\d+\.\d+$/);
  assert.ok(spec.info.title && spec.info.version);
  assert.equal(typeof spec.paths, 'object');

  // Every $ref points at something that exists.
  const refs: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') refs.push(x);
        else walk(x);
      }
    }
  };
  walk(spec.paths);
  assert.ok(refs.length > 0);
  for (const ref of new Set(refs)) {
    assert.match(ref, /^#\/components\/schemas\//, ref);
    assert.ok(spec.components.schemas[ref.split('/').pop()!], `unresolved ${ref}`);
  }

  const documented = new Set<string>();
  const problems: string[] = [];
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  for (const [p, item] of Object.entries(spec.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    if (!p.startsWith('/api/')) problems.push(`${p}: outside /api/`);
    for (const [method, op] of Object.entries(item)) {
      if (!methods.includes(method)) continue;
      const where = `${method.toUpperCase()} ${p}`;
      documented.add(where);
      const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>;
      const ok = Object.entries(responses).find(([code]) => /^2\d\d$/.test(code));
      if (!ok) problems.push(`${where}: no success response declared`);
      else if (!ok[1].content || !Object.values(ok[1].content).every((c) => c.schema)) problems.push(`${where}: success response without a schema`);
      if (!Object.keys(responses).some((code) => /^[45]\d\d$/.test(code))) problems.push(`${where}: no error responses declared`);
      // Path parameters are declared.
      const params = (op.parameters ?? []) as { name: string; in: string; required?: boolean }[];
      for (const name of [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1])) {
        if (!params.some((x) => x.name === name && x.in === 'path' && x.required)) problems.push(`${where}: path parameter ${name} not declared`);
      }
      // A body-taking route describes its body.
      const body = op.requestBody as { content: Record<string, { schema?: unknown }> } | undefined;
      if (body && !Object.values(body.content).every((c) => c.schema)) problems.push(`${where}: request body without a schema`);
      if (method === 'patch' && !body) problems.push(`${where}: no request body`);
    }
  }
  const routes = registeredRoutes(ctx.app.printRoutes({ commonPrefix: false }))
    .filter(([m, p]) => p.startsWith('/api/') && m !== 'HEAD' && m !== 'OPTIONS')
    // The documentation itself is not part of the API.
    .filter(([, p]) => !p.startsWith('/api/docs') && p !== '/api/openapi.json');
  assert.ok(routes.length >= 14, JSON.stringify(routes));
  for (const known of ['POST /api/auth/login', 'GET /api/users/:id', 'POST /api/areas/import', 'GET /api/audit', 'GET /api/health']) {
    assert.ok(routes.some(([m, p]) => `${m} ${p}` === known), `route tree parsed: ${known}`);
  }
  for (const r of routes.map(([m, p]) => `${m} ${p.replace(/:(\w+)/g, '{$1}')}`)) {
    if (!documented.has(r)) problems.push(`${r}: not in the OpenAPI document`);
  }
  assert.deepEqual(problems, [], 'every /api route is documented with its request and response schemas');
});

test('/api/docs serves the Swagger UI', async () => {
  const res = await ctx.app.inject({ url: '/api/docs' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(res.body, /Swagger UI/);
  const init = await ctx.app.inject({ url: '/api/docs/static/swagger-initializer.js' });
  assert.equal(init.statusCode, 200);
});

test('an unknown route answers 404 NOT_FOUND as JSON, signed in or not', async () => {
  for (const [method, url] of [['GET', '/api/nope'], ['POST', '/api/nope'], ['DELETE', '/api/users'], ['POST', '/nope']] as const) {
    const res = await ctx.app.inject({ method, url });
    assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.deepEqual(res.json(), { code: 'NOT_FOUND', message: '请求的资源不存在' });
  }
  const u = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  const s = await login(ctx.app, u.username);
  const res = await as(ctx.app, s, 'GET', '/api/households-of-mars');
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().code, 'NOT_FOUND');
  const missing = await as(ctx.app, s, 'GET', '/api/users/999999');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'NOT_FOUND');

  // Without a built web app, an unknown page is a 404 too (with one, it loads the app: see below).
  const bare = await buildApp({ db: ctx.db, config: ctx.config, databaseMode: 'external', version: 'test', cipher: testCipher }, { logger: false, webDist: '/nonexistent' });
  try {
    const page = await bare.inject({ url: '/nope' });
    assert.equal(page.statusCode, 404);
    assert.equal(page.json().code, 'NOT_FOUND');
    assert.match((await bare.inject({ url: '/' })).body, /web app is not built/);
  } finally {
    await bare.close();
  }
});

test('messages are Chinese by default and English when the client asks', async () => {
  const ask = (headers: Record<string, string>) => ctx.app.inject({ url: '/api/users', headers });
  assert.deepEqual((await ask({})).json(), { code: 'AUTH_REQUIRED', message: '请先登录' });
  assert.equal((await ask({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).json().message, '请先登录');
  assert.equal((await ask({ 'accept-language': 'en' })).json().message, 'Please sign in');
  assert.equal((await ask({ 'accept-language': 'en-US,en;q=0.9' })).json().message, 'Please sign in');
  assert.equal((await ask({ 'x-lang': 'en' })).json().message, 'Please sign in');
  const nf = await ctx.app.inject({ url: '/api/nope', headers: { 'accept-language': 'en' } });
  assert.deepEqual(nf.json(), { code: 'NOT_FOUND', message: 'The requested resource does not exist' });
  const bad = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{', headers: { 'content-type': 'application/json', 'accept-language': 'en' } });
  assert.deepEqual(bad.json(), { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' });
  const invalid = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' }, headers: { 'accept-language': 'en' } });
  assert.equal(invalid.json().code, 'VALIDATION_FAILED');
  assert.match(invalid.json().message, /^The request is invalid: /);
  const media = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: 'username=x', headers: { 'content-type': 'text/xml' } });
  assert.equal(media.statusCode, 415);
  assert.equal(media.json().code, 'UNSUPPORTED_MEDIA_TYPE');
});

test('with the web app built, / and client-side routes load it, and unknown /api routes are still 404 JSON', async () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-web-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>防贫</title><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  const app = await buildApp({ db: ctx.db, config: ctx.config, databaseMode: 'external', version: 'test', cipher: testCipher }, { logger: false, webDist: dist });
  try {
    const home = await app.inject({ url: '/' });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<div id="root">/);
    for (const url of ['/users', '/audit?page=2', '/areas/140430']) {
      const r = await app.inject({ url });
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-type']), /text\/html/, url);
    }
    const js = await app.inject({ url: '/assets/app.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    // The web app rebuilt while the server runs (new hashed file names): served without a restart.
    fs.writeFileSync(path.join(dist, 'assets', 'app-2.js'), 'console.log(2)');
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>防贫</title><div id="root"></div><script src="/assets/app-2.js"></script>');
    const rebuilt = await app.inject({ url: '/assets/app-2.js' });
    assert.equal(rebuilt.statusCode, 200);
    assert.equal(rebuilt.body, 'console.log(2)');
    assert.match((await app.inject({ url: '/households' })).body, /app-2\.js/);
    // A path outside the build is not served.
    assert.notEqual((await app.inject({ url: '/../package.json' })).body.includes('"name"'), true);
    const api = await app.inject({ url: '/api/nope' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().code, 'NOT_FOUND');
    // A path segment longer than any route parameter (so no API route matches) or any file name: 404, not 500.
    for (const url of [`/api/users/${'x'.repeat(10_000)}`, `/${'x'.repeat(10_000)}.js`]) {
      const long = await app.inject({ url });
      assert.equal(long.statusCode, 404, url.slice(0, 20));
      assert.equal(long.json().code, 'NOT_FOUND');
    }
    const post = await app.inject({ method: 'POST', url: '/users' });
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().code, 'NOT_FOUND');
    assert.equal((await app.inject({ url: '/api/health' })).json().status, 'ok');
  } finally {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  }
});

/** Runs `npm start` (bin/start.mjs) with the given environment; no web build, no DATABASE_URL unless given. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-badcfg-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, SKIP_WEB_BUILD: '1', DATA_DIR: dataDir, ...env };
  if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/start.mjs')], { cwd: ROOT, env: childEnv, timeout: 120_000 }, (err, stdout, stderr) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

test('a bad configuration value stops the server at start with one clear line naming the variable', async () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SESSION_IDLE_MINUTES: '-5' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_ABSOLUTE_HOURS: '0' }, 'SESSION_ABSOLUTE_HOURS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOGIN_MAX_FAILURES: 'five' }, 'LOGIN_MAX_FAILURES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ COOKIE_SECURE: 'sometimes' }, 'COOKIE_SECURE'],
    [{ DEMO_COUNTY: '1404' }, 'DEMO_COUNTY'],
  ];
  // A few at a time: each child compiles the server with tsx, and CI machines are busy.
  const results: Awaited<ReturnType<typeof start>>[] = [];
  for (let i = 0; i < cases.length; i += 3) results.push(...(await Promise.all(cases.slice(i, i + 3).map(([env]) => start(env)))));
  results.forEach((r, i) => {
    const [env, name] = cases[i]!;
    const what = JSON.stringify(env);
    assert.notEqual(r.code, 0, `${what} must not start`);
    assert.equal(r.code, 2, `${what}: exit code ${r.code}\n${r.stdout}\n${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${what}: one line, got:\n${r.stderr}`);
    assert.match(lines[0]!, new RegExp(`\\b${name}\\b`), what);
    assert.match(lines[0]!, /Configuration error/);
    assert.doesNotMatch(r.stderr, /\bat .*\.(ts|js|mjs):\d+/, `${what}: no stack trace`);
    assert.equal(r.stdout.trim(), '', `${what}: nothing else printed`);
  });
});

test('configuration: defaults, and each validation in loadConfig', () => {
  const c = loadConfig({ DATA_DIR: '/tmp/x' });
  assert.equal(c.port, 3000);
  assert.equal(c.sessionIdleMinutes, 30);
  assert.equal(c.sessionAbsoluteHours, 12);
  assert.equal(c.loginMaxFailures, 5);
  assert.equal(c.loginLockMinutes, 15);
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.cookieSecure, 'auto');
  assert.equal(loadConfig({ PORT: ' 8080 ', DATA_DIR: '/tmp/x' }).port, 8080);
  assert.equal(loadConfig({ DATABASE_URL: 'postgresql://u@h/db', DATA_DIR: '/tmp/x' }).databaseUrl, 'postgresql://u@h/db');
  assert.throws(() => loadConfig({ PORT: '3.5' }), ConfigError);
  assert.throws(() => loadConfig({ SESSION_IDLE_MINUTES: '-5' }), /SESSION_IDLE_MINUTES/);
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
  const file = path.join(os.tmpdir(), `fangpin-not-a-dir-${process.pid}`);
  fs.writeFileSync(file, 'x');
  try {
    assert.throws(() => loadConfig({ DATA_DIR: file }), /DATA_DIR/);
  } finally {
    fs.rmSync(file);
  }
});

test('migrations: an empty database migrates from scratch, and a second run applies nothing', async () => {
  const tdb = await createTestDb({ migrate: false });
  try {
    const expected = fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort().map((f) => f.replace(/\.sql$/, ''));
    assert.ok(expected.length >= 1);
    const before = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(tdb.db);
    assert.equal(before.rows[0]!.n, 0);

    assert.deepEqual(await migrate(tdb.pool), expected);
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(tdb.db);
    const names = tables.rows.map((r) => r.table_name);
    for (const t of ['areas', 'users', 'sessions', 'audit_log', 'settings', 'schema_migrations']) assert.ok(names.includes(t), t);
    const recorded = await tdb.db.selectFrom('schema_migrations' as never).select('version' as never).execute();
    assert.deepEqual((recorded as { version: string }[]).map((r) => r.version).sort(), expected);

    assert.deepEqual(await migrate(tdb.pool), []);
    // The migrated schema works: the audit guard is in place.
    await assert.rejects(sql`truncate audit_log`.execute(tdb.db), /append-only/);
  } finally {
    await tdb.drop();
  }
});

test('migrations: two processes starting at once apply each migration once', async () => {
  const tdb = await createTestDb({ migrate: false });
  const other = new pg.Pool({ connectionString: tdb.url, max: 2 });
  try {
    const [a, b] = await Promise.all([migrate(tdb.pool), migrate(other)]);
    const all = [...a, ...b].sort();
    assert.deepEqual(all, [...new Set(all)], 'no migration applied twice');
    assert.ok(a.length === 0 || b.length === 0, 'one of them found the work done');
  } finally {
    await other.end();
    await tdb.drop();
  }
});

test('migrations: a failing migration rolls back entirely and stops the run', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-mig-'));
  fs.writeFileSync(path.join(dir, '0001_first.sql'), 'create table first_t (id int);');
  fs.writeFileSync(path.join(dir, '0002_broken.sql'), 'create table second_t (id int);\ncreate tabel oops;');
  fs.writeFileSync(path.join(dir, '0003_later.sql'), 'create table third_t (id int);');
  fs.writeFileSync(path.join(dir, 'README.md'), 'not a migration');
  const tdb = await createTestDb({ migrate: false });
  try {
    await assert.rejects(migrate(tdb.pool, dir), /migration 0002_broken\.sql failed/);
    const tables = (await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public'`.execute(tdb.db)).rows.map((r) => r.t).sort();
    assert.deepEqual(tables, ['first_t', 'schema_migrations']);
    fs.writeFileSync(path.join(dir, '0002_broken.sql'), 'create table second_t (id int);');
    assert.deepEqual(await migrate(tdb.pool, dir), ['0002_broken', '0003_later']);
  } finally {
    await tdb.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function cliRun(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/fangpin.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('the fangpin CLI: --help, unknown commands, bad configuration', async () => {
  const [help, unknown, bad, migrateOk, nobody] = await Promise.all([
    cliRun(['--help']),
    cliRun(['frobnicate']),
    cliRun(['audit', 'verify'], { DATABASE_URL: 'mysql://x' }),
    cliRun(['migrate'], { DATABASE_URL: ctx.url }),
    cliRun(['users', 'reset-password', 'no_such_user'], { DATABASE_URL: ctx.url }),
  ]);
  assert.equal(help.code, 0);
  for (const cmd of ['areas import', 'audit verify', 'users reset-password', 'migrate']) assert.match(help.stdout, new RegExp(cmd));
  assert.equal(unknown.code, 2);
  assert.match(unknown.stdout, /Usage/);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /DATABASE_URL/);
  assert.equal(migrateOk.code, 0, migrateOk.stderr);
  assert.equal(nobody.code, 1);
  assert.match(nobody.stderr, /NOT_FOUND/);
});

test('configuration takes effect: Secure cookie behind an HTTPS proxy, idle timeout, lockout threshold', async () => {
  const config = loadConfig({ DATA_DIR: '/tmp/fangpin-test-data', LOG_LEVEL: 'silent', TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '5', LOGIN_MAX_FAILURES: '2', LOGIN_LOCK_MINUTES: '3' });
  const app = await buildApp({ db: ctx.db, config, databaseMode: 'external', version: 'test', cipher: testCipher }, { logger: false });
  try {
    const u = await makeUser(ctx, { role: 'helper', area: '140430103207' });
    const loginAs = (headers: Record<string, string> = {}, password = 'Test-Passw0rd!') =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password }, headers });
    const https = await loginAs({ 'x-forwarded-proto': 'https' });
    assert.equal(https.statusCode, 200);
    assert.match(String(https.headers['set-cookie']), /; Secure/);
    const plain = await loginAs();
    assert.doesNotMatch(String(plain.headers['set-cookie']), /Secure/);
    // Without TRUST_PROXY the header is not believed.
    const untrusted = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'Test-Passw0rd!' }, headers: { 'x-forwarded-proto': 'https' } });
    assert.doesNotMatch(String(untrusted.headers['set-cookie']), /Secure/);

    const cookie = String(plain.headers['set-cookie']).split(';')[0]!;
    assert.equal((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode, 200);
    await ctx.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '6 minutes'` }).where('user_id', '=', u.id).execute();
    forgetSessions(); // the short session cache (session.ts): this change bypassed the app
    assert.equal((await app.inject({ url: '/api/auth/me', headers: { cookie } })).json().code, 'SESSION_EXPIRED');

    assert.equal((await loginAs({}, 'Wrong-Password-1')).statusCode, 401);
    const locked = await loginAs({ 'accept-language': 'en' }, 'Wrong-Password-2');
    assert.equal(locked.statusCode, 423);
    assert.match(locked.json().message, /try again in 3 minutes/);
  } finally {
    await app.close();
  }
});
