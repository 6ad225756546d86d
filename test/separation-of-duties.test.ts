/**
 * Separation of duties (三员分立, issue 14): no administrator sets or sees an auditor's password. The county
 * administrator cannot open, reset or edit an auditor's (or a security administrator's) account; the security
 * administrator can, and gets a one-time activation code with which the owner chooses his own password; the security
 * administrator reads no business data and no audit log. Every step is audited.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';

let ctx: TestContext;
let admin: Session;
let sec: Session;
let secUser: { id: number; username: string };

before(async () => {
  ctx = await buildTestContext();
  const a = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  admin = await login(ctx.app, a.username);
  secUser = await makeUser(ctx, { role: 'security_admin', area: '140430' });
  sec = await login(ctx.app, secUser.username);
});
after(() => ctx.close());

const activate = (body: Record<string, string>) => ctx.app.inject({ method: 'POST', url: '/api/auth/activate', payload: body });
const signIn = (username: string, password: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const audits = (action: string, targetId: number) =>
  ctx.db.selectFrom('audit_log').select(['username', 'outcome', 'detail', 'user_id']).where('action', '=', action).where('target_id', '=', String(targetId)).orderBy('seq').execute();

test('a county administrator cannot open, reset or edit an auditor’s or a security administrator’s account (403)', async () => {
  for (const role of ['auditor', 'security_admin']) {
    const res = await as(ctx.app, admin, 'POST', '/api/users', { username: `adm_${role}`, displayName: 'x', role, areaCode: '140430' });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().code, 'ROLE_NOT_MANAGED');
    assert.match(res.json().message, /三员分立/);
  }
  const auditor = await makeUser(ctx, { role: 'auditor', area: '140430' });
  const reset = await as(ctx.app, admin, 'POST', `/api/users/${auditor.id}/reset-password`);
  assert.equal(reset.statusCode, 403);
  assert.equal(reset.json().code, 'ROLE_NOT_MANAGED');
  assert.doesNotMatch(reset.body, /password"|activation/);
  for (const patch of [{ status: 'disabled' }, { displayName: 'y' }, { role: 'helper' }]) {
    assert.equal((await as(ctx.app, admin, 'PATCH', `/api/users/${auditor.id}`, patch)).statusCode, 403, JSON.stringify(patch));
  }
  // Nor make one of a clerk whose password he chose.
  const made = await as(ctx.app, admin, 'POST', '/api/users', { username: 'adm_clerk', displayName: 'x', role: 'helper', areaCode: '140430', password: 'Picked-Pass-42' });
  assert.equal(made.statusCode, 200, made.body);
  const promote = await as(ctx.app, admin, 'PATCH', `/api/users/${made.json().user.id}`, { role: 'auditor' });
  assert.equal(promote.json().code, 'ROLE_NOT_MANAGED');
  assert.equal((await ctx.db.selectFrom('users').select('id').where('username', 'like', 'adm\\_%').where('role', '!=', 'helper').execute()).length, 0);
  const row = await ctx.db.selectFrom('users').select(['role', 'status', 'password_hash']).where('id', '=', auditor.id).executeTakeFirstOrThrow();
  assert.equal(row.role, 'auditor');
  assert.equal(row.status, 'active');
  // The refusals are in the audit log (the net records a failed attempt).
  const failed = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'POST /api/users/:id/reset-password').where('target_id', '=', String(auditor.id)).execute();
  assert.equal(failed.length, 1);
  assert.equal((failed[0]!.detail as { code: string }).code, 'ROLE_NOT_MANAGED');
});

test('a security administrator manages only auditors and his peers, and reads no business data and no audit log', async () => {
  const clerk = await as(ctx.app, sec, 'POST', '/api/users', { username: 'sec_clerk', displayName: 'x', role: 'village_clerk', areaCode: '140430103207' });
  assert.equal(clerk.json().code, 'ROLE_NOT_MANAGED');
  for (const url of ['/api/households', '/api/audit', '/api/imports', '/api/households/export.xlsx', '/api/households/summary', '/api/audit/verify']) {
    const res = await as(ctx.app, sec, 'GET', url);
    assert.equal(res.statusCode, 403, `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  assert.deepEqual(sec.user.permissions.sort(), ['areas.read', 'users.manage', 'users.read']);
  const helper = await makeUser(ctx, { role: 'helper', area: '140430' });
  // He sees only the accounts he manages: a clerk's is not found, and the list holds none.
  assert.equal((await as(ctx.app, sec, 'GET', `/api/users/${helper.id}`)).statusCode, 404);
  assert.equal((await as(ctx.app, sec, 'POST', `/api/users/${helper.id}/reset-password`)).statusCode, 403);
  const list = await as(ctx.app, sec, 'GET', '/api/users?pageSize=200');
  assert.ok(list.json().items.length >= 1);
  assert.ok(list.json().items.every((u: { role: string }) => u.role === 'auditor' || u.role === 'security_admin'));
});

test('an auditor’s account: opened by a one-time code, its owner sets his own password once; nobody else ever knows it', async () => {
  const res = await as(ctx.app, sec, 'POST', '/api/users', { username: 'wang.audit', displayName: '王审计', role: 'auditor', areaCode: '140430' });
  assert.equal(res.statusCode, 200, res.body);
  const { user, activation, initialPassword } = res.json();
  assert.equal(initialPassword, undefined);
  assert.match(activation.code, /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  assert.ok(Date.parse(activation.expiresAt) > Date.now() + 71 * 3600_000);
  assert.equal(user.activationPending, true);
  // The security administrator cannot choose the password either.
  const chosen = await as(ctx.app, sec, 'POST', '/api/users', { username: 'wang.audit2', displayName: 'x', role: 'auditor', areaCode: '140430', password: 'Picked-Pass-42' });
  assert.equal(chosen.json().code, 'ACTIVATION_PASSWORD');

  // Stored hashed; until activated nobody signs in.
  const stored = await ctx.db.selectFrom('activation_codes').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
  assert.ok(!JSON.stringify(stored).includes(activation.code.replace(/-/g, '')) && !JSON.stringify(stored).includes(activation.code));
  assert.equal((await signIn('wang.audit', 'activation-pending')).json().code, 'AUTH_INVALID');
  assert.equal((await signIn('wang.audit', activation.code)).json().code, 'AUTH_INVALID');

  // Wrong code, unknown name: one answer. A weak password does not use the code up.
  const wrong = await activate({ username: 'wang.audit', code: 'AAAA-BBBB-CCCC-DDDD', newPassword: 'Audit-Own-Pass-93' });
  const unknown = await activate({ username: 'nobody.here', code: activation.code, newPassword: 'Audit-Own-Pass-93' });
  assert.equal(wrong.statusCode, 400);
  assert.deepEqual(wrong.json(), unknown.json());
  assert.equal(wrong.json().code, 'ACTIVATION_INVALID');
  const weak = await activate({ username: 'wang.audit', code: activation.code, newPassword: 'password123' });
  assert.equal(weak.json().code, 'PASSWORD_WEAK');

  // Typed in lower case without dashes: accepted.
  const ok = await activate({ username: 'wang.audit', code: activation.code.replace(/-/g, '').toLowerCase(), newPassword: 'Audit-Own-Pass-93' });
  assert.equal(ok.statusCode, 200, ok.body);
  const first = await signIn('wang.audit', 'Audit-Own-Pass-93');
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json().mustChangePassword, false);
  assert.ok(first.json().user.permissions.includes('audit.read'));
  // Single use.
  assert.equal((await activate({ username: 'wang.audit', code: activation.code, newPassword: 'Another-Pass-71' })).json().code, 'ACTIVATION_INVALID');
  assert.equal((await signIn('wang.audit', 'Audit-Own-Pass-93')).statusCode, 200);

  const created = await audits('users.create', user.id);
  assert.equal(created.length, 1);
  assert.equal(created[0]!.username, secUser.username);
  assert.ok((created[0]!.detail as { activation?: { expiresAt: string } }).activation?.expiresAt);
  const activations = await audits('users.activate', user.id);
  assert.deepEqual(
    activations.map((a) => [a.outcome, (a.detail as { reason?: string } | null)?.reason ?? null]),
    [['fail', 'wrong_code'], ['fail', 'weak_password'], ['ok', null], ['fail', 'no_code']],
  );
  const all = await ctx.db.selectFrom('audit_log').select('detail').execute();
  assert.ok(!JSON.stringify(all).includes(activation.code), 'the code is never in the audit log');
  assert.ok(!JSON.stringify(all).includes('Audit-Own-Pass-93'));
});

test('a reset by the security administrator: the old password stops at once, a new code, the owner chooses again', async () => {
  const auditor = await makeUser(ctx, { role: 'auditor', area: '140430' });
  const session = await login(ctx.app, auditor.username);
  const res = await as(ctx.app, sec, 'POST', `/api/users/${auditor.id}/reset-password`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().password, undefined);
  const { code } = res.json().activation;
  assert.equal((await as(ctx.app, session, 'GET', '/api/audit')).statusCode, 401, 'his sessions ended');
  assert.equal((await signIn(auditor.username, 'Test-Passw0rd!')).json().code, 'AUTH_INVALID');
  assert.equal((await activate({ username: auditor.username, code, newPassword: 'Fresh-Audit-Pass-58' })).statusCode, 200);
  assert.equal((await signIn(auditor.username, 'Fresh-Audit-Pass-58')).statusCode, 200);
  const entry = await audits('users.reset_password', auditor.id);
  assert.equal(entry.length, 1);
  assert.equal(entry[0]!.username, secUser.username);
  assert.ok(!JSON.stringify(entry[0]!.detail).includes(code));
});

test('an expired code is refused; five wrong tries withdraw a code', async () => {
  const a = (await as(ctx.app, sec, 'POST', '/api/users', { username: 'late.audit', displayName: '迟', role: 'auditor', areaCode: '140430' })).json();
  await ctx.db.updateTable('activation_codes').set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where('user_id', '=', a.user.id).execute();
  const late = await activate({ username: 'late.audit', code: a.activation.code, newPassword: 'Late-Audit-Pass-64' });
  assert.equal(late.json().code, 'ACTIVATION_EXPIRED');
  assert.equal((await signIn('late.audit', 'Late-Audit-Pass-64')).json().code, 'AUTH_INVALID');

  const b = (await as(ctx.app, sec, 'POST', '/api/users', { username: 'guess.audit', displayName: '猜', role: 'auditor', areaCode: '140430' })).json();
  for (let i = 0; i < 5; i++) assert.equal((await activate({ username: 'guess.audit', code: `ZZZZ-ZZZZ-ZZZZ-ZZZ${i + 2}`, newPassword: 'Guess-Audit-Pass-64' })).json().code, 'ACTIVATION_INVALID');
  assert.equal((await activate({ username: 'guess.audit', code: b.activation.code, newPassword: 'Guess-Audit-Pass-64' })).json().code, 'ACTIVATION_INVALID');
  const reasons = (await audits('users.activate', b.user.id)).map((e) => (e.detail as { reason: string }).reason);
  assert.deepEqual(reasons, ['wrong_code', 'wrong_code', 'wrong_code', 'wrong_code', 'wrong_code_withdrawn', 'no_code']);
});

test('an account does not cross between the activation roles and the others', async () => {
  const auditor = await makeUser(ctx, { role: 'auditor', area: '140430' });
  const toSec = await as(ctx.app, sec, 'PATCH', `/api/users/${auditor.id}`, { role: 'security_admin' });
  assert.equal(toSec.statusCode, 200, toSec.body);
  const toAdmin = await as(ctx.app, sec, 'PATCH', `/api/users/${auditor.id}`, { role: 'county_admin' });
  assert.equal(toAdmin.json().code, 'ROLE_NOT_MANAGED');
});
