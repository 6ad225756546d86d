import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, TEST_PASSWORD, type TestContext } from './helpers/app.js';
import { forgetSessions } from '../src/modules/auth/session.js';

let ctx: TestContext;
before(async () => {
  ctx = await buildTestContext();
});
after(() => ctx.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers });

test('login answers 200 with the user and mustChangePassword, and sets an HttpOnly SameSite=Strict cookie', async () => {
  const u = await makeUser(ctx, { role: 'county_admin', area: '140430', mustChange: true });
  const res = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.mustChangePassword, true);
  assert.equal(body.user.username, u.username);
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /fp_sid=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.doesNotMatch(cookie, /Secure/); // plain HTTP in tests
});

test('wrong password and unknown user answer 401 AUTH_INVALID, and each failure is audited', async () => {
  const u = await makeUser(ctx, { role: 'village_clerk', area: '140430103207' });
  const wrong = await post('/api/auth/login', { username: u.username, password: 'nope-nope-1A' });
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.json().code, 'AUTH_INVALID');
  assert.match(wrong.json().message, /用户名或密码错误/);
  const unknown = await post('/api/auth/login', { username: 'nobody_here', password: 'x' }, { 'accept-language': 'en-US' });
  assert.equal(unknown.statusCode, 401);
  assert.equal(unknown.json().code, 'AUTH_INVALID');
  assert.equal(unknown.json().message, 'Wrong user name or password');
  const fails = await ctx.db.selectFrom('audit_log').select(['username', 'detail']).where('action', '=', 'auth.login').where('outcome', '=', 'fail').execute();
  assert.ok(fails.some((f) => f.username === u.username));
  assert.ok(fails.some((f) => f.username === 'nobody_here'));
});

test('five failed logins lock the account for 15 minutes: 423 AUTH_LOCKED even with the right password', async () => {
  const u = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  for (let i = 1; i <= 4; i++) {
    const r = await post('/api/auth/login', { username: u.username, password: `Wrong-pass-${i}` });
    assert.equal(r.statusCode, 401, `attempt ${i}`);
  }
  const fifth = await post('/api/auth/login', { username: u.username, password: 'Wrong-pass-5' });
  assert.equal(fifth.statusCode, 423);
  assert.equal(fifth.json().code, 'AUTH_LOCKED');
  const right = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
  assert.equal(right.statusCode, 423);
  const row = await ctx.db.selectFrom('users').select('locked_until').where('id', '=', u.id).executeTakeFirstOrThrow();
  const minutes = (row.locked_until!.getTime() - Date.now()) / 60_000;
  assert.ok(minutes > 14 && minutes <= 15, `locked for ${minutes} minutes`);
  // After the lock expires the right password works again.
  await ctx.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000) }).where('id', '=', u.id).execute();
  assert.equal((await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD })).statusCode, 200);
});

test('a forced password change blocks everything else until done; weak passwords are refused', async () => {
  const u = await makeUser(ctx, { role: 'county_admin', area: '140430', mustChange: true });
  const s = await login(ctx.app, u.username);
  const blocked = await as(ctx.app, s, 'GET', '/api/users');
  assert.equal(blocked.statusCode, 403);
  assert.equal(blocked.json().code, 'PASSWORD_CHANGE_REQUIRED');
  assert.equal((await as(ctx.app, s, 'GET', '/api/auth/me')).statusCode, 200);
  for (const weak of ['short1A!', 'alllowercaseletters', `${u.username}A1!xx`]) {
    const r = await as(ctx.app, s, 'POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: weak });
    assert.equal(r.statusCode, 400, weak);
    assert.equal(r.json().code, 'PASSWORD_WEAK');
  }
  const wrongCurrent = await as(ctx.app, s, 'POST', '/api/auth/password', { currentPassword: 'bad', newPassword: 'Brand-New-Pass-9' });
  assert.equal(wrongCurrent.json().code, 'PASSWORD_WRONG');
  const ok = await as(ctx.app, s, 'POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Brand-New-Pass-9' });
  assert.equal(ok.statusCode, 200);
  assert.equal((await as(ctx.app, s, 'GET', '/api/users')).statusCode, 200);
  await login(ctx.app, u.username, 'Brand-New-Pass-9');
});

test('state-changing requests need the CSRF token of the session', async () => {
  const u = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  const s = await login(ctx.app, u.username);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().code, 'CSRF_INVALID');
  const forged = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'forged' } });
  assert.equal(forged.json().code, 'CSRF_INVALID');
});

test('an idle session expires after 30 minutes; logout ends the session; a new login gets a new session id', async () => {
  const u = await makeUser(ctx, { role: 'county_reviewer', area: '140430' });
  const s1 = await login(ctx.app, u.username);
  const s2 = await login(ctx.app, u.username);
  assert.notEqual(s1.cookie, s2.cookie);
  await ctx.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '31 minutes'` }).where('user_id', '=', u.id).execute();
  forgetSessions(); // the short session cache (session.ts): this change bypassed the app
  const idle = await as(ctx.app, s1, 'GET', '/api/auth/me');
  assert.equal(idle.statusCode, 401);
  assert.equal(idle.json().code, 'SESSION_EXPIRED');

  const s3 = await login(ctx.app, u.username);
  assert.equal((await as(ctx.app, s3, 'GET', '/api/auth/me')).statusCode, 200);
  await ctx.db.updateTable('sessions').set({ created_at: sql`now() - interval '13 hours'` }).where('user_id', '=', u.id).execute();
  forgetSessions(); // the short session cache (session.ts): this change bypassed the app
  assert.equal((await as(ctx.app, s3, 'GET', '/api/auth/me')).json().code, 'SESSION_EXPIRED');

  const s4 = await login(ctx.app, u.username);
  assert.equal((await as(ctx.app, s4, 'POST', '/api/auth/logout')).statusCode, 200);
  assert.equal((await as(ctx.app, s4, 'GET', '/api/auth/me')).statusCode, 401);
});

test('malformed JSON and an oversized body get their own codes', async () => {
  const bad = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"username": ', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'MALFORMED_JSON');
  const big = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().code, 'BODY_TOO_LARGE');
  const invalid = await post('/api/auth/login', { username: '' });
  assert.equal(invalid.statusCode, 400);
  assert.equal(invalid.json().code, 'VALIDATION_FAILED');
  assert.doesNotMatch(invalid.body, /at .*\.ts/); // never a stack trace
});

test('a disabled account cannot sign in', async () => {
  const u = await makeUser(ctx, { role: 'helper', area: '140430' });
  await ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', u.id).execute();
  forgetSessions(); // the short session cache (session.ts): this change bypassed the app
  const r = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'AUTH_DISABLED');
});

test('failed logins in parallel still lock the account after five (no lost updates)', async () => {
  const u = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) => post('/api/auth/login', { username: u.username, password: `Parallel-Wrong-${i}` })),
  );
  assert.ok(results.every((r) => r.statusCode === 401 || r.statusCode === 423), results.map((r) => r.statusCode).join());
  assert.ok(results.some((r) => r.statusCode === 423), `locked by one of them: ${results.map((r) => r.statusCode).join()}`);
  const row = await ctx.db.selectFrom('users').select('locked_until').where('id', '=', u.id).executeTakeFirstOrThrow();
  assert.ok(row.locked_until && row.locked_until.getTime() > Date.now());
  const right = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
  assert.equal(right.statusCode, 423);
  const fails = await ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'auth.login').where('username', '=', u.username).where('outcome', '=', 'fail').execute();
  assert.equal(fails.length, 13, 'every failure is audited');
});
