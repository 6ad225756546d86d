import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { importAreas } from '../src/modules/areas/import-areas.js';

// 沁县 140430 → 新店镇 140430103 → 大桥沟村 140430103207 and 新店村 140430103201;
// another township 定昌镇 140430100 → 北关社区 140430100001; another county 沁源县 140431.
const COUNTY = '140430000000';
const TOWNSHIP = '140430103000';
const VILLAGE = '140430103207';
const SAME_TOWNSHIP_VILLAGE = '140430103201';
const OTHER_TOWNSHIP = '140430100000';
const OTHER_VILLAGE = '140430100001';
const OTHER_COUNTY = '140431000000';

let ctx: TestContext;
const u = {} as Record<'clerk' | 'sameTownshipClerk' | 'otherClerk' | 'township' | 'admin' | 'otherAdmin' | 'otherCountyClerk', { id: number; username: string }>;
const s = {} as Record<'clerk' | 'township' | 'admin', Session>;

before(async () => {
  ctx = await buildTestContext();
  await importAreas(ctx.db, null, '140431');
  u.clerk = await makeUser(ctx, { role: 'village_clerk', area: VILLAGE });
  u.sameTownshipClerk = await makeUser(ctx, { role: 'village_clerk', area: SAME_TOWNSHIP_VILLAGE });
  u.otherClerk = await makeUser(ctx, { role: 'village_clerk', area: OTHER_VILLAGE });
  u.township = await makeUser(ctx, { role: 'township_reviewer', area: TOWNSHIP });
  u.admin = await makeUser(ctx, { role: 'county_admin', area: COUNTY });
  u.otherAdmin = await makeUser(ctx, { role: 'county_admin', area: OTHER_COUNTY });
  u.otherCountyClerk = await makeUser(ctx, { role: 'village_clerk', area: '140431100201' });
  s.clerk = await login(ctx.app, u.clerk.username);
  s.township = await login(ctx.app, u.township.username);
  s.admin = await login(ctx.app, u.admin.username);
});
after(() => ctx.close());

function refused(res: LightMyRequestResponse, what: string) {
  assert.equal(res.statusCode, 403, `${what}: ${res.statusCode} ${res.body}`);
  assert.ok(['OUT_OF_SCOPE', 'FORBIDDEN'].includes(res.json().code), `${what}: ${res.body}`);
}

function outOfScope(res: LightMyRequestResponse, what: string) {
  assert.equal(res.statusCode, 403, `${what}: ${res.statusCode} ${res.body}`);
  assert.equal(res.json().code, 'OUT_OF_SCOPE', what);
}

test('a village clerk cannot list or read users, of other villages or at all', async () => {
  refused(await as(ctx.app, s.clerk, 'GET', '/api/users'), 'list users');
  refused(await as(ctx.app, s.clerk, 'GET', `/api/users?areaCode=${OTHER_VILLAGE}`), 'list users of another village');
  for (const other of [u.otherClerk, u.sameTownshipClerk, u.township, u.admin]) {
    refused(await as(ctx.app, s.clerk, 'GET', `/api/users/${other.id}`), `read user ${other.username}`);
  }
});

test('a village clerk sees only his own village of the area tree', async () => {
  const root = await as(ctx.app, s.clerk, 'GET', '/api/areas');
  assert.equal(root.statusCode, 200);
  assert.deepEqual(root.json().map((a: { code: string }) => a.code), [VILLAGE]);
  assert.equal(root.json()[0].name, '大桥沟村委会');

  // His own village has no children; every other parent is outside.
  assert.deepEqual((await as(ctx.app, s.clerk, 'GET', `/api/areas?parent=${VILLAGE}`)).json(), []);
  for (const parent of [TOWNSHIP, OTHER_TOWNSHIP, COUNTY, '140430103', '140430', '14', OTHER_VILLAGE, OTHER_COUNTY]) {
    outOfScope(await as(ctx.app, s.clerk, 'GET', `/api/areas?parent=${parent}`), `children of ${parent}`);
  }

  assert.equal((await as(ctx.app, s.clerk, 'GET', `/api/areas/${VILLAGE}`)).statusCode, 200);
  for (const code of [OTHER_VILLAGE, SAME_TOWNSHIP_VILLAGE, TOWNSHIP, COUNTY, OTHER_COUNTY]) {
    outOfScope(await as(ctx.app, s.clerk, 'GET', `/api/areas/${code}`), `read area ${code}`);
  }
});

test('a village clerk’s area search finds nothing outside his village', async () => {
  const search = async (q: string) => {
    const res = await as(ctx.app, s.clerk, 'GET', `/api/areas/search?q=${encodeURIComponent(q)}`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { code: string }[]).map((a) => a.code);
  };
  assert.deepEqual(await search('大桥沟'), [VILLAGE]);
  assert.deepEqual(await search('村'), [VILLAGE]); // every village name in 沁县 has 村 or 社区; only his is visible
  assert.deepEqual(await search('1404'), [VILLAGE]);
  assert.deepEqual(await search('新店'), []); // 新店镇 and 新店村委会 exist, outside his village
  assert.deepEqual(await search('北关'), []);
  assert.deepEqual(await search('沁'), []);
  assert.deepEqual(await search(OTHER_VILLAGE), []);
});

test('a township reviewer sees only the users of his township', async () => {
  const list = await as(ctx.app, s.township, 'GET', '/api/users?pageSize=200');
  assert.equal(list.statusCode, 200, list.body);
  const items = list.json().items as { id: number; areaCode: string }[];
  assert.ok(items.length >= 3);
  assert.ok(items.every((i) => i.areaCode.startsWith('140430103')), JSON.stringify(items.map((i) => i.areaCode)));
  const ids = items.map((i) => i.id);
  for (const inside of [u.clerk, u.sameTownshipClerk, u.township]) assert.ok(ids.includes(inside.id), inside.username);
  for (const outside of [u.otherClerk, u.admin, u.otherAdmin, u.otherCountyClerk]) assert.ok(!ids.includes(outside.id), outside.username);
  assert.equal(list.json().total, items.length);

  // Searching by name does not reach outside either.
  const byName = await as(ctx.app, s.township, 'GET', `/api/users?q=${u.otherClerk.username}`);
  assert.equal(byName.json().total, 0);

  assert.equal((await as(ctx.app, s.township, 'GET', `/api/users/${u.clerk.id}`)).statusCode, 200);
  for (const outside of [u.otherClerk, u.admin, u.otherCountyClerk]) {
    outOfScope(await as(ctx.app, s.township, 'GET', `/api/users/${outside.id}`), `read ${outside.username}`);
  }
  outOfScope(await as(ctx.app, s.township, 'GET', `/api/users?areaCode=${OTHER_VILLAGE}`), 'filter on another township’s village');
  outOfScope(await as(ctx.app, s.township, 'GET', `/api/users?areaCode=${COUNTY}`), 'filter on the county');
  // Reading is all he may do with accounts.
  refused(await as(ctx.app, s.township, 'POST', `/api/users/${u.clerk.id}/reset-password`), 'reset password');
  refused(await as(ctx.app, s.township, 'PATCH', `/api/users/${u.clerk.id}`, { status: 'disabled' }), 'disable');
});

test('a township reviewer sees only his township of the area tree', async () => {
  const root = await as(ctx.app, s.township, 'GET', '/api/areas');
  assert.deepEqual(root.json().map((a: { code: string }) => a.code), [TOWNSHIP]);
  const villages = await as(ctx.app, s.township, 'GET', `/api/areas?parent=${TOWNSHIP}`);
  assert.equal(villages.statusCode, 200);
  assert.equal(villages.json().length, 23);
  assert.ok(villages.json().every((a: { code: string }) => a.code.startsWith('140430103')));
  assert.equal((await as(ctx.app, s.township, 'GET', `/api/areas/${VILLAGE}`)).statusCode, 200);

  for (const parent of [COUNTY, OTHER_TOWNSHIP, OTHER_COUNTY, '1404']) {
    outOfScope(await as(ctx.app, s.township, 'GET', `/api/areas?parent=${parent}`), `children of ${parent}`);
  }
  for (const code of [OTHER_TOWNSHIP, OTHER_VILLAGE, COUNTY, OTHER_COUNTY]) {
    outOfScope(await as(ctx.app, s.township, 'GET', `/api/areas/${code}`), `read area ${code}`);
  }
  const search = async (q: string) =>
    ((await as(ctx.app, s.township, 'GET', `/api/areas/search?q=${encodeURIComponent(q)}&limit=100`)).json() as { code: string }[]).map((a) => a.code);
  assert.deepEqual(await search('镇'), [TOWNSHIP]);
  const byCode = await search('140430');
  assert.equal(byCode.length, 24); // the township and its 23 villages
  assert.ok(byCode.every((c) => c.startsWith('140430103')));
  assert.deepEqual(await search('北关'), []);
  assert.deepEqual(await search('140430100'), []);
});

test('a county administrator of 沁县 cannot create, change, reset or read an account of another county', async () => {
  const before = await ctx.db.selectFrom('users').select(['id', 'area_code', 'password_hash', 'status', 'role']).orderBy('id').execute();

  outOfScope(
    await as(ctx.app, s.admin, 'POST', '/api/users', { username: 'qinyuan_clerk', displayName: '沁源村级', role: 'village_clerk', areaCode: '140431100201' }),
    'create in another county',
  );
  outOfScope(
    await as(ctx.app, s.admin, 'POST', '/api/users', { username: 'qinyuan_admin', displayName: '沁源管理员', role: 'county_admin', areaCode: '140431' }),
    'create an administrator of another county',
  );
  outOfScope(
    await as(ctx.app, s.admin, 'POST', '/api/users', { username: 'city_admin', displayName: '市管理员', role: 'county_admin', areaCode: '1404' }),
    'create an administrator above his county',
  );
  outOfScope(await as(ctx.app, s.admin, 'PATCH', `/api/users/${u.otherCountyClerk.id}`, { status: 'disabled' }), 'disable');
  outOfScope(await as(ctx.app, s.admin, 'PATCH', `/api/users/${u.otherAdmin.id}`, { displayName: 'x' }), 'rename');
  outOfScope(await as(ctx.app, s.admin, 'PATCH', `/api/users/${u.clerk.id}`, { areaCode: '140431100201' }), 'move his own clerk out');
  outOfScope(await as(ctx.app, s.admin, 'POST', `/api/users/${u.otherCountyClerk.id}/reset-password`), 'reset password');
  outOfScope(await as(ctx.app, s.admin, 'GET', `/api/users/${u.otherCountyClerk.id}`), 'read');
  outOfScope(await as(ctx.app, s.admin, 'GET', `/api/users/${u.otherAdmin.id}`), 'read administrator');
  outOfScope(await as(ctx.app, s.admin, 'GET', `/api/users?areaCode=140431100201`), 'list by area');
  outOfScope(await as(ctx.app, s.admin, 'GET', `/api/areas/${OTHER_COUNTY}`), 'read area');
  outOfScope(await as(ctx.app, s.admin, 'GET', `/api/areas?parent=${OTHER_COUNTY}`), 'children');

  const list = (await as(ctx.app, s.admin, 'GET', '/api/users?pageSize=200')).json();
  assert.ok(list.items.every((i: { areaCode: string }) => i.areaCode.startsWith('140430')));
  assert.ok(!list.items.some((i: { id: number }) => i.id === u.otherCountyClerk.id || i.id === u.otherAdmin.id));
  const search = (await as(ctx.app, s.admin, 'GET', `/api/areas/search?q=${encodeURIComponent('沁源')}`)).json();
  assert.deepEqual(search, []);

  // Nothing changed, nothing created.
  const afterRows = await ctx.db.selectFrom('users').select(['id', 'area_code', 'password_hash', 'status', 'role']).orderBy('id').execute();
  assert.deepEqual(afterRows, before);
  // He still manages his own county.
  assert.equal((await as(ctx.app, s.admin, 'GET', `/api/users/${u.clerk.id}`)).statusCode, 200);
});

test('and the other county’s administrator cannot reach into 沁县', async () => {
  const other = await login(ctx.app, u.otherAdmin.username);
  outOfScope(await as(ctx.app, other, 'GET', `/api/users/${u.clerk.id}`), 'read');
  outOfScope(await as(ctx.app, other, 'PATCH', `/api/users/${u.clerk.id}`, { status: 'disabled' }), 'disable');
  outOfScope(await as(ctx.app, other, 'POST', `/api/users/${u.admin.id}/reset-password`), 'reset');
  const list = (await as(ctx.app, other, 'GET', '/api/users?pageSize=200')).json();
  assert.deepEqual(
    list.items.map((i: { id: number }) => i.id).sort(),
    [u.otherAdmin.id, u.otherCountyClerk.id].sort(),
  );
});
