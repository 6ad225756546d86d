import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { registrySummaryCached } from '../src/modules/households/repo/summary.js';

/** The home page's figures are kept per area while the registry has not changed (households/repo/summary.ts). */
const VILLAGE = '140430103207';
let ctx: TestContext;
let clerk: Session;
let county: Session;

before(async () => {
  ctx = await buildTestContext();
  clerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: VILLAGE })).username);
  county = await login(ctx.app, (await makeUser(ctx, { role: 'county_admin', area: '140430' })).username);
});
after(() => ctx.close());

const household = (category = 'ordinary') => ({
  householdNo: householdNo(),
  villageCode: VILLAGE,
  category,
  ...(category === 'exited' ? { exitYear: 2019 } : {}),
  members: [
    { idNumber: makeId({ gender: 'M' }), name: '王五', relation: 'head' },
    { idNumber: makeId({ gender: 'F', birth: '19850101' }), name: '赵六', relation: 'spouse' },
  ],
});

test('every registry write shows at once in the figures and the list total of every area above it', async () => {
  const before = (await as(ctx.app, county, 'GET', '/api/households/summary')).json();
  const beforeVillage = (await as(ctx.app, clerk, 'GET', '/api/households/summary')).json();
  const created = await as(ctx.app, clerk, 'POST', '/api/households', household('exited'));
  assert.equal(created.statusCode, 200, created.body);
  const after = (await as(ctx.app, county, 'GET', '/api/households/summary')).json();
  assert.equal(after.households, before.households + 1);
  assert.equal(after.exited.households, before.exited.households + 1);
  assert.equal((await as(ctx.app, clerk, 'GET', '/api/households/summary')).json().households, beforeVillage.households + 1);
  // The unfiltered list's total is the same figure; a filtered one is counted.
  const list = (await as(ctx.app, county, 'GET', '/api/households?page=1&pageSize=5')).json();
  assert.equal(list.total, after.households);
  const exited = (await as(ctx.app, county, 'GET', '/api/households?category=exited&pageSize=5')).json();
  assert.equal(exited.total, after.exited.households);
  // A township or village filter is counted too, never the whole area's figure (a household elsewhere in the county).
  const elsewhere = await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', '140430101%').limit(1).executeTakeFirstOrThrow();
  const other = await as(ctx.app, county, 'POST', '/api/households', { ...household(), villageCode: elsewhere.code });
  assert.equal(other.statusCode, 200, other.body);
  const inTownship = Number((await sql<{ n: number }>`select count(*)::int as n from households where village_code like '140430103%'`.execute(ctx.db)).rows[0]!.n);
  assert.equal((await as(ctx.app, county, 'GET', '/api/households?townshipCode=140430103&pageSize=5')).json().total, inTownship);
  const inVillage = Number((await sql<{ n: number }>`select count(*)::int as n from households where village_code = ${VILLAGE}`.execute(ctx.db)).rows[0]!.n);
  assert.equal((await as(ctx.app, county, 'GET', `/api/households?villageCode=${VILLAGE}&pageSize=5`)).json().total, inVillage);
  // A member leaving changes the member count.
  const mid = (await as(ctx.app, county, 'GET', '/api/households/summary')).json();
  assert.equal(mid.households, after.households + 1);
  const h = created.json();
  const removed = await as(ctx.app, clerk, 'POST', `/api/households/${h.id}/members/${h.members[1].id}/remove`, { status: 'deceased', date: '2026-01-02', reason: '病故' });
  assert.equal(removed.statusCode, 200, removed.body);
  assert.equal((await as(ctx.app, county, 'GET', '/api/households/summary')).json().members, mid.members - 1);
});

test('a kept result is used while the registry has not changed, and for no longer than 30 seconds', async () => {
  const scope = { areaCode: '140430000000', areaLevel: 3 };
  const t0 = Date.now();
  const first = await registrySummaryCached(ctx.db, scope, t0);
  // A change behind the registry's back (no history row): not seen while the kept result is young …
  await sql`update households set is_tekun = not is_tekun where id = (select min(id) from households where village_code like '140430%')`.execute(ctx.db);
  const kept = await registrySummaryCached(ctx.db, scope, t0 + 1_000);
  assert.deepEqual(kept, first);
  // … and seen once it is 30 seconds old.
  const fresh = await registrySummaryCached(ctx.db, scope, t0 + 31_000);
  assert.notEqual(fresh.tekun, first.tekun);
});
