import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, testCipher, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';

const VILLAGE = '140430103207'; // 大桥沟村
let ctx: TestContext;
let clerk: Session;
let otherClerk: Session;
let township: Session;
let otherTownship: Session;
let helper: Session;

before(async () => {
  ctx = await buildTestContext();
  const other = await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', '140430101%').limit(1).executeTakeFirstOrThrow();
  clerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: VILLAGE })).username);
  otherClerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: other.code })).username);
  township = await login(ctx.app, (await makeUser(ctx, { role: 'township_reviewer', area: '140430103' })).username);
  otherTownship = await login(ctx.app, (await makeUser(ctx, { role: 'township_reviewer', area: '140430101' })).username);
  helper = await login(ctx.app, (await makeUser(ctx, { role: 'helper', area: VILLAGE })).username);
});
after(() => ctx.close());

function family(headId = makeId({ gender: 'M' })) {
  return {
    householdNo: householdNo(),
    villageCode: VILLAGE,
    category: 'exited',
    exitYear: 2019,
    phone: '13912345678',
    incomeWages: 24000,
    incomeTransfer: 3000,
    expenseBusiness: 1000,
    members: [
      { idNumber: headId, name: '张三', relation: 'head', labourCapacity: 'normal' },
      { idNumber: makeId({ gender: 'F', birth: '19820304' }), name: '李秀英', relation: 'spouse', health: 'chronic' },
    ],
  };
}

test('a clerk registers a household: derived gender, birth date, per-capita income; IDs masked', async () => {
  const res = await as(ctx.app, clerk, 'POST', '/api/households', family());
  assert.equal(res.statusCode, 200, res.body);
  const h = res.json();
  assert.equal(h.memberCount, 2);
  assert.equal(h.perCapitaIncome, 13000); // (24000 + 3000 − 1000) / 2
  assert.equal(h.headName, '张三');
  assert.match(h.members[0].idMasked, /^140430\*{8}\d{3}[\dX]$/);
  assert.equal(h.members[1].gender, 'F');
  assert.equal(h.members[1].birthDate, '1982-03-04');
  assert.equal(h.phoneMasked, '139****5678');
});

test('the database holds no plain ID number or phone', async () => {
  const id = makeId();
  const res = await as(ctx.app, clerk, 'POST', '/api/households', family(id));
  assert.equal(res.statusCode, 200);
  const dump = await sql<{ t: string }>`select (select string_agg(m::text, '|') from members m) || (select string_agg(h::text, '|') from households h) || (select string_agg(x::text, '|') from household_history x) || (select string_agg(a::text, '|') from audit_log a) as t`.execute(ctx.db);
  const text = dump.rows[0]!.t;
  assert.ok(!text.includes(id), 'plain ID number found in the database');
  assert.ok(!text.includes('13912345678'), 'plain phone found in the database');
  const m = await ctx.db.selectFrom('members').select(['id_enc', 'id_idx']).where('id_idx', '=', testCipher.blindIndex(id)).executeTakeFirstOrThrow();
  assert.equal(testCipher.decrypt(m.id_enc), id);
});

test('bad input: check digit, no head, duplicate person, person active elsewhere, household number taken', async () => {
  const bad = family();
  bad.members[0]!.idNumber = bad.members[0]!.idNumber.slice(0, 17) + (bad.members[0]!.idNumber.endsWith('1') ? '2' : '1');
  let r = await as(ctx.app, clerk, 'POST', '/api/households', bad);
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().code, 'REGISTRY_INVALID');
  assert.equal(r.json().details.problems[0].field, 'members.0.idNumber');
  assert.match(r.json().message, /校验位/);

  const noHead = family();
  noHead.members[0]!.relation = 'son';
  r = await as(ctx.app, clerk, 'POST', '/api/households', noHead);
  assert.ok(r.json().details.problems.some((p: { code: string }) => p.code === 'NO_HEAD'));

  const first = family();
  assert.equal((await as(ctx.app, clerk, 'POST', '/api/households', first)).statusCode, 200);
  const again = family(first.members[0]!.idNumber);
  r = await as(ctx.app, clerk, 'POST', '/api/households', again);
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().code, 'PERSON_ACTIVE_ELSEWHERE');

  const sameNo = { ...family(), householdNo: first.householdNo };
  r = await as(ctx.app, clerk, 'POST', '/api/households', sameNo);
  assert.equal(r.json().code, 'HOUSEHOLD_NO_TAKEN');
});

test('search by Chinese name, full pinyin, initials, ID number and household number, within scope', async () => {
  const f = family();
  f.members[0]!.name = '欧阳明';
  const created = (await as(ctx.app, clerk, 'POST', '/api/households', f)).json();
  for (const q of ['欧阳', 'ouyangming', 'oym', f.members[0]!.idNumber, f.householdNo]) {
    const r = await as(ctx.app, clerk, 'GET', `/api/households?q=${encodeURIComponent(q)}`);
    assert.equal(r.statusCode, 200);
    assert.ok(r.json().items.some((i: { id: number }) => i.id === created.id), `search ${q}`);
  }
  const other = await as(ctx.app, otherClerk, 'GET', `/api/households?q=oym`);
  assert.equal(other.json().total, 0);
  const tw = await as(ctx.app, township, 'GET', `/api/households?q=oym`);
  assert.equal(tw.json().total, 1);
  assert.equal((await as(ctx.app, otherTownship, 'GET', `/api/households?q=oym`)).json().total, 0);
});

test('scope: another village or township is refused on get, update, history, members and full ID', async () => {
  const h = (await as(ctx.app, clerk, 'POST', '/api/households', family())).json();
  const mid = h.members[0].id;
  for (const s of [otherClerk, otherTownship]) {
    assert.equal((await as(ctx.app, s, 'GET', `/api/households/${h.id}`)).statusCode, 403);
    assert.equal((await as(ctx.app, s, 'GET', `/api/households/${h.id}/history`)).statusCode, 403);
    assert.equal((await as(ctx.app, s, 'PATCH', `/api/households/${h.id}`, { version: h.version, address: 'x' })).statusCode, 403);
    assert.equal((await as(ctx.app, s, 'POST', `/api/households/${h.id}/members/${mid}/reveal-id`)).statusCode, 403);
    assert.equal((await as(ctx.app, s, 'PATCH', `/api/households/${h.id}/members/${mid}`, { name: '王五' })).statusCode, 403);
  }
  // A helper may read but not write nor see full numbers.
  assert.equal((await as(ctx.app, helper, 'GET', `/api/households/${h.id}`)).statusCode, 200);
  assert.equal((await as(ctx.app, helper, 'POST', `/api/households/${h.id}/members/${mid}/reveal-id`)).json().code, 'FORBIDDEN');
  assert.equal((await as(ctx.app, helper, 'POST', '/api/households', family())).json().code, 'FORBIDDEN');
});

test('seeing a full ID number is audited', async () => {
  const f = family();
  const h = (await as(ctx.app, clerk, 'POST', '/api/households', f)).json();
  const r = await as(ctx.app, clerk, 'POST', `/api/households/${h.id}/members/${h.members[0].id}/reveal-id`);
  assert.equal(r.json().idNumber, f.members[0]!.idNumber);
  const a = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'registry.reveal_id').where('target_id', '=', String(h.members[0].id)).execute();
  assert.equal(a.length, 1);
});

test('removing a member keeps it with date and reason; the head leaving needs a new head; history and as-of', async () => {
  const h = (await as(ctx.app, clerk, 'POST', '/api/households', family())).json();
  const [head, spouse] = h.members;
  let r = await as(ctx.app, clerk, 'POST', `/api/households/${h.id}/members/${head.id}/remove`, { status: 'deceased', date: '2024-05-01', reason: '病故' });
  assert.equal(r.json().details.problems[0].code, 'NEW_HEAD_REQUIRED');
  await ctx.db.updateTable('household_history').set({ ts: new Date('2024-01-01T00:00:00Z') }).where('household_id', '=', h.id).execute();
  r = await as(ctx.app, clerk, 'POST', `/api/households/${h.id}/members/${head.id}/remove`, { status: 'deceased', date: '2024-05-01', reason: '病故', newHeadMemberId: spouse.id });
  assert.equal(r.statusCode, 200, r.body);
  const after = r.json();
  assert.equal(after.memberCount, 1);
  assert.equal(after.headName, '李秀英');
  assert.equal(after.perCapitaIncome, 26000);
  const gone = after.members.find((m: { id: number }) => m.id === head.id);
  assert.equal(gone.status, 'deceased');
  assert.equal(gone.statusReason, '病故');
  const hist = (await as(ctx.app, clerk, 'GET', `/api/households/${h.id}/history`)).json();
  assert.deepEqual(hist.map((x: { action: string }) => x.action), ['member_remove', 'create']);
  const old = (await as(ctx.app, clerk, 'GET', `/api/households/${h.id}/as-of?date=2024-02-01`)).json();
  assert.equal(old.snapshot.household.member_count, 2);
  assert.equal(old.snapshot.members.filter((m: { status: string }) => m.status === 'active').length, 2);
});

test('optimistic locking: a stale version is refused', async () => {
  const h = (await as(ctx.app, clerk, 'POST', '/api/households', family())).json();
  const ok = await as(ctx.app, clerk, 'PATCH', `/api/households/${h.id}`, { version: h.version, address: '大桥沟村1号', incomeWages: 30000 });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().perCapitaIncome, 16000);
  const stale = await as(ctx.app, clerk, 'PATCH', `/api/households/${h.id}`, { version: h.version, address: '2号' });
  assert.equal(stale.json().code, 'VERSION_CONFLICT');
});

test('null means "none" and is never coerced (0, false, empty string): fields can be cleared', async () => {
  const f = {
    ...family(),
    category: 'ordinary',
    exitYear: null,
    waterQualityOk: null,
    members: [{ idNumber: makeId(), name: '赵六', relation: 'head', health: 'disabled', disabilityCategory: 'physical', disabilityGrade: 2, medicalInsured: null }],
  };
  const created = await as(ctx.app, clerk, 'POST', '/api/households', f);
  assert.equal(created.statusCode, 200, created.body);
  const h = created.json();
  assert.equal(h.exitYear, null);
  assert.equal(h.waterQualityOk, null);
  assert.equal(h.members[0].medicalInsured, null);
  const healed = await as(ctx.app, clerk, 'PATCH', `/api/households/${h.id}/members/${h.members[0].id}`, { health: 'healthy', disabilityCategory: null, disabilityGrade: null });
  assert.equal(healed.statusCode, 200, healed.body);
  assert.equal(healed.json().members[0].disabilityGrade, null);
  const noPhone = await as(ctx.app, clerk, 'PATCH', `/api/households/${h.id}`, { version: healed.json().version, phone: null });
  assert.equal(noPhone.statusCode, 200, noPhone.body);
  assert.equal(noPhone.json().phoneMasked, null);
});
