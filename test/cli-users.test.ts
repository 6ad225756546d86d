/** `npx fangpin users create`: the first administrator of an installation started with SEED_DEMO=false. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { buildTestContext, type TestContext } from './helpers/app.js';

const ROOT = path.resolve(import.meta.dirname, '..');
let ctx: TestContext;
before(async () => {
  ctx = await buildTestContext();
});
after(() => ctx.close());

function cli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/fangpin.mjs'), ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: ctx.url, LOG_LEVEL: 'silent' }, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

test('users create: an account in any area, its password shown once, must be changed, audited as cli', async () => {
  const r = await cli('users', 'create', 'chief', '--role', 'county_admin', '--area', '140430', '--name', '县管理员');
  assert.equal(r.code, 0, r.out);
  const password = /^chief: (\S+)/m.exec(r.out)?.[1];
  assert.ok(password && password.length >= 10, r.out);

  const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'chief', password } });
  assert.equal(login.statusCode, 200, login.body);
  assert.equal(login.json().mustChangePassword, true);
  assert.equal(login.json().user.areaCode, '140430000000');

  const audit = await ctx.db.selectFrom('audit_log').select(['username', 'action']).where('action', '=', 'users.create').execute();
  assert.deepEqual(audit, [{ username: 'cli', action: 'users.create' }]);
});

test('users create of an auditor: an activation code, no password; the owner chooses his own', async () => {
  const r = await cli('users', 'create', 'zhao.audit', '--role', 'auditor', '--area', '140430');
  assert.equal(r.code, 0, r.out);
  const code = /^zhao\.audit: 激活码 activation code (\S+)/m.exec(r.out)?.[1];
  assert.ok(code, r.out);
  const activate = await ctx.app.inject({ method: 'POST', url: '/api/auth/activate', payload: { username: 'zhao.audit', code, newPassword: 'Zhao-Own-Pass-37' } });
  assert.equal(activate.statusCode, 200, activate.body);
  const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhao.audit', password: 'Zhao-Own-Pass-37' } });
  assert.equal(login.statusCode, 200, login.body);
  assert.equal(login.json().mustChangePassword, false);

  // The console's emergency reset of such an account: a new code, never a password; the old password stops.
  const reset = await cli('users', 'reset-password', 'zhao.audit');
  assert.equal(reset.code, 0, reset.out);
  const again = /^zhao\.audit: 激活码 activation code (\S+)/m.exec(reset.out)?.[1];
  assert.ok(again && again !== code, reset.out);
  const old = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhao.audit', password: 'Zhao-Own-Pass-37' } });
  assert.equal(old.json().code, 'AUTH_INVALID');
  const audit = await ctx.db.selectFrom('audit_log').select(['username', 'detail']).where('action', '=', 'users.reset_password').execute();
  assert.equal(audit.at(-1)!.username, 'cli');
  assert.ok(!JSON.stringify(audit).includes(again));
});

test('users create refuses what the console cannot place, with one line and nothing stored', async () => {
  const before = await ctx.db.selectFrom('users').select('id').execute();
  const taken = await cli('users', 'create', 'chief', '--role', 'county_admin', '--area', '140430');
  assert.equal(taken.code, 1);
  assert.match(taken.out, /USERNAME_TAKEN/);
  const level = await cli('users', 'create', 'clerk1', '--role', 'village_clerk', '--area', '140430');
  assert.equal(level.code, 1);
  assert.match(level.out, /ROLE_AREA_MISMATCH/);
  const role = await cli('users', 'create', 'x1', '--role', 'king', '--area', '140430');
  assert.equal(role.code, 2);
  assert.match(role.out, /unknown role/);
  const missing = await cli('users', 'create', 'x2', '--role', 'county_admin');
  assert.equal(missing.code, 2);
  assert.match(missing.out, /usage/);
  const dept = await cli('users', 'create', 'x3', '--role', 'dept_officer', '--area', '140430');
  assert.match(dept.out, /DEPARTMENT_REQUIRED/);
  assert.equal((await ctx.db.selectFrom('users').select('id').execute()).length, before.length);
});
