/** The household timeline as people read it: who (name and role) and each field's old and new value, IDs masked. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';

const VILLAGE = '140430103207';
let ctx: TestContext;
let clerk: Session;
let clerkName: string;
before(async () => {
  ctx = await buildTestContext();
  const u = await makeUser(ctx, { role: 'village_clerk', area: VILLAGE });
  clerkName = '王会计';
  await ctx.db.updateTable('users').set({ display_name: clerkName }).where('id', '=', u.id).execute();
  clerk = await login(ctx.app, u.username);
});
after(() => ctx.close());

type Change = { target: string; memberName?: string; field: string; old: unknown; new: unknown };
type Entry = { action: string; username: string; displayName: string | null; role: string | null; changes: Change[] };

test('each entry names the person and role, and lists every changed field with its old and new value', async () => {
  const headId = makeId({ gender: 'M', birth: '19700101' });
  const spouseId = makeId({ gender: 'F', birth: '19720202' });
  const created = await as(ctx.app, clerk, 'POST', '/api/households', {
    householdNo: householdNo(), villageCode: VILLAGE, category: 'exited', exitYear: 2019, phone: '13912345678', incomeWages: 24000,
    members: [{ idNumber: headId, name: '张三', relation: 'head' }, { idNumber: spouseId, name: '李秀英', relation: 'spouse', health: 'healthy' }],
  });
  assert.equal(created.statusCode, 200, created.body);
  const h = created.json();
  const spouse = h.members[1];
  const patched = await as(ctx.app, clerk, 'PATCH', `/api/households/${h.id}`, { version: h.version, incomeWages: 30000, phone: '13800001111' });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal((await as(ctx.app, clerk, 'PATCH', `/api/households/${h.id}/members/${spouse.id}`, { health: 'chronic' })).statusCode, 200);
  const third = makeId({ gender: 'M', birth: '20100101' });
  assert.equal((await as(ctx.app, clerk, 'POST', `/api/households/${h.id}/members`, { idNumber: third, name: '张小明', relation: 'son' })).statusCode, 200);

  const hist = (await as(ctx.app, clerk, 'GET', `/api/households/${h.id}/history`)).json() as Entry[];
  assert.equal(hist.length, 4);
  for (const e of hist) {
    assert.equal(e.displayName, clerkName);
    assert.equal(e.role, 'village_clerk');
  }
  const [added, member, household, create] = hist;
  assert.deepEqual(create!.changes, []);

  const byField = Object.fromEntries(household!.changes.map((c) => [c.field, c]));
  assert.deepEqual([byField.incomeWages?.old, byField.incomeWages?.new], [24000, 30000]);
  assert.deepEqual([byField.phoneMasked?.old, byField.phoneMasked?.new], ['139****5678', '138****1111']);
  assert.deepEqual([byField.perCapitaIncome?.old, byField.perCapitaIncome?.new], [12000, 15000]);
  assert.ok(!household!.changes.some((c) => c.field === 'updatedAt' || c.field === 'version'));

  assert.deepEqual(member!.changes.map((c) => [c.target, c.memberName, c.field, c.old, c.new]), [['member', '李秀英', 'health', 'healthy', 'chronic']]);

  const join = added!.changes.find((c) => c.field === 'added')!;
  assert.equal(join.memberName, '张小明');
  assert.match(String(join.new), /^张小明 \d{6}\*{8}\d{3}[\dX]$/, 'the ID number masked');
  // Nowhere a full ID number or phone.
  const text = JSON.stringify(hist);
  for (const secret of [headId, spouseId, third, '13912345678', '13800001111']) assert.ok(!text.includes(secret), secret);
});
