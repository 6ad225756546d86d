/**
 * Sign-in hardening (issue 14): parallel guesses, user-name enumeration, password rules and history.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, TEST_PASSWORD, type TestContext } from './helpers/app.js';
import { forgetSessions } from '../src/modules/auth/session.js';
import { forgetLoginFailures } from '../src/modules/auth/repo.js';

let ctx: TestContext;
before(async () => {
  ctx = await buildTestContext({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_MINUTES: '15' });
});
after(() => ctx.close());

const attempt = (username: string, password: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

const codes = (rs: { json(): { code?: string } }[]) => rs.map((r) => r.json().code ?? 'OK');
const tally = (list: string[]) => list.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

test('60 parallel wrong passwords: at most 5 are judged, the rest AUTH_LOCKED; the right one is refused while locked', async () => {
  const u = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  const burst = () => Promise.all(Array.from({ length: 60 }, (_, i) => attempt(u.username, `Parallel-Wrong-${i}`)));
  const first = tally(codes(await burst()));
  assert.ok((first.AUTH_INVALID ?? 0) <= 5, JSON.stringify(first));
  assert.equal((first.AUTH_INVALID ?? 0) + (first.AUTH_LOCKED ?? 0), 60, JSON.stringify(first));
  assert.ok((first.AUTH_LOCKED ?? 0) >= 55, JSON.stringify(first));
  const judged = await ctx.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n'))
    .where('action', '=', 'auth.login').where('username', '=', u.username)
    .where(sql<boolean>`detail->>'reason' in ('wrong_password', 'wrong_password_locked')`).executeTakeFirstOrThrow();
  assert.ok(judged.n <= 5, `${judged.n} passwords judged`);

  const right = await attempt(u.username, TEST_PASSWORD);
  assert.equal(right.statusCode, 423);
  assert.equal(right.json().code, 'AUTH_LOCKED');
  // A second burst while locked gets no new attempts (the lock did not restart the count).
  const second = tally(codes(await burst()));
  assert.deepEqual(second, { AUTH_LOCKED: 60 });
  assert.equal((await attempt(u.username, TEST_PASSWORD)).statusCode, 423);

  // Once the lock has expired: a fresh allowance of at most five, then locked again.
  await ctx.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000) }).where('id', '=', u.id).execute();
  const third = tally(codes(await burst()));
  assert.ok((third.AUTH_INVALID ?? 0) <= 5 && (third.AUTH_LOCKED ?? 0) >= 55, JSON.stringify(third));
  assert.equal((await attempt(u.username, TEST_PASSWORD)).statusCode, 423);
});

test('the right password among parallel wrong ones: judged within the allowance, it signs in', async () => {
  const u = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  const results = await Promise.all([attempt(u.username, TEST_PASSWORD), ...Array.from({ length: 3 }, (_, i) => attempt(u.username, `Wrong-One-${i}`))]);
  assert.deepEqual(codes(results), ['OK', 'AUTH_INVALID', 'AUTH_INVALID', 'AUTH_INVALID']);
});

test('an unknown user name answers exactly like a real one: AUTH_INVALID, then locked at the fifth failure', async () => {
  const real = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  const ghost = `ghost${Date.now() % 100000}`;
  const seq = async (name: string) => {
    const out: string[] = [];
    for (let i = 1; i <= 7; i++) {
      const r = await attempt(name, `Wrong-Guess-${i}`, { 'accept-language': 'en' });
      out.push(`${r.statusCode} ${r.json().code} ${r.json().message}`);
    }
    return out;
  };
  const realSeq = await seq(real.username);
  const ghostSeq = await seq(ghost);
  assert.deepEqual(ghostSeq, realSeq);
  assert.deepEqual(realSeq.map((l) => l.split(' ')[1]), ['AUTH_INVALID', 'AUTH_INVALID', 'AUTH_INVALID', 'AUTH_INVALID', 'AUTH_LOCKED', 'AUTH_LOCKED', 'AUTH_LOCKED']);
  assert.match(ghostSeq[4]!, /try again in 15 minutes/);

  // In parallel too: an unknown name is judged at most five times.
  const other = `ghost-par${Date.now() % 100000}`;
  const burst = tally(codes(await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(other, `Parallel-Guess-${i}`)))));
  assert.ok((burst.AUTH_INVALID ?? 0) <= 5 && (burst.AUTH_LOCKED ?? 0) >= 35, JSON.stringify(burst));
});

test('unknown names cost the same password hash as real ones (no timing shortcut)', async () => {
  const real = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  const time = async (name: string) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 3; i++) await attempt(name, `Timing-Guess-${i}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  await time(`warmup${Date.now() % 1000}`);
  const realMs = await time(real.username);
  const ghostMs = await time(`timing${Date.now() % 100000}`);
  // An answer without the scrypt hash would take a fraction of the time; a factor of 3 tolerates a busy machine.
  assert.ok(ghostMs > realMs / 3, `unknown ${ghostMs} ms, real ${realMs} ms`);
});

test('a disabled account: a wrong password is AUTH_INVALID and counts towards the lock; only the right one says AUTH_DISABLED', async () => {
  const u = await makeUser(ctx, { role: 'helper', area: '140430' });
  await ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', u.id).execute();
  forgetSessions();
  const wrong = await attempt(u.username, 'Wrong-Pass-1');
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.json().code, 'AUTH_INVALID');
  const right = await attempt(u.username, TEST_PASSWORD);
  assert.equal(right.statusCode, 403);
  assert.equal(right.json().code, 'AUTH_DISABLED');
  // Every attempt counts, the right one included (it signs nobody in): the fifth locks.
  const later = [];
  for (let i = 2; i <= 6; i++) later.push((await attempt(u.username, `Wrong-Pass-${i}`)).json().code);
  assert.deepEqual(later, ['AUTH_INVALID', 'AUTH_INVALID', 'AUTH_LOCKED', 'AUTH_LOCKED', 'AUTH_LOCKED']);
  assert.equal((await attempt(u.username, TEST_PASSWORD)).json().code, 'AUTH_LOCKED');
});

test('failures are forgotten after the lock window; the record of unknown names is cleaned up', async () => {
  const u = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  for (let i = 0; i < 4; i++) assert.equal((await attempt(u.username, `Wrong-Old-${i}`)).statusCode, 401);
  await ctx.db.updateTable('users').set({ last_failed_login_at: sql`now() - interval '16 minutes'` }).where('id', '=', u.id).execute();
  assert.equal((await attempt(u.username, 'Wrong-New-1')).statusCode, 401, 'a new window: not the fifth failure');

  const stale = `stale${Date.now() % 100000}`;
  const lockedName = `lockedname${Date.now() % 100000}`;
  await attempt(stale, 'Wrong-Stale-1');
  for (let i = 0; i < 5; i++) await attempt(lockedName, `Wrong-Locked-${i}`);
  await ctx.db.updateTable('login_failures').set({ last_failed_at: sql`now() - interval '16 minutes'` }).where('name', 'in', [stale, lockedName]).execute();
  await ctx.db.updateTable('login_failures').set({ locked_until: sql`now() + interval '1 minute'` }).where('name', '=', lockedName).execute();
  await attempt(`fresh${Date.now() % 100000}`, 'Wrong-Fresh-1'); // a new name: expired records go
  const names = (await ctx.db.selectFrom('login_failures').select('name').execute()).map((r) => r.name);
  assert.ok(!names.includes(stale), 'an expired record is deleted');
  assert.ok(names.includes(lockedName), 'a record still locked stays');
  // Real names are never recorded there (their count lives on the account).
  assert.ok(!names.includes(u.username));

  // The bound: beyond it the oldest records go, locked ones last (login.ts applies it every thousandth new name).
  await ctx.db.insertInto('login_failures')
    .values(Array.from({ length: 5 }, (_, i) => ({ name: `flood${i}`, failures: 1, last_failed_at: new Date(Date.now() - 600_000 + i * 1000) })))
    .execute();
  const total = (await ctx.db.selectFrom('login_failures').select('name').execute()).length;
  await forgetLoginFailures(ctx.db, 15, total - 2);
  const left = (await ctx.db.selectFrom('login_failures').select('name').execute()).map((r) => r.name);
  assert.equal(left.length, total - 2);
  assert.ok(!left.includes('flood0') && !left.includes('flood1') && left.includes('flood2') && left.includes(lockedName), left.join());
});

test('weak passwords are refused with a reason: common, keyboard, repeated, mostly spaces, the user name or phone', async () => {
  const admin = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  const s = await login(ctx.app, admin.username);
  const created = await as(ctx.app, s, 'POST', '/api/users', {
    username: 'wang.fang', displayName: '王芳', role: 'helper', areaCode: '140430', phone: '13907314262',
  });
  assert.equal(created.statusCode, 200, created.body);
  const { initialPassword } = created.json();
  const us = await login(ctx.app, 'wang.fang', initialPassword);
  const cases: [string, string][] = [
    ['Password@1', 'common'],
    ['P@ssw0rd1!', 'common'],
    ['Woaini1314!', 'common'],
    ['Woaini5201314!', 'common'],
    ['Qwerty@123', 'keyboard'],
    ['Qq123456789!', 'sequence'],
    ['1qaz@WSX3edc', 'keyboard'],
    ['Aa1aaaaaaa', 'repeated'],
    [' '.repeat(10) + 'A1a', 'length'],
    ['Wang.Fang-2024!', 'contains_name'],
    ['Gnaf.gnaw#2024X', 'contains_name'],
    ['Wangfang#2024X', 'contains_name'],
    ['Tel13907314262a', 'contains_phone'],
    ['X26241370931#b', 'contains_phone'],
  ];
  for (const [pw, reason] of cases) {
    const r = await as(ctx.app, us, 'POST', '/api/auth/password', { currentPassword: initialPassword, newPassword: pw });
    assert.equal(r.statusCode, 400, `${pw}: ${r.body}`);
    assert.equal(r.json().code, 'PASSWORD_WEAK', pw);
    assert.equal(r.json().details.reason, reason, pw);
  }
  const en = await ctx.app.inject({
    method: 'POST', url: '/api/auth/password', payload: { currentPassword: initialPassword, newPassword: 'Password@1' },
    headers: { cookie: us.cookie, 'x-csrf-token': us.csrf, 'accept-language': 'en' },
  });
  assert.match(en.json().message, /common/i);
  const zh = await as(ctx.app, us, 'POST', '/api/auth/password', { currentPassword: initialPassword, newPassword: 'Password@1' });
  assert.match(zh.json().message, /常见/);
  // An administrator's chosen initial password meets the same rules.
  const chosen = await as(ctx.app, s, 'POST', '/api/users', { username: 'weak.pick', displayName: '弱', role: 'helper', areaCode: '140430', password: 'Qwerty@123' });
  assert.equal(chosen.json().code, 'PASSWORD_WEAK');
  assert.equal(chosen.json().details.reason, 'keyboard');
  // A good one passes.
  const ok = await as(ctx.app, us, 'POST', '/api/auth/password', { currentPassword: initialPassword, newPassword: 'Brand-New-Pass-9' });
  assert.equal(ok.statusCode, 200, ok.body);
});

test('the last five passwords cannot be used again, at a change and after a reset', async () => {
  const admin = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  const as_ = await login(ctx.app, admin.username);
  const u = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  let current = TEST_PASSWORD;
  let s = await login(ctx.app, u.username, current);
  const change = (next: string) => as(ctx.app, s, 'POST', '/api/auth/password', { currentPassword: current, newPassword: next });
  const history = ['Rotate#One-41', 'Rotate#Two-52', 'Rotate#Six-63', 'Rotate#Ten-74', 'Rotate#Owl-85'];
  for (const next of history) {
    const r = await change(next);
    assert.equal(r.statusCode, 200, `${next}: ${r.body}`);
    current = next;
  }
  // The current password and the four before it are refused; the one before those (TEST_PASSWORD) is free again.
  for (const old of history) {
    const r = await change(old);
    assert.equal(r.json().code, 'PASSWORD_WEAK', old);
    assert.equal(r.json().details.reason, 'reused', old);
  }
  assert.equal((await change(TEST_PASSWORD)).statusCode, 200);
  current = TEST_PASSWORD;
  const kept = await ctx.db.selectFrom('password_history').select(sql<number>`count(*)::int`.as('n')).where('user_id', '=', u.id).executeTakeFirstOrThrow();
  assert.ok(kept.n <= 5, `${kept.n} hashes kept`);

  // After an administrator's reset, the forced change cannot go back to the password before the reset.
  const reset = await as(ctx.app, as_, 'POST', `/api/users/${u.id}/reset-password`);
  assert.equal(reset.statusCode, 200, reset.body);
  const before = current;
  current = reset.json().password;
  s = await login(ctx.app, u.username, current);
  const back = await change(before);
  assert.equal(back.json().code, 'PASSWORD_WEAK');
  assert.equal(back.json().details.reason, 'reused');
  assert.equal((await change('Fresh#Start-96')).statusCode, 200);
});
