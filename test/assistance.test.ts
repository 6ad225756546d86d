import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { openCase } from '../src/modules/monitoring/open-case.js';
import { addMonths, visitDue, DEFAULT_SCHEDULE } from '../src/shared/assistance.js';
import { attach, PDF, PNG, uploadFile } from './helpers/files.js';

/**
 * Assistance (帮扶) through the API on a real database: the catalogue and schedule, plan rules, warnings, pairing
 * (one and from .xlsx), visits (idempotent, opening a case), the schedule on a moving clock, and every endpoint's
 * scope (other area, other role, a helper not paired).
 */
const VILLAGE = '140430103207'; // 大桥沟村, 新店镇
const TOWNSHIP = '140430103';
let OTHER_VILLAGE = '';
let OTHER_TOWNSHIP = '';
let OTHER_TOWNSHIP_VILLAGE = '';
let ctx: TestContext;
type Who = 'admin' | 'county' | 'township' | 'otherTownship' | 'clerk' | 'otherClerk' | 'helper' | 'helper2' | 'farHelper' | 'auditor' | 'dept' | 'otherCountyAdmin';
const s = {} as Record<Who, Session>;
const ids = {} as Record<Who, number>;
const names = {} as Record<Who, string>;

function setClock(day: string) {
  ctx.config.clock = `${day}T10:00:00+08:00`;
}

before(async () => {
  ctx = await buildTestContext({ FANGPIN_CLOCK: '2026-03-02T10:00:00+08:00' });
  await importAreas(ctx.db, null, '140431');
  OTHER_VILLAGE = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${TOWNSHIP}%`).where('code', '!=', VILLAGE).limit(1).executeTakeFirstOrThrow()).code;
  OTHER_TOWNSHIP = '140430101';
  OTHER_TOWNSHIP_VILLAGE = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${OTHER_TOWNSHIP}%`).limit(1).executeTakeFirstOrThrow()).code;
  const u = async (who: Who, role: Parameters<typeof makeUser>[1]['role'], area: string) => {
    const made = await makeUser(ctx, { role, area });
    ids[who] = made.id;
    names[who] = made.username;
    s[who] = await login(ctx.app, made.username);
  };
  await u('admin', 'county_admin', '140430');
  await u('county', 'county_reviewer', '140430');
  await u('township', 'township_reviewer', TOWNSHIP);
  await u('otherTownship', 'township_reviewer', OTHER_TOWNSHIP);
  await u('clerk', 'village_clerk', VILLAGE);
  await u('otherClerk', 'village_clerk', OTHER_VILLAGE);
  await u('helper', 'helper', VILLAGE);
  await u('helper2', 'helper', TOWNSHIP);
  await u('farHelper', 'helper', OTHER_TOWNSHIP_VILLAGE);
  await u('auditor', 'auditor', '140430');
  await u('dept', 'dept_officer', '140430');
  await u('otherCountyAdmin', 'county_admin', '140431');
  await ctx.db.updateTable('users').set({ display_name: '王帮扶', phone: '13800001111' }).where('id', '=', ids.helper2).execute();
});
after(() => ctx.close());

async function household(opts: { labour?: string; village?: string; category?: 'exited' | 'ordinary'; leftBehind?: boolean } = {}) {
  const res = await as(ctx.app, s.admin, 'POST', '/api/households', {
    householdNo: householdNo(),
    villageCode: opts.village ?? VILLAGE,
    category: opts.category ?? 'exited',
    ...(opts.category === 'ordinary' ? {} : { exitYear: 2019 }),
    members: [
      { idNumber: makeId({ gender: 'M' }), name: '张三', relation: 'head', labourCapacity: opts.labour ?? 'normal' },
      { idNumber: makeId({ gender: 'F', birth: '19820304' }), name: '李秀英', relation: 'spouse', labourCapacity: opts.labour ?? 'normal' },
    ],
  });
  assert.equal(res.statusCode, 200, res.body);
  const id = res.json().id as number;
  if (opts.leftBehind) await ctx.db.updateTable('households').set({ has_left_behind: true }).where('id', '=', id).execute();
  const members = await ctx.db.selectFrom('members').select('id').where('household_id', '=', id).orderBy('id').execute();
  const no = (await ctx.db.selectFrom('households').select('household_no').where('id', '=', id).executeTakeFirstOrThrow()).household_no;
  return { id, no, members: members.map((m) => m.id) };
}

/** Makes the household monitored: a case opened by the system and closed approved, and its monitoring record. */
async function monitor(householdId: number, riskTypes = ['illness', 'unstable_employment']) {
  const c = await openCase(ctx, { kind: 'identification', channel: 'self', householdId, clue: '测试' }, null);
  await ctx.db.updateTable('monitoring_cases').set({ closed_at: new Date(), outcome: 'approved', state: 'approved' }).where('id', '=', c.id).execute();
  await ctx.db
    .insertInto('monitoring_records')
    .values({ household_id: householdId, case_id: c.id, category: 'marginal', risk_types: JSON.stringify(riskTypes), since: '2026-02-01' })
    .execute();
}

async function catalogueId(group: string, who: Session = s.admin): Promise<number> {
  const r = await as(ctx.app, who, 'GET', '/api/assistance/catalogue');
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { id: number; group: string }[]).find((c) => c.group === group)!.id;
}

const measure = (catalogue: number, extra: object = {}) => ({
  catalogueId: catalogue,
  content: '发放产业奖补资金，扶持养殖肉牛 3 头',
  startOn: '2026-03-01',
  endOn: '2026-12-31',
  amount: 3000,
  department: '县农业农村局',
  memberIds: [],
  ...extra,
});

async function assign(householdId: number, helperId: number, who: Session = s.admin) {
  const r = await as(ctx.app, who, 'POST', '/api/assistance/assignments', { householdId, helperId });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

const visit = (extra: object = {}) => ({
  clientId: randomUUID(),
  visitedOn: '2026-03-02',
  met: '户主张三',
  situation: '家中生产生活正常',
  changes: { income: '务工收入增加', health: '', schooling: '', housing: '', water: '' },
  needs: '希望提供技能培训',
  ...extra,
});

async function count(table: 'assistance_measures' | 'assistance_assignments' | 'assistance_visits' | 'assistance_catalogue') {
  return (await ctx.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('结对');
  for (const r of rows) ws.addRow(r);
  return wb.xlsx.writeBuffer().then((b) => Buffer.from(b as ArrayBuffer));
}

function upload(who: Session, content: Buffer, name = 'pairs.xlsx') {
  const boundary = '----fangpin' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({
    method: 'POST',
    url: '/api/assistance/assignments/import',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

test('catalogue: the national groups until a county changes it, then its own copy; the county administrator edits it; others refused', async () => {
  let r = await as(ctx.app, s.clerk, 'GET', '/api/assistance/catalogue');
  assert.equal(r.statusCode, 200, r.body);
  const items = r.json() as { id: number; group: string; name: string; countyCode: string }[];
  assert.equal(items.length, 14);
  assert.deepEqual(items.slice(0, 3).map((i) => i.name), ['产业帮扶', '就业帮扶', '金融帮扶（小额信贷）']);
  assert.ok(items.every((i) => i.countyCode === '000000'), 'the national catalogue until the county changes it');
  const catalogueRows = await count('assistance_catalogue');

  // Retiring a national item retires it in the county's own copy only.
  r = await as(ctx.app, s.admin, 'PATCH', `/api/assistance/catalogue/${items[13]!.id}`, { active: false });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().countyCode, '140430');
  assert.equal(await count('assistance_catalogue'), catalogueRows + 14);
  r = await as(ctx.app, s.otherCountyAdmin, 'GET', '/api/assistance/catalogue');
  assert.ok((r.json() as { active: boolean; countyCode: string }[]).every((i) => i.active && i.countyCode === '000000'), 'another county keeps the national one');

  r = await as(ctx.app, s.admin, 'POST', '/api/assistance/catalogue', { group: 'other_education', name: '雨露计划𠀀' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().name, '雨露计划𠀀');
  const added = r.json().id as number;
  r = await as(ctx.app, s.clerk, 'GET', '/api/assistance/catalogue');
  assert.equal(r.json().length, 15);
  assert.ok((r.json() as { countyCode: string }[]).every((i) => i.countyCode === '140430'));
  r = await as(ctx.app, s.admin, 'POST', '/api/assistance/catalogue', { group: 'other_education', name: '雨露计划𠀀' });
  assert.equal(r.json().code, 'ASSIST_CATALOGUE_NAME_TAKEN');
  r = await as(ctx.app, s.admin, 'POST', '/api/assistance/catalogue', { group: 'other_education', name: 'a\u0000b' });
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await as(ctx.app, s.admin, 'POST', '/api/assistance/catalogue', { group: 'nope', name: 'x' });
  assert.equal(r.statusCode, 400);
  r = await as(ctx.app, s.admin, 'PATCH', `/api/assistance/catalogue/${added}`, { active: false });
  assert.equal(r.json().active, false);

  for (const who of [s.clerk, s.county, s.township, s.helper, s.auditor]) {
    r = await as(ctx.app, who, 'POST', '/api/assistance/catalogue', { group: 'industry', name: '越权' });
    assert.equal(r.json().code, 'FORBIDDEN');
  }
  r = await as(ctx.app, s.otherCountyAdmin, 'PATCH', `/api/assistance/catalogue/${added}`, { name: '改' });
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherCountyAdmin, 'POST', '/api/assistance/catalogue', { group: 'industry', name: '沁源特色产业' });
  assert.equal(r.json().countyCode, '140431');
  r = await as(ctx.app, s.otherCountyAdmin, 'GET', '/api/assistance/catalogue');
  assert.ok((r.json() as { countyCode: string }[]).every((i) => i.countyCode === '140431'), 'each county its own catalogue');
  r = await as(ctx.app, s.dept, 'GET', '/api/assistance/catalogue');
  assert.equal(r.json().code, 'FORBIDDEN');
});

test('schedule: defaults 1/3/1 months; the county administrator sets them; others refused; out of range refused', async () => {
  let r = await as(ctx.app, s.helper, 'GET', '/api/assistance/settings');
  assert.deepEqual(r.json(), { countyCode: '140430', monitoredMonths: 1, exitedMonths: 3, leftBehindMonths: 1 });
  r = await as(ctx.app, s.admin, 'PATCH', '/api/assistance/settings', { monitoredMonths: 1, exitedMonths: 3, leftBehindMonths: 2 });
  assert.equal(r.statusCode, 200, r.body);
  r = await as(ctx.app, s.admin, 'PATCH', '/api/assistance/settings', { monitoredMonths: 0, exitedMonths: 3, leftBehindMonths: 2 });
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await as(ctx.app, s.county, 'PATCH', '/api/assistance/settings', { monitoredMonths: 2, exitedMonths: 3, leftBehindMonths: 2 });
  assert.equal(r.json().code, 'FORBIDDEN');
  r = await as(ctx.app, s.clerk, 'GET', '/api/assistance/settings');
  assert.equal(r.json().leftBehindMonths, 2);
});

test('plan rules: monitored only; dates in order; sane amount; the household’s own members; nothing half-written', async () => {
  const h = await household();
  const other = await household();
  const industry = await catalogueId('industry');
  const before = await count('assistance_measures');

  let r = await as(ctx.app, s.clerk, 'POST', `/api/assistance/households/${h.id}/measures`, measure(industry));
  assert.equal(r.json().code, 'ASSIST_NOT_MONITORED');
  await monitor(h.id);

  const bad: [object, string, string][] = [
    [{ endOn: '2026-02-01' }, 'ASSIST_FIELD', 'endOn'],
    [{ amount: -1 }, 'VALIDATION_FAILED', ''],
    [{ amount: 10_000_001 }, 'VALIDATION_FAILED', ''],
    [{ amount: 1.234 }, 'ASSIST_FIELD', 'amount'],
    [{ memberIds: [other.members[0]] }, 'ASSIST_FIELD', 'memberIds'],
    [{ riskType: 'disaster' }, 'ASSIST_FIELD', 'riskType'],
    [{ content: '   ' }, 'ASSIST_FIELD', 'content'],
    [{ content: 'a\u0000' }, 'VALIDATION_FAILED', ''],
    [{ doneOn: '2026-02-01' }, 'ASSIST_FIELD', 'doneOn'],
    [{ doneOn: '2026-03-09' }, 'ASSIST_FIELD', 'doneOn'],
    [{ startOn: '2026-02-30' }, 'VALIDATION_FAILED', ''],
  ];
  for (const [extra, code, field] of bad) {
    r = await as(ctx.app, s.clerk, 'POST', `/api/assistance/households/${h.id}/measures`, measure(industry, extra));
    assert.equal(r.statusCode, 400, `${JSON.stringify(extra)} ${r.body}`);
    assert.equal(r.json().code, code, JSON.stringify(extra));
    if (field) assert.equal(r.json().details.field, field);
  }
  const otherCounty = (await as(ctx.app, s.otherCountyAdmin, 'GET', '/api/assistance/catalogue')).json().find((c: { name: string }) => c.name === '沁源特色产业').id;
  assert.equal((await as(ctx.app, s.otherCountyAdmin, 'GET', '/api/assistance/catalogue')).json()[0].countyCode, '140431');
  r = await as(ctx.app, s.clerk, 'POST', `/api/assistance/households/${h.id}/measures`, measure(otherCounty));
  assert.equal(r.json().details.field, 'catalogueId');
  assert.equal(await count('assistance_measures'), before, 'nothing written');

  r = await as(ctx.app, s.clerk, 'POST', `/api/assistance/households/${h.id}/measures`, measure(industry, { riskType: 'illness', memberIds: [h.members[0]], content: '扶持养殖𠀀', amount: 1234.5 }));
  assert.equal(r.statusCode, 200, r.body);
  const m = r.json();
  assert.equal(m.amount, 1234.5);
  assert.equal(m.content, '扶持养殖𠀀');
  assert.deepEqual(m.memberIds, [h.members[0]]);
  assert.equal(m.group, 'industry');

  // Mark it done; a stale version is refused; end before start on edit is refused.
  r = await as(ctx.app, s.clerk, 'PATCH', `/api/assistance/measures/${m.id}`, { ...measure(industry), version: m.version, doneOn: '2026-03-02' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().doneOn, '2026-03-02');
  r = await as(ctx.app, s.clerk, 'PATCH', `/api/assistance/measures/${m.id}`, { ...measure(industry), version: m.version });
  assert.equal(r.json().code, 'ASSIST_VERSION_CONFLICT');
  r = await as(ctx.app, s.clerk, 'PATCH', `/api/assistance/measures/${m.id}`, { ...measure(industry), version: m.version + 1, startOn: '2026-05-01', endOn: '2026-04-01' });
  assert.equal(r.json().details.field, 'endOn');

  r = await as(ctx.app, s.county, 'GET', `/api/assistance/households/${h.id}/plan`);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().measures.length, 1);
  assert.equal(r.json().record.category, 'marginal');
  assert.equal(r.json().household.villageName !== '', true);

  // Scope: another village's clerk, another township, an auditor writing, a helper not paired.
  for (const who of [s.otherClerk, s.otherTownship]) {
    assert.equal((await as(ctx.app, who, 'GET', `/api/assistance/households/${h.id}/plan`)).json().code, 'OUT_OF_SCOPE');
    assert.equal((await as(ctx.app, who, 'POST', `/api/assistance/households/${h.id}/measures`, measure(industry))).json().code, 'OUT_OF_SCOPE');
    assert.equal((await as(ctx.app, who, 'PATCH', `/api/assistance/measures/${m.id}`, { ...measure(industry), version: 1 })).json().code, 'OUT_OF_SCOPE');
  }
  assert.equal((await as(ctx.app, s.auditor, 'GET', `/api/assistance/households/${h.id}/plan`)).statusCode, 200);
  assert.equal((await as(ctx.app, s.auditor, 'POST', `/api/assistance/households/${h.id}/measures`, measure(industry))).json().code, 'FORBIDDEN');
  assert.equal((await as(ctx.app, s.dept, 'GET', `/api/assistance/households/${h.id}/plan`)).json().code, 'FORBIDDEN');
  assert.equal((await as(ctx.app, s.helper, 'GET', `/api/assistance/households/${h.id}/plan`)).json().code, 'ASSIST_NOT_ASSIGNED');
  assert.equal((await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/measures`, measure(industry))).json().code, 'ASSIST_NOT_ASSIGNED');
  await assign(h.id, ids.helper);
  assert.equal((await as(ctx.app, s.helper, 'GET', `/api/assistance/households/${h.id}/plan`)).statusCode, 200);
  assert.equal((await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/measures`, measure(industry))).statusCode, 200);
});

test('warnings: labour capacity without an industry/employment measure, no helper, a measure ending within 30 days; by township; scoped', async () => {
  setClock('2026-03-02');
  const able = await household({ labour: 'normal' });
  const unable = await household({ labour: 'lost' });
  const far = await household({ village: OTHER_TOWNSHIP_VILLAGE });
  await monitor(able.id);
  await monitor(unable.id);
  await monitor(far.id);

  const kinds = async (who: Session, id: number) => {
    const w = (await as(ctx.app, who, 'GET', '/api/assistance/warnings')).json();
    return (w.items as { kind: string; householdId: number }[]).filter((i) => i.householdId === id).map((i) => i.kind).sort();
  };
  assert.deepEqual(await kinds(s.township, able.id), ['no_helper', 'no_work_measure']);
  assert.deepEqual(await kinds(s.township, unable.id), ['no_helper'], 'no labour capacity: no work-measure warning');
  assert.deepEqual(await kinds(s.township, far.id), [], 'another township’s household is not listed');
  assert.deepEqual(await kinds(s.county, far.id), ['no_helper', 'no_work_measure']);
  assert.deepEqual(await kinds(s.otherClerk, able.id), [], 'another village’s clerk does not see it');

  // A health measure does not count; an employment measure ending in 20 days does, and warns it is ending.
  await as(ctx.app, s.clerk, 'POST', `/api/assistance/households/${able.id}/measures`, measure(await catalogueId('health'), { startOn: '2026-01-01' }));
  assert.deepEqual(await kinds(s.township, able.id), ['no_helper', 'no_work_measure']);
  const r = await as(ctx.app, s.clerk, 'POST', `/api/assistance/households/${able.id}/measures`, measure(await catalogueId('employment'), { startOn: '2026-01-01', endOn: '2026-03-22' }));
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(await kinds(s.township, able.id), ['measure_ending', 'no_helper']);
  await assign(able.id, ids.helper);
  assert.deepEqual(await kinds(s.township, able.id), ['measure_ending']);

  const plan = (await as(ctx.app, s.clerk, 'GET', `/api/assistance/households/${able.id}/plan`)).json();
  assert.deepEqual(plan.warnings.map((w: { kind: string }) => w.kind), ['measure_ending']);

  const county = (await as(ctx.app, s.county, 'GET', '/api/assistance/warnings')).json();
  const byT = new Map((county.byTownship as { code: string; noHelper: number; noWorkMeasure: number }[]).map((t) => [t.code, t]));
  assert.ok(byT.get(`${OTHER_TOWNSHIP}000`)!.noHelper >= 1);
  assert.ok(byT.get(`${TOWNSHIP}000`)!.noHelper >= 1);
  const filtered = (await as(ctx.app, s.county, 'GET', `/api/assistance/warnings?areaCode=${OTHER_TOWNSHIP}&kind=no_helper`)).json();
  assert.ok(filtered.items.every((i: { villageCode: string; kind: string }) => i.villageCode.startsWith(OTHER_TOWNSHIP) && i.kind === 'no_helper'));
  assert.equal((await as(ctx.app, s.township, 'GET', `/api/assistance/warnings?areaCode=${OTHER_TOWNSHIP}`)).json().code, 'OUT_OF_SCOPE');
  assert.equal((await as(ctx.app, s.dept, 'GET', '/api/assistance/warnings')).json().code, 'FORBIDDEN');

  // A helper: only his households' warnings, never "no helper".
  const mine = (await as(ctx.app, s.helper, 'GET', '/api/assistance/warnings')).json();
  assert.ok(mine.items.length >= 1);
  for (const i of mine.items as { householdId: number; kind: string }[]) {
    const paired = await ctx.db.selectFrom('assistance_assignments').select('helper_id').where('household_id', '=', i.householdId).where('ended_on', 'is', null).executeTakeFirst();
    assert.equal(paired?.helper_id, ids.helper);
  }
});

test('the visit schedule: month-end arithmetic and each frequency', () => {
  assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2026-03-31', 3), '2026-06-30');
  assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
  assert.equal(addMonths('2026-12-15', 1), '2027-01-15');
  const s = DEFAULT_SCHEDULE;
  const base = { category: 'exited', hasLeftBehind: false, lastVisit: null, assignedOn: '2026-01-31' };
  assert.deepEqual(visitDue({ ...base, monitored: true }, s, '2026-02-28'), { dueOn: '2026-02-28', overdueDays: 0, reason: 'monitored' });
  assert.deepEqual(visitDue({ ...base, monitored: true }, s, '2026-03-01'), { dueOn: '2026-02-28', overdueDays: 1, reason: 'monitored' });
  assert.deepEqual(visitDue({ ...base, monitored: false }, s, '2026-04-30'), { dueOn: '2026-04-30', overdueDays: 0, reason: 'exited' });
  assert.equal(visitDue({ ...base, monitored: false, lastVisit: '2026-03-31' }, s, '2026-07-01').overdueDays, 1);
  assert.deepEqual(visitDue({ ...base, category: 'ordinary', monitored: false, hasLeftBehind: true }, { ...s, leftBehindMonths: 2 }, '2026-03-31'), { dueOn: '2026-03-31', overdueDays: 0, reason: 'left_behind' });
  assert.deepEqual(visitDue({ ...base, category: 'ordinary', monitored: false }, s, '2027-01-01'), { dueOn: null, overdueDays: 0, reason: null });
});

test('visits: my households overdue first at each frequency on a moving clock; overdue lists by township and helper', async () => {
  setClock('2026-01-31');
  const helper = await makeUser(ctx, { role: 'helper', area: VILLAGE });
  const hs = await login(ctx.app, helper.username);
  const monitored = await household();
  const exited = await household();
  const leftBehind = await household({ category: 'ordinary', leftBehind: true });
  const ordinary = await household({ category: 'ordinary' });
  await monitor(monitored.id);
  for (const h of [monitored, exited, leftBehind, ordinary]) await assign(h.id, helper.id);

  const due = async () => {
    const r = await as(ctx.app, hs, 'GET', '/api/assistance/mine');
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { overdue: number; items: { householdId: number; dueOn: string | null; overdue: boolean; reason: string | null }[] };
  };
  let mine = await due();
  assert.equal(mine.items.length, 4, 'only his households');
  const of = (id: number) => mine.items.find((i) => i.householdId === id)!;
  assert.equal(of(monitored.id).dueOn, '2026-02-28');
  assert.equal(of(exited.id).dueOn, '2026-04-30');
  assert.equal(of(leftBehind.id).dueOn, '2026-03-31', 'left-behind: the county’s 2 months');
  assert.equal(of(ordinary.id).dueOn, null);

  setClock('2026-02-28');
  mine = await due();
  assert.equal(mine.overdue, 0);
  setClock('2026-03-01');
  mine = await due();
  assert.equal(mine.overdue, 1);
  assert.equal(mine.items[0]!.householdId, monitored.id, 'overdue first');
  setClock('2026-05-01');
  mine = await due();
  assert.equal(mine.overdue, 3);

  // A visit moves the monitored household's due day a month on.
  let r = await as(ctx.app, hs, 'POST', `/api/assistance/households/${monitored.id}/visits`, visit({ visitedOn: '2026-04-30' }));
  assert.equal(r.statusCode, 200, r.body);
  mine = await due();
  assert.equal(of(monitored.id).dueOn, '2026-05-30');
  assert.equal(of(monitored.id).overdue, false);

  // The county sees it by township and helper; the other township does not; a township filter outside is refused.
  r = await as(ctx.app, s.county, 'GET', '/api/assistance/overdue');
  assert.equal(r.statusCode, 200, r.body);
  const ov = r.json();
  assert.ok(ov.byHelper.some((h: { helperId: number; overdue: number }) => h.helperId === helper.id && h.overdue === 2));
  assert.ok(ov.byTownship.some((t: { code: string; overdue: number }) => t.code === `${TOWNSHIP}000` && t.overdue >= 2));
  r = await as(ctx.app, s.otherTownship, 'GET', '/api/assistance/overdue');
  assert.ok(!r.json().items.some((i: { helperId: number }) => i.helperId === helper.id));
  assert.equal((await as(ctx.app, s.otherTownship, 'GET', `/api/assistance/overdue?areaCode=${TOWNSHIP}`)).json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, hs, 'GET', '/api/assistance/overdue');
  assert.ok(r.json().items.every((i: { helperId: number }) => i.helperId === helper.id), 'a helper: his own only');
  assert.equal((await as(ctx.app, s.clerk, 'GET', '/api/assistance/mine')).json().code, 'FORBIDDEN');
  setClock('2026-03-02');
});

test('visits: idempotent by UUID; dates checked; a new risk opens a case, or names the open one; scope', async () => {
  setClock('2026-03-02');
  const h = await household();
  const h2 = await household();
  await assign(h.id, ids.helper);
  await assign(h2.id, ids.helper);
  const before = await count('assistance_visits');

  let r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/visits`, visit({ visitedOn: '2026-03-03' }));
  assert.equal(r.json().details.field, 'visitedOn', 'the future');
  r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/visits`, visit({ visitedOn: '2026-03-01' }));
  assert.equal(r.json().details.field, 'visitedOn', 'before the pairing');
  r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/visits`, visit({ clientId: 'not-a-uuid' }));
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/visits`, visit({ situation: ' ' }));
  assert.equal(r.json().details.field, 'situation');
  assert.equal(await count('assistance_visits'), before);

  // Photos: only the helper's own uploads for this village, images only; a refused photo leaves no visit.
  const notMine = await attach(ctx.app, s.clerk, 'assistance.photo', VILLAGE, { name: '别人的.png', content: PNG });
  r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/visits`, visit({ photos: [notMine] }));
  assert.equal(r.json().code, 'ATTACHMENT_INVALID');
  assert.match(r.json().message, /照片|photos/, r.body);
  r = await uploadFile(ctx.app, s.helper, { purpose: 'assistance.photo', areaCode: VILLAGE }, { name: '走访.pdf', content: PDF });
  assert.equal(r.json().code, 'FILE_TYPE_NOT_ALLOWED', 'a visit photo is an image');
  assert.equal(await count('assistance_visits'), before);
  const photo = await attach(ctx.app, s.helper, 'assistance.photo', VILLAGE, { name: '走访𠀀.png', content: PNG });

  const body = visit({ situation: '户主𠀀腰伤，暂不能务工', newRisk: { clue: '户主受伤失去务工收入' }, photos: [photo] });
  r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/visits`, body);
  assert.equal(r.statusCode, 200, r.body);
  const first = r.json();
  assert.equal(first.created, true);
  assert.deepEqual(first.visit.photos.map((p: { id: string; type: string }) => [p.id, p.type]), [[photo, 'image/png']]);
  assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/files/${photo}`, headers: { cookie: s.clerk.cookie } })).statusCode, 200, 'the village clerk sees the linked photo');
  assert.equal(first.case.existing, false);
  assert.match(first.case.caseNo, /^JC-140430-2026-/);
  const c = await ctx.db.selectFrom('monitoring_cases').selectAll().where('id', '=', first.case.id).executeTakeFirstOrThrow();
  assert.equal(c.channel, 'inspection');
  assert.equal(c.opened_by, ids.helper);
  assert.equal(c.household_id, h.id);

  r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/visits`, body);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().created, false);
  assert.equal(r.json().visit.id, first.visit.id, 'the second answer returns the first');
  assert.equal(r.json().case.id, first.case.id);
  assert.equal(await count('assistance_visits'), before + 1);
  assert.equal((await ctx.db.selectFrom('monitoring_cases').select(sql<number>`count(*)::int`.as('n')).where('household_id', '=', h.id).executeTakeFirstOrThrow()).n, 1);

  // Another risk while the case is open: the open case is named, none opened.
  r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h.id}/visits`, visit({ newRisk: { clue: '又一风险' } }));
  assert.equal(r.json().case.existing, true);
  assert.equal(r.json().case.id, first.case.id);
  // The same UUID for another household: refused.
  r = await as(ctx.app, s.helper, 'POST', `/api/assistance/households/${h2.id}/visits`, body);
  assert.equal(r.json().code, 'ASSIST_VISIT_ID_TAKEN');

  r = await as(ctx.app, s.clerk, 'GET', `/api/assistance/households/${h.id}/visits`);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().length, 2);
  assert.equal(r.json().find((v: { id: number }) => v.id === first.visit.id).caseNo, first.case.caseNo);

  // Scope: a helper not paired (read and write), another village's clerk, a clerk writing a visit.
  assert.equal((await as(ctx.app, s.farHelper, 'POST', `/api/assistance/households/${h.id}/visits`, visit())).json().code, 'OUT_OF_SCOPE');
  assert.equal((await as(ctx.app, s.helper2, 'POST', `/api/assistance/households/${h.id}/visits`, visit())).json().code, 'ASSIST_NOT_ASSIGNED');
  assert.equal((await as(ctx.app, s.helper2, 'GET', `/api/assistance/households/${h.id}/visits`)).json().code, 'ASSIST_NOT_ASSIGNED');
  assert.equal((await as(ctx.app, s.otherClerk, 'GET', `/api/assistance/households/${h.id}/visits`)).json().code, 'OUT_OF_SCOPE');
  assert.equal((await as(ctx.app, s.clerk, 'POST', `/api/assistance/households/${h.id}/visits`, visit())).json().code, 'FORBIDDEN');

  // Re-paired: the former helper can no longer reach it; the history is kept.
  await assign(h.id, ids.helper2);
  assert.equal((await as(ctx.app, s.helper, 'GET', `/api/assistance/households/${h.id}/plan`)).json().code, 'ASSIST_NOT_ASSIGNED');
  const plan = (await as(ctx.app, s.helper2, 'GET', `/api/assistance/households/${h.id}/plan`)).json();
  assert.equal(plan.helper.id, ids.helper2);
  assert.deepEqual(plan.helperHistory.map((a: { helperId: number; endedOn: string | null }) => [a.helperId, a.endedOn]), [[ids.helper2, null], [ids.helper, '2026-03-02']]);
});

test('pairing: one by one (helper role, area, scope); from .xlsx every row checked and nothing saved when any is wrong', async () => {
  const a = await household();
  const b = await household({ village: OTHER_VILLAGE });
  const far = await household({ village: OTHER_TOWNSHIP_VILLAGE });

  let r = await as(ctx.app, s.township, 'POST', '/api/assistance/assignments', { householdId: a.id, helperId: ids.clerk });
  assert.equal(r.json().code, 'ASSIST_HELPER_INVALID', 'not a helper account');
  r = await as(ctx.app, s.township, 'POST', '/api/assistance/assignments', { householdId: b.id, helperId: ids.helper });
  assert.equal(r.json().code, 'ASSIST_HELPER_INVALID', 'the helper’s village is another');
  r = await as(ctx.app, s.township, 'POST', '/api/assistance/assignments', { householdId: far.id, helperId: ids.farHelper });
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  for (const who of [s.clerk, s.helper, s.auditor, s.dept]) {
    r = await as(ctx.app, who, 'POST', '/api/assistance/assignments', { householdId: a.id, helperId: ids.helper });
    assert.equal(r.json().code, 'FORBIDDEN');
  }
  assert.equal((await as(ctx.app, s.township, 'POST', '/api/assistance/assignments', { householdId: b.id, helperId: ids.helper2 })).statusCode, 200);

  r = await as(ctx.app, s.township, 'GET', '/api/assistance/helpers?q=' + encodeURIComponent('王帮扶'));
  assert.deepEqual(r.json().map((h: { id: number }) => h.id), [ids.helper2]);
  assert.equal((await as(ctx.app, s.clerk, 'GET', '/api/assistance/helpers')).json().code, 'FORBIDDEN');

  // A file with wrong rows: each row's problem, nothing saved.
  const before = await count('assistance_assignments');
  const dup = await household();
  const wrong = await xlsx([
    ['帮扶责任人结对表'],
    ['户编号', '帮扶责任人账号', '帮扶责任人', '联系电话'],
    [a.no, names.helper, '', ''],
    ['NO-SUCH-HOUSEHOLD', names.helper, '', ''],
    [far.no, names.helper, '', ''],
    [dup.no, 'nosuchuser', '', ''],
    [dup.no, names.helper, '', ''],
    [b.no, names.clerk, '', ''],
    [b.no + 'x', '', '王帮扶', '13800009999'],
    ['', names.helper, '', ''],
  ]);
  r = await upload(s.township, wrong);
  assert.equal(r.statusCode, 400, r.body);
  assert.equal(r.json().code, 'ASSIST_FILE_ROWS');
  const rows = r.json().details.rows as { rowNo: number; column: string; zh: string }[];
  const on = (n: number) => rows.filter((e) => e.rowNo === n).map((e) => e.zh).join(' | ');
  assert.equal(on(3), '', 'a right row has no problem');
  assert.match(on(4), /NO-SUCH-HOUSEHOLD 不存在或不在您的管辖区域/);
  assert.match(on(5), /不存在或不在您的管辖区域/, 'another township’s household');
  assert.match(on(6), /账号 nosuchuser 不存在/);
  assert.match(on(7), /与第 6 行重复/);
  assert.match(on(8), /不是帮扶责任人/);
  assert.match(on(9), /不存在/);
  assert.match(on(9), /找不到姓名为 王帮扶、电话相符的帮扶责任人/);
  assert.match(on(10), /户编号为空/);
  assert.equal(await count('assistance_assignments'), before, 'nothing saved');

  r = await upload(s.township, Buffer.from('not a spreadsheet at all'), 'x.xlsx');
  assert.equal(r.statusCode, 400, r.body);
  r = await upload(s.township, await xlsx([['姓名'], ['张三']]));
  assert.equal(r.json().code, 'ASSIST_FILE_INVALID');

  // A right file: by account and by name + phone; the earlier pairing of b ended and kept.
  const good = await xlsx([
    ['户编号', '帮扶责任人账号', '帮扶责任人', '联系电话'],
    [a.no, names.helper, '', ''],
    [dup.no, '', '王帮扶', '138-0000-1111'],
  ]);
  r = await upload(s.township, good);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json(), { rows: 2, changed: 2 });
  r = await upload(s.township, good);
  assert.deepEqual(r.json(), { rows: 2, changed: 0 }, 'the same file again changes nothing');
  const cur = await ctx.db.selectFrom('assistance_assignments').select(['household_id', 'helper_id']).where('household_id', 'in', [a.id, dup.id]).where('ended_on', 'is', null).orderBy('household_id').execute();
  assert.deepEqual(cur.map((c) => c.helper_id), [ids.helper, ids.helper2]);

  for (const who of [s.clerk, s.helper, s.auditor]) assert.equal((await upload(who, good)).json().code, 'FORBIDDEN');
  r = await upload(s.otherTownship, good);
  assert.equal(r.json().code, 'ASSIST_FILE_ROWS', 'another township’s reviewer: the households are outside his area');
});

test('exports: overdue visits and warnings as .xlsx, scoped, refused to other roles and areas, audited', async () => {
  setClock('2026-09-01');
  const h = await household();
  await monitor(h.id);
  setClock('2026-06-01');
  await assign(h.id, ids.helper);
  setClock('2026-09-01');
  const rowsOf = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const out: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return out;
  };
  let r = await as(ctx.app, s.county, 'GET', '/api/assistance/overdue.xlsx');
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  let rows = await rowsOf(r.rawPayload);
  assert.equal(rows[0]![0], '户编号');
  assert.ok(rows.some((row) => row[0] === h.no), 'the overdue household is listed');
  assert.ok(!rows.flat().some((c) => /^\d{17}[\dX]$/.test(c) || /^1\d{10}$/.test(c)), 'no ID numbers or phones');

  r = await as(ctx.app, s.county, 'GET', '/api/assistance/warnings.xlsx?kind=no_work_measure');
  assert.equal(r.statusCode, 200, r.body);
  rows = await rowsOf(r.rawPayload);
  assert.ok(rows.some((row) => row[1] === h.no && row[0] === '有劳动能力无产业就业措施'));

  // Another township sees none of it; naming the township is refused; other roles refused.
  r = await as(ctx.app, s.otherTownship, 'GET', '/api/assistance/overdue.xlsx');
  assert.equal(r.statusCode, 200);
  assert.ok(!(await rowsOf(r.rawPayload)).some((row) => row[0] === h.no));
  assert.equal((await as(ctx.app, s.otherTownship, 'GET', `/api/assistance/overdue.xlsx?areaCode=${TOWNSHIP}`)).json().code, 'OUT_OF_SCOPE');
  assert.equal((await as(ctx.app, s.otherClerk, 'GET', `/api/assistance/warnings.xlsx?areaCode=${VILLAGE}`)).json().code, 'OUT_OF_SCOPE');
  assert.equal((await as(ctx.app, s.dept, 'GET', '/api/assistance/overdue.xlsx')).json().code, 'FORBIDDEN');
  assert.equal((await as(ctx.app, s.dept, 'GET', '/api/assistance/warnings.xlsx')).json().code, 'FORBIDDEN');
  // A helper: his own households only.
  r = await as(ctx.app, s.helper2, 'GET', '/api/assistance/overdue.xlsx');
  assert.ok(!(await rowsOf(r.rawPayload)).some((row) => row[0] === h.no));
  const audited = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'assistance.export').execute();
  assert.ok(audited.length >= 3);
  setClock('2026-03-02');
});
