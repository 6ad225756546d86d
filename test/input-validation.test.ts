import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { verifyAuditChain } from '../src/modules/audit/repo.js';

/**
 * Input the schema used to let through to PostgreSQL (500 INTERNAL): NUL characters, lone surrogates, dates that do
 * not exist, integers out of range, arrays for scalars. Each is a 400 VALIDATION_FAILED naming the field, and writes
 * nothing.
 */
const VILLAGE = '140430103207';
let ctx: TestContext;
let admin: Session;
let adminUser: { id: number; username: string };
let household: { id: number; version: number; members: { id: number }[] };

before(async () => {
  ctx = await buildTestContext();
  adminUser = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  admin = await login(ctx.app, adminUser.username);
  const r = await as(ctx.app, admin, 'POST', '/api/households', {
    householdNo: householdNo(),
    villageCode: VILLAGE,
    category: 'ordinary',
    address: '新店镇大桥沟村 1 号',
    phone: '13912345678',
    members: [
      { idNumber: makeId({ gender: 'M' }), name: '张三', relation: 'head' },
      { idNumber: makeId({ gender: 'F' }), name: '李四', relation: 'spouse' },
    ],
  });
  assert.equal(r.statusCode, 200, r.body);
  household = r.json();
});
after(() => ctx.close());

function refused(r: LightMyRequestResponse, field: RegExp, label: string) {
  assert.equal(r.statusCode, 400, `${label}: ${r.statusCode} ${r.body}`);
  const body = r.json();
  assert.equal(body.code, 'VALIDATION_FAILED', `${label}: ${r.body}`);
  assert.match(body.message, field, `${label}: the message names the field`);
}

async function unchanged() {
  const h = await ctx.db.selectFrom('households').select(['version', 'address', 'phone_enc']).where('id', '=', household.id).executeTakeFirstOrThrow();
  assert.equal(h.version, household.version);
  assert.equal(h.address, '新店镇大桥沟村 1 号');
  const members = await ctx.db.selectFrom('members').select(['name', 'status']).where('household_id', '=', household.id).orderBy('id').execute();
  assert.deepEqual(members.map((m) => [m.name, m.status]), [['张三', 'active'], ['李四', 'active']]);
}

test('a NUL character in any string (search, address, names, filters, a path) is refused, naming the field', async () => {
  const nul = 'a\u0000b';
  refused(await as(ctx.app, admin, 'GET', '/api/households?q=a%00b'), /querystring\.q/, 'search');
  refused(await as(ctx.app, admin, 'GET', '/api/users?q=%00'), /querystring\.q/, 'user filter');
  refused(await as(ctx.app, admin, 'GET', '/api/areas/search?q=%E6%96%B0%00'), /querystring\.q/, 'area search');
  refused(await as(ctx.app, admin, 'GET', '/api/areas/1404%00'), /params\.code/, 'area code in the path');
  refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, address: nul }), /body\.address/, 'address');
  refused(
    await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}/members/${household.members[1]!.id}`, { name: nul }),
    /body\.name/,
    'member name',
  );
  refused(await as(ctx.app, admin, 'POST', '/api/users', { username: 'nul_user', displayName: nul, role: 'helper', areaCode: VILLAGE }), /body\.displayName/, 'display name');
  refused(await as(ctx.app, admin, 'POST', '/api/imports/templates', { name: '模板', mapping: { [nul]: 'name' } }), /body\.mapping/, 'a key of a mapping');
  await unchanged();
  assert.equal(await ctx.db.selectFrom('users').select('id').where('username', '=', 'nul_user').executeTakeFirst(), undefined);
  assert.equal((await ctx.db.selectFrom('import_templates').select('id').execute()).length, 0);
});

test('a login with a NUL in its name is refused like any other bad request, and audited', async () => {
  const before = await ctx.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  const r = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `${adminUser.username}\u0000`, password: 'x' } });
  refused(r, /body\.username/, 'login');
  const entries = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', before.seq).execute();
  assert.equal(entries.length, 1, 'one entry for the refused attempt');
  assert.equal(entries[0]!.action, 'POST /api/auth/login');
  assert.equal(entries[0]!.outcome, 'fail');
  assert.deepEqual(entries[0]!.detail, { status: 400, code: 'VALIDATION_FAILED' });
  // The account's failure count is untouched: the attempt never reached the password check.
  const u = await ctx.db.selectFrom('users').select('failed_logins').where('id', '=', adminUser.id).executeTakeFirstOrThrow();
  assert.equal(u.failed_logins, 0);
  assert.equal((await verifyAuditChain(ctx.db)).ok, true);
});

test('a lone surrogate is refused, in a body and in a login name; the audit chain still verifies', async () => {
  refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, address: 'a\ud800b' }), /body\.address/, 'high surrogate');
  refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, address: '\udc00' }), /body\.address/, 'low surrogate');
  refused(await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '\ud800', password: 'x' } }), /body\.username/, 'login');
  // A well-formed pair (an emoji) is no surrogate problem: it reaches the registry's own rules.
  const ok = await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, address: '新店镇 😀 1 号' });
  assert.equal(ok.statusCode, 200, ok.body);
  household.version = ok.json().version;
  const back = await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, address: '新店镇大桥沟村 1 号' });
  assert.equal(back.statusCode, 200, back.body);
  household.version = back.json().version;
  await unchanged();
  assert.equal((await verifyAuditChain(ctx.db)).ok, true);
});

test('dates that match the pattern but do not exist are refused: as-of, housing dates, removal dates, birth dates', async () => {
  for (const d of ['2024-02-30', '2024-13-45', '2023-02-29', '0000-00-00']) {
    refused(await as(ctx.app, admin, 'GET', `/api/households/${household.id}/as-of?date=${d}`), /querystring\.date/, `as-of ${d}`);
    refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, housingRatedOn: d }), /body\.housingRatedOn/, `housing ${d}`);
    refused(
      await as(ctx.app, admin, 'POST', `/api/households/${household.id}/members/${household.members[1]!.id}/remove`, { status: 'moved_out', date: d, reason: '外嫁' }),
      /body\.date/,
      `removal ${d}`,
    );
    refused(
      await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}/members/${household.members[1]!.id}`, { birthDate: d }),
      /body\.birthDate/,
      `birth ${d}`,
    );
  }
  // A real leap day is a date.
  const leap = await as(ctx.app, admin, 'GET', `/api/households/${household.id}/as-of?date=2096-02-29`);
  assert.equal(leap.statusCode, 200, leap.body);
  await unchanged();
});

test('integers out of range in paths and bodies are refused', async () => {
  refused(await as(ctx.app, admin, 'GET', '/api/households/9223372036854775808'), /params\.id/, 'household id');
  refused(await as(ctx.app, admin, 'GET', '/api/households/9007199254740992'), /params\.id/, 'household id beyond an exact JSON number');
  // A bigserial id in its range that does not exist is simply not found.
  assert.equal((await as(ctx.app, admin, 'GET', '/api/households/2147483648')).statusCode, 404);
  refused(await as(ctx.app, admin, 'GET', '/api/users/2147483648'), /params\.id/, 'user id');
  refused(await as(ctx.app, admin, 'POST', `/api/households/${household.id}/members/9007199254740992/reveal-id`), /params\.memberId/, 'member id');
  refused(await as(ctx.app, admin, 'GET', '/api/households?page=99999999999999999'), /querystring\.page/, 'page');
  for (const version of [1e300, 2147483648, -1]) {
    refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version, address: 'x' }), /body\.version/, `version ${version}`);
  }
  refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, exitYear: 1e300 }), /body\.exitYear/, 'exit year');
  refused(
    await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}/members/${household.members[1]!.id}`, { workMonths: 2147483648 }),
    /body\.workMonths/,
    'work months',
  );
  refused(
    await as(ctx.app, admin, 'POST', `/api/households/${household.id}/members/${household.members[0]!.id}/remove`, { status: 'moved_out', date: '2024-01-01', reason: 'x', newHeadMemberId: 2 ** 63 }),
    /body\.newHeadMemberId/,
    'new head id',
  );
  await unchanged();
});

test('an array is never taken for a scalar in a body: address, phone, version', async () => {
  refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, address: ['zz'] }), /body\.address/, 'address');
  refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: household.version, phone: ['13912345678'] }), /body\.phone/, 'phone');
  refused(await as(ctx.app, admin, 'PATCH', `/api/households/${household.id}`, { version: [household.version], address: 'x' }), /body\.version/, 'version');
  // Nor an object for an array.
  const r = await as(ctx.app, admin, 'POST', '/api/households', {
    householdNo: householdNo(), villageCode: VILLAGE, category: 'ordinary',
    members: { idNumber: makeId(), name: '王五', relation: 'head' },
  });
  refused(r, /body\.members/, 'members as one object');
  await unchanged();
  // A query string still reads numbers and booleans from text.
  const list = await as(ctx.app, admin, 'GET', '/api/households?page=1&pageSize=5&isDibao=false');
  assert.equal(list.statusCode, 200, list.body);
});

test('an upload whose file name holds a NUL is refused, and no job is created', async () => {
  const boundary = 'fuzzbnd';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000b.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from('户编号,姓名,身份证号码\r\n1,张三,140430198001010011\r\n'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await ctx.app.inject({
    method: 'POST', url: '/api/imports', payload,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  refused(r, /file\.filename/, 'file name');
  assert.equal((await ctx.db.selectFrom('import_jobs').select('id').execute()).length, 0);
});
