import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { as, buildTestContext, login, makeUser, testCipher, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { SEARCH_CAP } from '../src/modules/households/repo/search.js';
import { importAreas } from '../src/modules/areas/import-areas.js';

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

test('the next household number: the village code and a four-digit serial after the highest; scope and permission', async () => {
  const next = async (s: Session, code = VILLAGE) => as(ctx.app, s, 'GET', `/api/households/next-number?villageCode=${code}`);
  const first = await next(clerk);
  assert.equal(first.statusCode, 200, first.body);
  const suggested: string = first.json().householdNo;
  assert.match(suggested, new RegExp(`^${VILLAGE}\\d{4}$`));
  // Taken: the next one moves on; numbers of another form (letters, another length) do not count.
  const made = await as(ctx.app, clerk, 'POST', '/api/households', { ...family(), householdNo: suggested });
  assert.equal(made.statusCode, 200, made.body);
  const odd = await as(ctx.app, clerk, 'POST', '/api/households', { ...family(), householdNo: `${VILLAGE}X9` });
  assert.equal(odd.statusCode, 200, odd.body);
  const serial = Number(suggested.slice(12));
  assert.equal((await next(clerk)).json().householdNo, `${VILLAGE}${String(serial + 1).padStart(4, '0')}`);
  await as(ctx.app, clerk, 'POST', '/api/households', { ...family(), householdNo: `${VILLAGE}0950` });
  assert.equal((await next(clerk)).json().householdNo, serial + 1 > 950 ? `${VILLAGE}${String(serial + 1).padStart(4, '0')}` : `${VILLAGE}0951`);
  // The township may number its villages; another village's clerk may not; a helper cannot register at all.
  assert.equal((await next(township)).statusCode, 200);
  const out = await next(otherClerk);
  assert.equal(out.statusCode, 403);
  assert.equal(out.json().code, 'OUT_OF_SCOPE');
  assert.equal((await next(helper)).statusCode, 403);
  // Not a village: a clear error.
  const notVillage = await next(township, '140430103000');
  assert.equal(notVillage.statusCode, 400, notVillage.body);
});

test('the registry summary counts the households and active members of the user’s area only', async () => {
  // Two exited households of two in the clerk's village, one with 低保; one more member removed (not counted).
  const a = await as(ctx.app, clerk, 'POST', '/api/households', { ...family(), isDibao: true });
  assert.equal(a.statusCode, 200, a.body);
  assert.equal((await as(ctx.app, clerk, 'POST', '/api/households', family())).statusCode, 200);
  const expected = async (prefix: string) => {
    const r = await sql<{ h: number; m: number; e: number; em: number; d: number }>`
      select count(distinct h.id)::int as h, count(m.id)::int as m,
             count(distinct h.id) filter (where h.category = 'exited')::int as e,
             count(m.id) filter (where h.category = 'exited')::int as em,
             count(distinct h.id) filter (where h.is_dibao)::int as d
      from households h left join members m on m.household_id = h.id and m.status = 'active'
      where h.village_code like ${`${prefix}%`}`.execute(ctx.db);
    return r.rows[0]!;
  };
  const get = async (s: Session) => {
    const r = await as(ctx.app, s, 'GET', '/api/households/summary');
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  const mine = await get(clerk);
  const want = await expected(VILLAGE);
  assert.ok(want.h >= 2 && want.d >= 1);
  assert.deepEqual([mine.households, mine.members, mine.exited.households, mine.exited.members, mine.dibao], [want.h, want.m, want.e, want.em, want.d]);
  const t = await get(township);
  const wt = await expected('140430103');
  assert.deepEqual([t.households, t.members], [wt.h, wt.m]);
  // Another village sees none of the clerk's households.
  const other = await get(otherClerk);
  const code = (await ctx.db.selectFrom('users').select('area_code').where('username', '=', otherClerk.user.username).executeTakeFirstOrThrow()).area_code;
  assert.equal(other.households, (await expected(code)).h);
  // A department officer has no registry access at all.
  const dept = await login(ctx.app, (await makeUser(ctx, { role: 'dept_officer', area: '140430' })).username);
  assert.equal((await as(ctx.app, dept, 'GET', '/api/households/summary')).statusCode, 403);
});

test('search by Chinese name, full pinyin, initials, ID number and household number, within scope', async () => {
  const f = family();
  f.members[0]!.name = '欧阳明';
  const created = (await as(ctx.app, clerk, 'POST', '/api/households', f)).json();
  for (const q of ['欧阳', 'ouyangming', 'oym', f.members[0]!.idNumber, f.householdNo, f.householdNo.slice(0, -2).toLowerCase()]) {
    const r = await as(ctx.app, clerk, 'GET', `/api/households?q=${encodeURIComponent(q)}`);
    assert.equal(r.statusCode, 200);
    assert.ok(r.json().items.some((i: { id: number }) => i.id === created.id), `search ${q}`);
  }
  // A well-formed ID number of nobody in the registry, and a household number of nobody: nothing, not an error.
  for (const q of ['11010519491231002X', '99999999']) {
    const none = await as(ctx.app, clerk, 'GET', `/api/households?q=${q}`);
    assert.equal(none.statusCode, 200);
    assert.equal(none.json().total, 0, q);
  }
  const other = await as(ctx.app, otherClerk, 'GET', `/api/households?q=oym`);
  assert.equal(other.json().total, 0);
  const tw = await as(ctx.app, township, 'GET', `/api/households?q=oym`);
  assert.equal(tw.json().total, 1);
  assert.equal((await as(ctx.app, otherTownship, 'GET', `/api/households?q=oym`)).json().total, 0);
});

test('a household number of letters only: found by the search box and exported, unless a name in scope reads so', async () => {
  const f = family();
  const letters = ['Q', 'X', 'V', 'Q', 'X', 'K'].sort(() => Math.random() - 0.5).join('') + 'QXV';
  f.householdNo = letters;
  f.members[0]!.name = '王五';
  const created = (await as(ctx.app, clerk, 'POST', '/api/households', f));
  assert.equal(created.statusCode, 200, created.body);
  const id = created.json().id;
  for (const q of [letters.toLowerCase(), letters.slice(0, 5)]) {
    const r = (await as(ctx.app, clerk, 'GET', `/api/households?q=${q}`)).json();
    assert.deepEqual(r.items.map((i: { id: number }) => i.id), [id], q);
    assert.equal(r.total, 1);
  }
  // The export of the same search has the household's rows (one per member).
  const x = await as(ctx.app, clerk, 'GET', `/api/households/export?q=${letters.toLowerCase()}`);
  assert.equal(x.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  assert.equal(wb.worksheets[0]!.actualRowCount - 1, 2);
  // Letters that are a name's pinyin stay a name search (wangwu is 王五), in the list and the export alike.
  const byName = (await as(ctx.app, clerk, 'GET', '/api/households?q=ww')).json();
  assert.ok(byName.items.some((i: { id: number }) => i.id === id));
  // Another village's clerk: neither the name nor the number.
  assert.equal((await as(ctx.app, otherClerk, 'GET', `/api/households?q=${letters.toLowerCase()}`)).json().total, 0);
  // A request cannot declare its term a household number itself.
  const forced = (await as(ctx.app, clerk, 'GET', '/api/households?q=ww&qIsHouseholdNo=true')).json();
  assert.ok(forced.items.some((i: { id: number }) => i.id === id));
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
  // The stored shape (migration 0007 household_snapshot): money as text, times in ISO UTC, dates as days, masked IDs
  // only, no phone ciphertext or blind index.
  const snap = old.snapshot as { household: Record<string, unknown>; members: Record<string, unknown>[] };
  assert.match(String(snap.household.income_wages), /^\d+\.\d\d$/);
  assert.equal(typeof snap.household.income_wages, 'string');
  assert.match(String(snap.household.created_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(snap.household.id, h.id);
  assert.ok(!('phone_enc' in snap.household) && !('phone_idx' in snap.household));
  assert.deepEqual(snap.members.map((m) => m.id), [head.id, spouse.id]);
  assert.match(String(snap.members[0]!.birth_date), /^\d{4}-\d\d-\d\d$/);
  assert.match(String(snap.members[0]!.id_masked), /^\d{6}\*{8}\d{3}[\dX]$/);
  assert.ok(!('id_enc' in snap.members[0]!) && !('id_idx' in snap.members[0]!));
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

// ---- The list's member search: relevance, sorted, filtered, paged, capped (listHouseholds) ----

type ListPage = { items: { id: number; householdNo: string; headName: string | null; category: string; matchedName?: string }[]; total: number; totalExact: boolean; page: number; pageSize: number };

async function list(s: Session, query: Record<string, string | number | undefined>): Promise<ListPage> {
  const qs = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
  const r = await as(ctx.app, s, 'GET', `/api/households?${qs}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

/** A household of `names` (the first is the head) with a chosen number and category. */
async function registerNamed(no: string, category: 'exited' | 'ordinary', names: string[]): Promise<number> {
  const f = {
    ...family(),
    householdNo: no,
    category,
    exitYear: category === 'exited' ? 2019 : null,
    members: names.map((name, i) => ({ idNumber: makeId({ gender: 'M', birth: i ? '20050505' : '19700707' }), name, relation: i ? 'son' : 'head' })),
  };
  const r = await as(ctx.app, clerk, 'POST', '/api/households', f);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().id;
}

// Five households named 慕容三… (nobody else in this file): A and D both hold an exact 慕容三 (D only as a son), B 慕容三丰,
// C 慕容三娃, E 慕容三爱 (registered later). Household numbers are deliberately in another order than the names.
const mr: Record<'A' | 'B' | 'C' | 'D' | 'E', number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };

test('member search without a sort: by relevance (best-matching name, then household id), total exact', async () => {
  mr.A = await registerNamed('MR05', 'exited', ['慕容三', '李秀英']);
  mr.B = await registerNamed('MR02', 'ordinary', ['慕容三丰']);
  mr.C = await registerNamed('MR04', 'exited', ['慕容三娃']);
  mr.D = await registerNamed('MR01', 'ordinary', ['慕容三娃', '慕容三']);
  assert.ok(mr.A < mr.D, 'A registered before D');

  // The exact name first (A, then D: same best name, lower id first; D matches through its son), then by name.
  let p = await list(clerk, { q: '慕容三' });
  assert.deepEqual(p.items.map((i) => i.id), [mr.A, mr.D, mr.B, mr.C]);
  assert.deepEqual(p.items.map((i) => i.headName), ['慕容三', '慕容三娃', '慕容三丰', '慕容三娃']);
  // Whom the search found: D's son 慕容三, not its head.
  assert.deepEqual(p.items.map((i) => i.matchedName), ['慕容三', '慕容三', '慕容三丰', '慕容三娃']);
  assert.equal(p.total, 4);
  assert.equal(p.totalExact, true);

  p = await list(clerk, { q: '慕容三娃' });
  assert.deepEqual(p.items.map((i) => i.id), [mr.C, mr.D]);
  assert.equal(p.total, 2);
  p = await list(clerk, { q: '慕容三丰' });
  assert.deepEqual(p.items.map((i) => i.id), [mr.B]);
  assert.equal(p.total, 1);

  // Latin input orders by the full pinyin: 慕容三爱 (murongsanai) comes before 慕容三丰 (murongsanfeng), although 爱 sorts
  // after 丰 and 娃 as a character.
  mr.E = await registerNamed('MR03', 'ordinary', ['慕容三爱']);
  for (const q of ['murongsan', 'MuRongSan', 'mrs']) {
    p = await list(clerk, { q });
    assert.deepEqual(p.items.map((i) => i.id), [mr.A, mr.D, mr.E, mr.B, mr.C], `search ${q}`);
    assert.equal(p.total, 5);
    assert.equal(p.totalExact, true);
  }
  p = await list(clerk, { q: '慕容三' });
  assert.equal(p.total, 5);
  assert.deepEqual(p.items.slice(0, 2).map((i) => i.id), [mr.A, mr.D]);
  assert.deepEqual(p.items.filter((i) => i.id !== mr.E).map((i) => i.id), [mr.A, mr.D, mr.B, mr.C]);
  assert.deepEqual(p.items.map((i) => i.id).sort((a, b) => a - b), Object.values(mr).sort((a, b) => a - b));
});

test('member search with a sort: ordered by the household column, both directions, same total', async () => {
  let p = await list(clerk, { q: '慕容三', sort: 'householdNo' });
  assert.deepEqual(p.items.map((i) => i.householdNo), ['MR01', 'MR02', 'MR03', 'MR04', 'MR05']);
  assert.deepEqual(p.items.map((i) => i.id), [mr.D, mr.B, mr.E, mr.C, mr.A]);
  assert.deepEqual(p.items.map((i) => i.matchedName), ['慕容三', '慕容三丰', '慕容三爱', '慕容三娃', '慕容三']);
  // A list without a member search says nothing of matches.
  assert.ok((await list(clerk, { sort: 'householdNo' })).items.every((i) => !('matchedName' in i)));
  assert.equal(p.total, 5);
  assert.equal(p.totalExact, true);

  p = await list(clerk, { q: 'murongsan', sort: 'householdNo', order: 'desc' });
  assert.deepEqual(p.items.map((i) => i.householdNo), ['MR05', 'MR04', 'MR03', 'MR02', 'MR01']);
  assert.equal(p.total, 5);
  assert.equal(p.totalExact, true);

  // Sorted and paged: the second page of two.
  p = await list(clerk, { q: '慕容三', sort: 'householdNo', order: 'desc', pageSize: 2, page: 2 });
  assert.deepEqual(p.items.map((i) => i.householdNo), ['MR03', 'MR02']);
  assert.equal(p.total, 5);
});

test('member search with a household filter: only the matching category, counted right', async () => {
  let p = await list(clerk, { q: '慕容三', category: 'ordinary' });
  assert.deepEqual(p.items.map((i) => i.householdNo), ['MR01', 'MR02', 'MR03']); // no sort chosen: household number
  assert.ok(p.items.every((i) => i.category === 'ordinary'));
  assert.equal(p.total, 3);
  assert.equal(p.totalExact, true);

  p = await list(clerk, { q: 'mrs', category: 'exited', sort: 'householdNo', order: 'desc' });
  assert.deepEqual(p.items.map((i) => i.id), [mr.A, mr.C]);
  assert.equal(p.total, 2);

  p = await list(clerk, { q: '慕容三丰', category: 'exited' });
  assert.deepEqual(p.items, []);
  assert.equal(p.total, 0);
  p = await list(clerk, { q: '慕容三', isDibao: 'true' });
  assert.equal(p.total, 0);
  assert.equal(p.totalExact, true);
});

test('paging a search: later pages in relevance order; a page past the end is empty with the right total', async () => {
  let p = await list(clerk, { q: 'murongsan', pageSize: 2, page: 2 });
  assert.deepEqual(p.items.map((i) => i.id), [mr.E, mr.B]);
  assert.equal(p.total, 5);
  p = await list(clerk, { q: 'murongsan', pageSize: 2, page: 3 });
  assert.deepEqual(p.items.map((i) => i.id), [mr.C]);
  assert.equal(p.total, 5);

  // Past the end, on each path: relevance, sorted, filtered, and a household-number search (no member search).
  for (const [query, total] of [
    [{ q: '慕容三' }, 5],
    [{ q: 'murongsan', sort: 'householdNo', order: 'desc' }, 5],
    [{ q: '慕容三', category: 'ordinary' }, 3],
    [{ q: 'MR0' }, 5],
  ] as const) {
    p = await list(clerk, { ...query, page: 99 });
    assert.deepEqual(p.items, [], JSON.stringify(query));
    assert.equal(p.total, total, JSON.stringify(query));
    assert.equal(p.totalExact, true, JSON.stringify(query));
    assert.equal(p.page, 99);
  }
});

test('search scope: another village or township finds nothing; the township finds the village\'s households', async () => {
  for (const s of [otherClerk, otherTownship]) {
    for (const query of [{ q: '慕容三' }, { q: 'murongsan' }, { q: '慕容三', sort: 'householdNo' }, { q: '慕容三', category: 'ordinary' }]) {
      const p = await list(s, query);
      assert.deepEqual(p.items, [], JSON.stringify(query));
      assert.equal(p.total, 0, JSON.stringify(query));
      assert.equal(p.totalExact, true);
    }
  }
  const p = await list(township, { q: '慕容三', villageCode: VILLAGE });
  assert.equal(p.total, 5);
  assert.deepEqual(p.items.slice(0, 2).map((i) => i.id), [mr.A, mr.D]);
  assert.equal((await list(helper, { q: 'murongsan' })).total, 5);
});

test('a county or a province searches names by index range (one prepared statement, a generic plan): the same results', async () => {
  // County-wide and wider name searches take the range path (households/repo/search.ts prefixEnd); village and township
  // searches keep LIKE. Twelve calls: PostgreSQL plans a prepared statement's first five for their values, then may
  // switch to its generic plan, so both kinds of plan answer here.
  await importAreas(ctx.db, null, '140431');
  const county = await login(ctx.app, (await makeUser(ctx, { role: 'county_reviewer', area: '140430' })).username);
  const province = await login(ctx.app, (await makeUser(ctx, { role: 'county_reviewer', area: '14' })).username);
  const otherCounty = await login(ctx.app, (await makeUser(ctx, { role: 'county_reviewer', area: '140431' })).username);
  const expected = (await list(clerk, { q: '慕容三' })).items.map((i) => i.id);
  assert.equal(expected.length, 5);
  for (let k = 0; k < 12; k++) {
    for (const s of [county, province]) {
      const p = await list(s, { q: '慕容三' });
      assert.deepEqual(p.items.map((i) => i.id), expected, `call ${k}`);
      assert.equal(p.total, 5);
      assert.deepEqual((await list(s, { q: '慕容三娃' })).items.map((i) => i.id), [mr.C, mr.D]);
      assert.equal((await list(s, { q: '慕' })).total >= 5, true);
    }
    assert.equal((await list(otherCounty, { q: '慕容三' })).total, 0);
  }
  // The range is the prefix, no more: 慕容上 (上 is the character after 三: the range's end) finds nothing, nor does a
  // LIKE wildcard.
  for (const q of ['慕容上', '慕容%', '慕_']) {
    assert.equal((await list(county, { q })).total, 0, q);
    assert.equal((await list(clerk, { q })).total, 0, q);
  }
});

test('the village filter means the area the code names, also when the code ends in 0 (a village …200, a township …100)', async () => {
  const admin = await login(ctx.app, (await makeUser(ctx, { role: 'county_admin', area: '140430' })).username);
  const at = async (villageCode: string, no: string) => {
    const r = await as(ctx.app, admin, 'POST', '/api/households', { ...family(), householdNo: no, villageCode });
    assert.equal(r.statusCode, 200, r.body);
  };
  await at('140430100200', 'VF200'); // 段柳村, 定昌镇 140430100
  await at('140430100201', 'VF201'); // 长胜村, 定昌镇
  await at(VILLAGE, 'VF207'); // 大桥沟村, 新店镇 140430103
  const nos = async (villageCode: string) =>
    // Sorted descending: VF… come before the digits and T… of the other tests' households, whatever their number.
    (await list(admin, { villageCode, sort: 'householdNo', order: 'desc', pageSize: 100 })).items.map((i) => i.householdNo).filter((n) => n.startsWith('VF')).reverse();
  assert.deepEqual(await nos('140430100200'), ['VF200']);
  assert.deepEqual(await nos('140430100'), ['VF200', 'VF201']);
  assert.deepEqual(await nos('140430100000'), ['VF200', 'VF201']);
  assert.deepEqual(await nos('140430'), ['VF200', 'VF201', 'VF207']);
  // The same through a member search (its own filter of the members) and in the export's query.
  const found = await list(admin, { q: '张三', villageCode: '140430100200' });
  assert.deepEqual([...new Set(found.items.map((i) => i.householdNo))].filter((n) => n.startsWith('VF')), ['VF200']);
});

test('the township filter: the township\'s households with their township name, in scope only (list, search, export)', async () => {
  const admin = await login(ctx.app, (await makeUser(ctx, { role: 'county_admin', area: '140430' })).username);
  for (const [villageCode, no] of [['140430100201', 'TW100'], [VILLAGE, 'TW103']] as const) {
    const r = await as(ctx.app, admin, 'POST', '/api/households', { ...family(), householdNo: no, villageCode });
    assert.equal(r.statusCode, 200, r.body);
  }
  const tw = async (s: Session, query: Record<string, string>) =>
    (await list(s, { ...query, sort: 'householdNo', order: 'desc', pageSize: 200 })).items.filter((i) => i.householdNo.startsWith('TW'));
  const inTownship = await tw(admin, { townshipCode: '140430100' });
  assert.deepEqual(inTownship.map((i) => i.householdNo), ['TW100']);
  assert.equal((inTownship[0] as unknown as { townshipName: string }).townshipName, '定昌镇');
  assert.deepEqual((await tw(admin, { townshipCode: '140430103000' })).map((i) => i.householdNo), ['TW103']);
  // Through a member search too (its own filter of the members, relevance and sorted).
  const named = (await list(admin, { q: '张三', townshipCode: '140430100' })).items.map((i) => i.householdNo);
  assert.ok(named.includes('TW100') && !named.includes('TW103'), named.join());
  // The township reviewer filters his own township; another township, or a village clerk asking for his township: 403.
  assert.deepEqual((await tw(township, { townshipCode: '140430103' })).map((i) => i.householdNo), ['TW103']);
  for (const s of [otherTownship, clerk]) {
    const r = await as(ctx.app, s, 'GET', '/api/households?townshipCode=140430103');
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json().code, 'OUT_OF_SCOPE');
    const e = await as(ctx.app, s, 'GET', '/api/households/export?townshipCode=140430103');
    assert.equal(e.statusCode, 403, e.body);
  }
  // Not a township's code: refused at the edge.
  assert.equal((await as(ctx.app, admin, 'GET', '/api/households?townshipCode=1404301032')).statusCode, 400);
});

test('民族: one of the 56 groups (also 汉 or its code), 其他 with its text; anything else refused with a clear code', async () => {
  const withEthnicity = (ethnicity: string | null) => {
    const f = family();
    return { ...f, members: [{ ...f.members[0]!, ethnicity }, f.members[1]!] };
  };
  const cases: [string | null, string | null][] = [['汉族', '汉族'], ['回', '回族'], ['04', '藏族'], ['其他', '其他'], ['其他（穿青人）', '其他（穿青人）'], ['其他:穿青人', '其他（穿青人）'], [null, null]];
  for (const [typed, stored] of cases) {
    const r = await as(ctx.app, clerk, 'POST', '/api/households', withEthnicity(typed));
    assert.equal(r.statusCode, 200, `${typed}: ${r.body}`);
    assert.equal(r.json().members[0].ethnicity, stored, String(typed));
  }
  for (const bad of ['火星族', '穿青人', '其他（）']) {
    const r = await as(ctx.app, clerk, 'POST', '/api/households', withEthnicity(bad));
    assert.equal(r.statusCode, 400, `${bad}: ${r.body}`);
    assert.match(r.body, /ETHNICITY_UNKNOWN/, bad);
  }
});

/** `count` synthetic one-member households 司马<n> (n from `first`) in the village, straight in SQL. */
async function insertSima(first: number, count: number) {
  await sql`
    with h as (
      insert into households (household_no, county_code, village_code, head_name, member_count)
      select 'SM' || lpad(n::text, 5, '0'), '140430', ${VILLAGE}, '司马' || n, 1 from generate_series(${first}::int, ${first + count - 1}::int) n
      returning id, village_code, head_name)
    insert into members (household_id, village_code, id_enc, id_idx, id_masked, name, name_pinyin, name_initials, gender, birth_date, relation)
    select id, village_code, 'synthetic', 'synthetic-' || id, '140430********0000', head_name, 'sima', 'sm', 'M', '1980-01-01', 'head' from h`.execute(ctx.db);
}

test(`a search capped at SEARCH_CAP (${SEARCH_CAP}): totalExact true up to it, false beyond (total a lower bound)`, async () => {
  await insertSima(1, SEARCH_CAP);
  let p = await list(clerk, { q: '司马' });
  assert.equal(p.total, SEARCH_CAP);
  assert.equal(p.totalExact, true);
  assert.deepEqual(p.items.slice(0, 5).map((i) => i.headName), ['司马1', '司马10', '司马100', '司马1000', '司马1001']);
  p = await list(clerk, { q: '司马', sort: 'householdNo' });
  assert.equal(p.total, SEARCH_CAP);
  assert.equal(p.totalExact, true);
  assert.equal(p.items[0]!.householdNo, 'SM00001');
  p = await list(clerk, { q: '司马', page: SEARCH_CAP / 20 + 1 });
  assert.deepEqual(p.items, []);
  assert.equal(p.total, SEARCH_CAP);
  assert.equal(p.totalExact, true);

  await insertSima(SEARCH_CAP + 1, 1);
  for (const query of [{ q: '司马' }, { q: 'sima' }, { q: '司马', sort: 'householdNo' }, { q: '司马', category: 'ordinary' }]) {
    p = await list(clerk, query);
    assert.equal(p.totalExact, false, JSON.stringify(query));
    assert.equal(p.total, SEARCH_CAP + 1, JSON.stringify(query));
    assert.equal(p.items.length, 20);
    p = await list(clerk, { ...query, page: 999 });
    assert.deepEqual(p.items, [], JSON.stringify(query));
    assert.equal(p.totalExact, false, JSON.stringify(query));
    assert.equal(p.total, SEARCH_CAP + 1, JSON.stringify(query));
  }
  // Terms with digits search household numbers (no cap): exact.
  p = await list(clerk, { q: 'SM0500' });
  assert.deepEqual(p.items.map((i) => i.householdNo), ['SM05000', 'SM05001']);
  assert.equal(p.total, 2);
  assert.equal(p.totalExact, true);
  // The cap is applied inside the scope: another village sees none of them, exactly.
  p = await list(otherClerk, { q: '司马' });
  assert.equal(p.total, 0);
  assert.equal(p.totalExact, true);
});
