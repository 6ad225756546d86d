/**
 * No existence oracle in the registry's forms (issue 14): a person active in a household outside the user's area, or
 * a household number used there, is refused without a masked ID number, a name, a household number or a place — only
 * "cannot be used here, ask the county or a higher level". A user whose area covers that household gets the details.
 * Checked on every form path: a new household, a member added, a member's ID number changed, a household renumbered.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { maskId } from '../src/core/idcard.js';

const VILLAGE = '140430103207'; // 大桥沟村, 沁县
let ctx: TestContext;
let clerk: Session; // 大桥沟村
let county: Session; // 沁县's administrator
let city: Session; // 长治市: both counties
let farVillage: string; // a village of 沁源县 (140431)
let nearVillage: string; // another township's village in 沁县

before(async () => {
  ctx = await buildTestContext();
  await importAreas(ctx.db, null, '140431');
  const village = (prefix: string) =>
    ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${prefix}%`).orderBy('code').limit(1).executeTakeFirstOrThrow().then((r) => r.code);
  farVillage = await village('140431');
  nearVillage = await village('140430101');
  clerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: VILLAGE })).username);
  county = await login(ctx.app, (await makeUser(ctx, { role: 'county_admin', area: '140430' })).username);
  city = await login(ctx.app, (await makeUser(ctx, { role: 'county_admin', area: '1404' })).username);
});
after(() => ctx.close());

function family(villageCode: string, headId = makeId({ gender: 'M' }), no = householdNo()) {
  return {
    householdNo: no,
    villageCode,
    category: 'ordinary',
    members: [{ idNumber: headId, name: '赵远方', relation: 'head' }],
  };
}

async function register(s: Session, body: ReturnType<typeof family>) {
  const r = await as(ctx.app, s, 'POST', '/api/households', body);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { id: number; version: number; householdNo: string; members: { id: number }[] };
}

/** The refusal says nothing of the other household: no ID (masked or not), name, number, area code or name. */
function assertSaysNothing(body: string, secrets: string[]) {
  for (const s of secrets) assert.ok(!body.includes(s), `the answer names ${s}: ${body}`);
}

test('a person active in another county: the clerk learns only that he cannot register him; the city sees where', async () => {
  const far = family(farVillage);
  const id = far.members[0]!.idNumber;
  await register(city, far);
  const secrets = [id, maskId(id), id.slice(-4), far.householdNo, '赵远方', farVillage, '140431', '沁源'];
  const mine = await register(clerk, family(VILLAGE));

  // A new household, a member added, a member's ID number changed: one answer, no details.
  const asNew = await as(ctx.app, clerk, 'POST', '/api/households', family(VILLAGE, id));
  const asAdded = await as(ctx.app, clerk, 'POST', `/api/households/${mine.id}/members`, { idNumber: id, name: '赵', relation: 'son' });
  const asChanged = await as(ctx.app, clerk, 'PATCH', `/api/households/${mine.id}/members/${mine.members[0]!.id}`, { idNumber: id });
  for (const r of [asNew, asAdded, asChanged]) {
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'PERSON_NOT_REGISTRABLE');
    assert.match(r.json().message, /不能在此登记.*县级或上级/);
    assertSaysNothing(r.body, secrets);
  }
  // Even the county administrator of 沁县: the household is not in his area.
  const byCounty = await as(ctx.app, county, 'POST', `/api/households/${mine.id}/members`, { idNumber: id, name: '赵', relation: 'son' });
  assert.equal(byCounty.json().code, 'PERSON_NOT_REGISTRABLE');
  assertSaysNothing(byCounty.body, secrets);

  // The city covers both counties: the details.
  const byCity = await as(ctx.app, city, 'POST', `/api/households/${mine.id}/members`, { idNumber: id, name: '赵', relation: 'son' });
  assert.equal(byCity.statusCode, 409);
  assert.equal(byCity.json().code, 'PERSON_ACTIVE_ELSEWHERE');
  assert.ok(byCity.json().message.includes(maskId(id)), byCity.body);
  assert.ok(byCity.json().message.includes(far.householdNo), byCity.body);
  // Nothing was written.
  const count = await ctx.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('household_id', '=', mine.id).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1);
});

test('a person active in another village of the same county: details for the county, none for the clerk', async () => {
  const near = family(nearVillage);
  const id = near.members[0]!.idNumber;
  await register(county, near);
  const r = await as(ctx.app, clerk, 'POST', '/api/households', family(VILLAGE, id));
  assert.equal(r.json().code, 'PERSON_NOT_REGISTRABLE');
  assertSaysNothing(r.body, [maskId(id), near.householdNo, nearVillage]);
  const byCounty = await as(ctx.app, county, 'POST', '/api/households', family(VILLAGE, id));
  assert.equal(byCounty.json().code, 'PERSON_ACTIVE_ELSEWHERE');
  assert.ok(byCounty.json().message.includes(maskId(id)) && byCounty.json().message.includes(near.householdNo), byCounty.body);
});

test('a household number used outside the clerk’s village: not usable here, nothing more; the county hears it is taken', async () => {
  const near = family(nearVillage);
  await register(county, near);
  const taken = near.householdNo;
  const asNew = await as(ctx.app, clerk, 'POST', '/api/households', family(VILLAGE, undefined, taken));
  const mine = await register(clerk, family(VILLAGE));
  const asRenumbered = await as(ctx.app, clerk, 'PATCH', `/api/households/${mine.id}`, { householdNo: taken, version: mine.version });
  for (const r of [asNew, asRenumbered]) {
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'HOUSEHOLD_NO_UNAVAILABLE');
    assertSaysNothing(r.body, [taken, nearVillage, '赵远方']);
  }
  const byCounty = await as(ctx.app, county, 'POST', '/api/households', family(VILLAGE, undefined, taken));
  assert.equal(byCounty.json().code, 'HOUSEHOLD_NO_TAKEN');
  assert.ok(byCounty.json().message.includes(taken));
  // In the clerk's own village a taken number is named as taken.
  const own = await as(ctx.app, clerk, 'POST', '/api/households', family(VILLAGE, undefined, mine.householdNo));
  assert.equal(own.json().code, 'HOUSEHOLD_NO_TAKEN');
});
