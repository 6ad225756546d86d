import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import type { Role } from '../src/shared/roles.js';
import pg from '../src/db/pg-types.js';

let ctx: TestContext;
let admin: { id: number; username: string };
let s: Session;

before(async () => {
  ctx = await buildTestContext();
  admin = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  s = await login(ctx.app, admin.username);
});
after(() => ctx.close());

const lastAudit = (action: string, targetId: number) =>
  ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('target_id', '=', String(targetId))
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();

test('a county administrator creates a user: the initial password is returned once and must be changed at first sign-in', async () => {
  const res = await as(ctx.app, s, 'POST', '/api/users', {
    username: 'li.clerk',
    displayName: '李村级',
    role: 'village_clerk',
    areaCode: '140430103207',
    phone: '138 0000 0000',
  });
  assert.equal(res.statusCode, 200, res.body);
  const { user, initialPassword } = res.json();
  assert.equal(user.username, 'li.clerk');
  assert.equal(user.role, 'village_clerk');
  assert.equal(user.areaCode, '140430103207');
  assert.equal(user.areaName, '大桥沟村委会');
  assert.equal(user.status, 'active');
  assert.equal(user.mustChangePassword, true);
  assert.equal(user.locked, false);
  assert.ok(initialPassword.length >= 10);
  assert.doesNotMatch(res.body, /scrypt|password_hash/);

  const row = await ctx.db.selectFrom('users').selectAll().where('username', '=', 'li.clerk').executeTakeFirstOrThrow();
  assert.notEqual(row.password_hash, initialPassword);
  assert.match(row.password_hash, /^scrypt\$/);
  assert.equal(row.created_by, admin.id);

  const first = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'li.clerk', password: initialPassword } });
  assert.equal(first.statusCode, 200);
  assert.equal(first.json().mustChangePassword, true);
  const clerk = await login(ctx.app, 'li.clerk', initialPassword);
  assert.equal((await as(ctx.app, clerk, 'GET', '/api/areas')).json().code, 'PASSWORD_CHANGE_REQUIRED');
  assert.equal((await as(ctx.app, clerk, 'POST', '/api/auth/password', { currentPassword: initialPassword, newPassword: 'Clerk-Own-Pass-7' })).statusCode, 200);
  assert.equal((await as(ctx.app, clerk, 'GET', '/api/areas')).statusCode, 200);

  const entry = await lastAudit('users.create', user.id);
  assert.equal(entry.user_id, admin.id);
  assert.equal(entry.username, admin.username);
  assert.equal(entry.ip, '127.0.0.1');
  assert.equal(entry.target_type, 'user');
  assert.equal(entry.outcome, 'ok');
  assert.deepEqual((entry.detail as { after: unknown }).after, {
    username: 'li.clerk', displayName: '李村级', role: 'village_clerk', areaCode: '140430103207', department: null, phone: '138 0000 0000', status: 'active',
  });
  assert.doesNotMatch(JSON.stringify(entry.detail), new RegExp(initialPassword.replace(/[+=]/g, '\\$&')));
});

test('an administrator-chosen initial password must meet the policy', async () => {
  const weak = await as(ctx.app, s, 'POST', '/api/users', { username: 'weakling', displayName: '弱', role: 'helper', areaCode: '140430', password: 'abc' });
  assert.equal(weak.statusCode, 400);
  assert.equal(weak.json().code, 'PASSWORD_WEAK');
  const ok = await as(ctx.app, s, 'POST', '/api/users', { username: 'chosen', displayName: '选', role: 'helper', areaCode: '140430', password: 'Picked-Pass-42' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().initialPassword, 'Picked-Pass-42');
  assert.equal(ok.json().user.mustChangePassword, true);
});

test('a role must sit on a level it fits: a village clerk on a county is ROLE_AREA_MISMATCH', async () => {
  const cases: [Role, string][] = [
    ['village_clerk', '140430'],
    ['village_clerk', '140430103'],
    ['township_reviewer', '140430103207'],
    ['county_admin', '140430103'],
    ['dept_officer', '140430103207'],
  ];
  for (const [role, areaCode] of cases) {
    const res = await as(ctx.app, s, 'POST', '/api/users', { username: `mismatch_${role}`, displayName: 'x', role, areaCode });
    assert.equal(res.statusCode, 400, `${role} on ${areaCode}: ${res.body}`);
    assert.equal(res.json().code, 'ROLE_AREA_MISMATCH', `${role} on ${areaCode}`);
  }
  const en = await ctx.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': 'en' },
    payload: { username: 'mismatch_en', displayName: 'x', role: 'village_clerk', areaCode: '140430' },
  });
  assert.equal(en.json().message, 'Role "Village clerk" cannot sit on a county-level area');
  // Moving an existing clerk to the county is refused the same way.
  const clerk = await makeUser(ctx, { role: 'village_clerk', area: '140430103207' });
  const move = await as(ctx.app, s, 'PATCH', `/api/users/${clerk.id}`, { areaCode: '140430' });
  assert.equal(move.json().code, 'ROLE_AREA_MISMATCH');
  const count = await ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('username', 'like', 'mismatch_%').executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 0);
});

test('a department officer needs a department; an unknown area is refused', async () => {
  const res = await as(ctx.app, s, 'POST', '/api/users', { username: 'dept_none', displayName: '无部门', role: 'dept_officer', areaCode: '140430' });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().code, 'DEPARTMENT_REQUIRED');
  const nullDept = await as(ctx.app, s, 'POST', '/api/users', { username: 'dept_null', displayName: '无部门', role: 'dept_officer', areaCode: '140430', department: null });
  assert.equal(nullDept.json().code, 'DEPARTMENT_REQUIRED');
  const badDept = await as(ctx.app, s, 'POST', '/api/users', { username: 'dept_bad', displayName: '坏部门', role: 'dept_officer', areaCode: '140430', department: 'secret_police' });
  assert.equal(badDept.json().code, 'VALIDATION_FAILED');
  const ok = await as(ctx.app, s, 'POST', '/api/users', { username: 'dept_civil', displayName: '民政', role: 'dept_officer', areaCode: '140430', department: 'civil_affairs' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().user.department, 'civil_affairs');
  const unknownArea = await as(ctx.app, s, 'POST', '/api/users', { username: 'nowhere', displayName: '无', role: 'village_clerk', areaCode: '140430103999' });
  assert.equal(unknownArea.statusCode, 404);
  assert.equal(unknownArea.json().code, 'AREA_NOT_FOUND');
  const badArea = await as(ctx.app, s, 'POST', '/api/users', { username: 'badarea', displayName: '坏', role: 'village_clerk', areaCode: '14043010' });
  assert.equal(badArea.json().code, 'AREA_CODE_INVALID');
});

test('a duplicate user name answers 409 USERNAME_TAKEN, also when two administrators race', async () => {
  const body = { username: 'dup_user', displayName: '重复', role: 'helper', areaCode: '140430' };
  assert.equal((await as(ctx.app, s, 'POST', '/api/users', body)).statusCode, 200);
  const again = await as(ctx.app, s, 'POST', '/api/users', { ...body, displayName: '又一个' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'USERNAME_TAKEN');
  assert.match(again.json().message, /dup_user/);
  // An existing name taken by makeUser (a different case of the same letters is another name).
  const taken = await as(ctx.app, s, 'POST', '/api/users', { ...body, username: admin.username });
  assert.equal(taken.json().code, 'USERNAME_TAKEN');

  // A race: hold inserts into users back until all three requests have checked that the name is free.
  const lock = new pg.Client({ connectionString: ctx.url });
  await lock.connect();
  try {
    await lock.query('begin');
    await lock.query('lock table users in share mode'); // reads pass, inserts wait
    const pending = Promise.all([1, 2, 3].map(() => as(ctx.app, s, 'POST', '/api/users', { ...body, username: 'race_user' })));
    for (let i = 0; i < 200; i++) {
      const { rows } = await lock.query(`select count(*)::int as n from pg_locks where relation = 'users'::regclass and not granted`);
      if (rows[0].n >= 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await lock.query('commit');
    const results = await pending;
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 409, 409], results.map((r) => r.body).join('\n'));
    assert.ok(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'USERNAME_TAKEN'));
  } finally {
    await lock.end();
  }
});

test('disabling a user ends his sessions and blocks sign-in; enabling lets him back', async () => {
  const victim = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  const vs = await login(ctx.app, victim.username);
  assert.equal((await as(ctx.app, vs, 'GET', '/api/auth/me')).statusCode, 200);

  const res = await as(ctx.app, s, 'PATCH', `/api/users/${victim.id}`, { status: 'disabled' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().status, 'disabled');
  const sessions = await ctx.db.selectFrom('sessions').select('id').where('user_id', '=', victim.id).execute();
  assert.equal(sessions.length, 0);
  const me = await as(ctx.app, vs, 'GET', '/api/auth/me');
  assert.equal(me.statusCode, 401);
  assert.equal(me.json().code, 'SESSION_EXPIRED');
  const relogin = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: victim.username, password: victim.password } });
  assert.equal(relogin.statusCode, 403);
  assert.equal(relogin.json().code, 'AUTH_DISABLED');

  const entry = await lastAudit('users.update', victim.id);
  const detail = entry.detail as { before: { status: string }; after: { status: string } };
  assert.equal(detail.before.status, 'active');
  assert.equal(detail.after.status, 'disabled');
  assert.equal(entry.username, admin.username);

  assert.equal((await as(ctx.app, s, 'PATCH', `/api/users/${victim.id}`, { status: 'active' })).json().status, 'active');
  await login(ctx.app, victim.username, victim.password);

  // An administrator cannot disable himself (he would lock the county out).
  const self = await as(ctx.app, s, 'PATCH', `/api/users/${admin.id}`, { status: 'disabled' });
  assert.equal(self.statusCode, 403);
  assert.equal(self.json().code, 'FORBIDDEN');
});

test('changing role and area records before and after, and ends the moved user’s sessions', async () => {
  const clerk = await makeUser(ctx, { role: 'village_clerk', area: '140430103207' });
  const cs = await login(ctx.app, clerk.username);
  const res = await as(ctx.app, s, 'PATCH', `/api/users/${clerk.id}`, { role: 'township_reviewer', areaCode: '140430103', displayName: '升任乡镇' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().role, 'township_reviewer');
  assert.equal(res.json().areaCode, '140430103000');
  assert.equal((await as(ctx.app, cs, 'GET', '/api/auth/me')).statusCode, 401);
  const detail = (await lastAudit('users.update', clerk.id)).detail as Record<string, Record<string, unknown>>;
  assert.deepEqual(
    { role: detail.before!.role, areaCode: detail.before!.areaCode, displayName: detail.before!.displayName },
    { role: 'village_clerk', areaCode: '140430103207', displayName: clerk.username },
  );
  assert.deepEqual(
    { role: detail.after!.role, areaCode: detail.after!.areaCode, displayName: detail.after!.displayName },
    { role: 'township_reviewer', areaCode: '140430103000', displayName: '升任乡镇' },
  );
});

test('a password reset forces a change and unlocks a locked account', async () => {
  const locked = await makeUser(ctx, { role: 'village_clerk', area: '140430103207' });
  const ls = await login(ctx.app, locked.username);
  for (let i = 0; i < 5; i++) {
    await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: locked.username, password: `Wrong-Pass-${i}` } });
  }
  const blocked = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: locked.username, password: locked.password } });
  assert.equal(blocked.json().code, 'AUTH_LOCKED');
  assert.equal((await as(ctx.app, s, 'GET', `/api/users/${locked.id}`)).json().locked, true);

  const res = await as(ctx.app, s, 'POST', `/api/users/${locked.id}/reset-password`);
  assert.equal(res.statusCode, 200, res.body);
  const { password } = res.json();
  assert.ok(password.length >= 10);
  const view = (await as(ctx.app, s, 'GET', `/api/users/${locked.id}`)).json();
  assert.equal(view.locked, false);
  assert.equal(view.mustChangePassword, true);
  // Old sessions end; the old password no longer works; the new one does, with a forced change.
  assert.equal((await as(ctx.app, ls, 'GET', '/api/auth/me')).statusCode, 401);
  const old = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: locked.username, password: locked.password } });
  assert.equal(old.json().code, 'AUTH_INVALID');
  const fresh = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: locked.username, password } });
  assert.equal(fresh.statusCode, 200, fresh.body);
  assert.equal(fresh.json().mustChangePassword, true);

  const entry = await lastAudit('users.reset_password', locked.id);
  assert.equal(entry.username, admin.username);
  const detail = entry.detail as { before: Record<string, unknown>; after: Record<string, unknown> };
  assert.deepEqual(detail.before, { mustChangePassword: false, locked: true });
  assert.deepEqual(detail.after, { mustChangePassword: true, locked: false });
  assert.ok(!JSON.stringify(entry.detail).includes(password), 'the new password is not in the audit log');
});

test('only the county and security administrators manage accounts: every other role gets 403 FORBIDDEN', async () => {
  const target = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  const others: [Role, string][] = [
    ['county_reviewer', '140430'],
    ['township_reviewer', '140430103'],
    ['village_clerk', '140430103207'],
    ['helper', '140430103207'],
    ['dept_officer', '140430'],
    ['auditor', '140430'],
  ];
  for (const [role, area] of others) {
    const who = await makeUser(ctx, { role, area });
    const ws = await login(ctx.app, who.username);
    const create = await as(ctx.app, ws, 'POST', '/api/users', { username: `by_${role}`, displayName: 'x', role: 'helper', areaCode: '140430103207' });
    assert.equal(create.statusCode, 403, `${role}: ${create.body}`);
    assert.equal(create.json().code, 'FORBIDDEN', role);
    // Even a malformed body is refused for the role first: nothing about the schema leaks.
    assert.equal((await as(ctx.app, ws, 'POST', '/api/users', { nonsense: true })).json().code, 'FORBIDDEN', role);
    assert.equal((await as(ctx.app, ws, 'PATCH', `/api/users/${target.id}`, { status: 'disabled' })).json().code, 'FORBIDDEN', role);
    assert.equal((await as(ctx.app, ws, 'POST', `/api/users/${target.id}/reset-password`)).json().code, 'FORBIDDEN', role);
  }
  const rows = await ctx.db.selectFrom('users').select('id').where('username', 'like', 'by\\_%').execute();
  assert.equal(rows.length, 0);
  const t = await ctx.db.selectFrom('users').select(['status', 'must_change_password']).where('id', '=', target.id).executeTakeFirstOrThrow();
  assert.deepEqual(t, { status: 'active', must_change_password: false });
});

test('the administrator lists and filters the users of his county', async () => {
  const res = await as(ctx.app, s, 'GET', '/api/users?role=dept_officer');
  assert.equal(res.statusCode, 200);
  assert.ok(res.json().items.length >= 1);
  assert.ok(res.json().items.every((u: { role: string }) => u.role === 'dept_officer'));
  const byName = await as(ctx.app, s, 'GET', '/api/users?q=li.cl');
  assert.deepEqual(byName.json().items.map((u: { username: string }) => u.username), ['li.clerk']);
  const page = await as(ctx.app, s, 'GET', '/api/users?pageSize=2&page=1');
  assert.equal(page.json().items.length, 2);
  assert.ok(page.json().total > 2);
  const byArea = await as(ctx.app, s, 'GET', '/api/users?areaCode=140430103207&pageSize=200');
  assert.ok(byArea.json().items.every((u: { areaCode: string }) => u.areaCode === '140430103207'));
});
