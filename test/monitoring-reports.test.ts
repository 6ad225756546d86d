import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { withStepFiles } from './helpers/files.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { openZipEntry, zipEntries } from '../src/modules/imports/parse/zip.js';

/**
 * The monitoring chain's reports and screens' answers on a real database: which steps the caller may take
 * (allowedActions), the notice and 疑点 exports (.xlsx, no identifiers, scoped), the time per step by township.
 */
const VILLAGE = '140430103207'; // 大桥沟村, 新店镇
const TOWNSHIP = '140430103';
let OTHER_VILLAGE = '';
let OTHER_TOWNSHIP_VILLAGE = '';
let ctx: TestContext;
const s = {} as Record<'clerk' | 'otherClerk' | 'farClerk' | 'helper' | 'township' | 'otherTownship' | 'county' | 'otherCounty' | 'admin' | 'dept' | 'auditor', Session>;
const PHONE = '13912345678';
const ids: string[] = [];

const income = (wages: number, size = 2) => ({
  wages, business: 0, property: 0, transfers: 1200, insurancePayouts: 0, businessExpenses: 0,
  selfPaidMedical: 0, selfPaidSchooling: 0, selfPaidOther: 0, householdSize: size,
});
const okProblems = { food: false, education: false, medical: false, housing: false, water: false };
const setClock = (iso: string) => {
  ctx.config.clock = iso;
};

before(async () => {
  ctx = await buildTestContext({ FANGPIN_CLOCK: '2026-03-02T10:00:00+08:00' });
  await importAreas(ctx.db, null, '140431');
  OTHER_VILLAGE = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${TOWNSHIP}%`).where('code', '!=', VILLAGE).limit(1).executeTakeFirstOrThrow()).code;
  OTHER_TOWNSHIP_VILLAGE = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', '140430101%').limit(1).executeTakeFirstOrThrow()).code;
  const u = async (role: Parameters<typeof makeUser>[1]['role'], area: string) => login(ctx.app, (await makeUser(ctx, { role, area })).username);
  s.clerk = await u('village_clerk', VILLAGE);
  s.otherClerk = await u('village_clerk', OTHER_VILLAGE);
  s.farClerk = await u('village_clerk', OTHER_TOWNSHIP_VILLAGE);
  s.helper = await u('helper', VILLAGE);
  s.township = await u('township_reviewer', TOWNSHIP);
  s.otherTownship = await u('township_reviewer', '140430101');
  s.county = await u('county_reviewer', '140430');
  s.otherCounty = await u('county_reviewer', '140431');
  s.admin = await u('county_admin', '140430');
  s.dept = await u('dept_officer', '140430');
  s.auditor = await u('auditor', '140430');
});
after(() => ctx.close());

/** A household whose head has a rare character in his name, a phone and two ID numbers (remembered for the checks). */
async function household(village = VILLAGE, head = '张𠀀'): Promise<number> {
  const a = makeId({ gender: 'M' });
  const b = makeId({ gender: 'F', birth: '19820304' });
  ids.push(a, b);
  const res = await as(ctx.app, s.admin, 'POST', '/api/households', {
    householdNo: householdNo(),
    villageCode: village,
    category: 'exited',
    exitYear: 2019,
    phone: PHONE,
    members: [
      { idNumber: a, name: head, relation: 'head', labourCapacity: 'normal' },
      { idNumber: b, name: '李秀英', relation: 'spouse', labourCapacity: 'normal' },
    ],
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().id;
}

const get = async (who: Session, id: number) => (await as(ctx.app, who, 'GET', `/api/monitoring/cases/${id}`)).json();

async function step(who: Session, id: number, transition: string, body: object = {}) {
  const c = await get(s.county, id);
  const r = await as(ctx.app, who, 'POST', `/api/monitoring/cases/${id}/${transition}`, { version: c.version, ...(await withStepFiles(ctx.app, who, c.villageCode, body)) });
  return r;
}

async function openAt(village: string, clerk: Session, head?: string): Promise<number> {
  const h = await household(village, head);
  const r = await as(ctx.app, clerk, 'POST', '/api/monitoring/cases', { householdId: h, channel: 'inspection', clue: '家中老人突发重病' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().id;
}

/** Visit, comparison, appraisal: the case waits in its public notice. */
async function toNotice(id: number, clerk: Session, day: string) {
  for (const [who, t, body] of [
    [clerk, 'recordVisit', { visit: { visitedOn: day, income: income(5000), problems: okProblems, riskTypes: ['illness', 'disability'] } }],
    [s.county, 'recordComparison', { comparison: { finding: '医保数据显示自付医疗费 3.2 万元' } }],
    [clerk, 'recordAppraisal', { appraisal: { heldOn: day, participants: 20, result: 'agreed' } }],
  ] as [Session, string, object][]) {
    const r = await step(who, id, t, body);
    assert.equal(r.statusCode, 200, r.body);
  }
}

/** Every part of an .xlsx, inflated, as one text (a compressed file's bytes would hide any number). */
async function xlsxText(body: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fp-xlsx-'));
  const file = path.join(dir, 'x.xlsx');
  await fs.writeFile(file, body);
  try {
    let out = '';
    for (const [, e] of await zipEntries(file)) out += await text(await openZipEntry(file, e));
    return out;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

test('allowedActions: each person is told exactly the steps he may take now (role, area, level, state)', async () => {
  setClock('2026-03-02T10:00:00+08:00');
  const id = await openAt(VILLAGE, s.clerk);
  const actions = async (who: Session) => (await get(who, id)).allowedActions;
  assert.deepEqual(await actions(s.clerk), ['recordVisit']);
  assert.deepEqual(await actions(s.county), [], 'the county reviewer does not record the visit');
  assert.deepEqual(await actions(s.helper), [], 'a helper may read the case, not act');
  assert.deepEqual(await actions(s.township), []);
  assert.equal((await as(ctx.app, s.otherClerk, 'GET', `/api/monitoring/cases/${id}`)).json().code, 'OUT_OF_SCOPE');
  const r = await step(s.clerk, id, 'recordVisit', { visit: { visitedOn: '2026-03-02', income: income(5000), problems: okProblems, riskTypes: ['illness'] } });
  assert.deepEqual(r.json().allowedActions, [], 'the answer of a step says what the same person may do next');
  assert.deepEqual(await actions(s.county), ['returnToVisit', 'recordComparison']);
  assert.equal((await step(s.county, id, 'recordComparison', { comparison: { finding: '无' } })).statusCode, 200);
  assert.deepEqual(await actions(s.clerk), ['recordAppraisal']);
  assert.equal((await as(ctx.app, s.otherCounty, 'GET', `/api/monitoring/cases/${id}`)).json().code, 'OUT_OF_SCOPE');
  assert.deepEqual(await actions(s.admin), [], 'the administrator reads, the machine gives him no step');
  assert.equal((await step(s.clerk, id, 'recordAppraisal', { appraisal: { heldOn: '2026-03-02', participants: 9, result: 'agreed' } })).statusCode, 200);
  assert.deepEqual(await actions(s.clerk), ['recordNotice']);
  assert.deepEqual(await actions(s.auditor), []);
});

test('notice export: one case and the village’s cases in notice, .xlsx without ID numbers or phones; scoped', async () => {
  setClock('2026-03-09T10:00:00+08:00');
  const a = await openAt(VILLAGE, s.clerk, '王𠀀');
  const b = await openAt(VILLAGE, s.clerk, '赵四');
  await toNotice(a, s.clerk, '2026-03-09');
  await toNotice(b, s.clerk, '2026-03-09');
  const far = await openAt(OTHER_VILLAGE, s.otherClerk, '孙五');
  await toNotice(far, s.otherClerk, '2026-03-09');

  assert.deepEqual((await get(s.clerk, a)).allowedActions, ['recordNotice'], 'the notice form’s own checks wait for the form');
  assert.deepEqual((await get(s.township, a)).allowedActions, []);
  let r = await as(ctx.app, s.clerk, 'GET', `/api/monitoring/cases/${a}/notice.xlsx`);
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /attachment/);
  let body = await xlsxText(r.rawPayload);
  assert.ok(body.includes('王𠀀'), 'the head’s name, a rare character kept');
  assert.ok(body.includes('大桥沟'));
  assert.ok(body.includes('因病') && body.includes('因残'), 'risk types in words');
  assert.ok(body.includes('2026-03-09') && body.includes('2026-03-13'), 'the period: from the day it entered the notice, the policy’s 5 days');
  assert.ok(body.includes('异议'), 'where to object');
  for (const id of ids) assert.ok(!body.includes(id) && !body.includes(id.slice(-6)), 'no ID number, nor its end');
  assert.ok(!body.includes(PHONE) && !body.includes(PHONE.slice(-4)), 'no phone');
  assert.ok(!/3100|5000|人均|收入/.test(body), 'no income');

  r = await as(ctx.app, s.township, 'GET', `/api/monitoring/villages/${VILLAGE}/notice.xlsx`);
  assert.equal(r.statusCode, 200, r.body);
  body = await xlsxText(r.rawPayload);
  assert.ok(body.includes('王𠀀') && body.includes('赵四'), 'both of the village’s cases in notice');
  assert.ok(!body.includes('孙五'), 'not another village’s');
  for (const id of ids) assert.ok(!body.includes(id));
  assert.ok(!body.includes(PHONE));

  assert.equal((await as(ctx.app, s.otherClerk, 'GET', `/api/monitoring/cases/${a}/notice.xlsx`)).json().code, 'OUT_OF_SCOPE');
  assert.equal((await as(ctx.app, s.otherClerk, 'GET', `/api/monitoring/villages/${VILLAGE}/notice.xlsx`)).json().code, 'OUT_OF_SCOPE');
  assert.equal((await as(ctx.app, s.otherTownship, 'GET', `/api/monitoring/villages/${VILLAGE}/notice.xlsx`)).json().code, 'OUT_OF_SCOPE');
  assert.equal((await as(ctx.app, s.dept, 'GET', `/api/monitoring/cases/${a}/notice.xlsx`)).json().code, 'FORBIDDEN');
  const early = await openAt(VILLAGE, s.clerk, '陈𠀀');
  assert.equal((await as(ctx.app, s.clerk, 'GET', `/api/monitoring/cases/${early}/notice.xlsx`)).json().code, 'CASE_NO_NOTICE', 'no notice before its step');
  assert.equal((await as(ctx.app, s.clerk, 'GET', '/api/monitoring/villages/14043010320/notice.xlsx')).json().code, 'VALIDATION_FAILED');
  assert.equal((await as(ctx.app, s.clerk, 'GET', '/api/monitoring/cases/99999999/notice.xlsx')).json().code, 'CASE_NOT_FOUND');
  assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/monitoring/cases/${a}/notice.xlsx` })).statusCode, 401);
});

test('疑点 export: the same checks as the list, for the county and auditors, in their area only', async () => {
  // A monitored household far above the line: approve one case with a high income.
  setClock('2026-03-09T10:00:00+08:00');
  const id = await openAt(VILLAGE, s.clerk, '钱六');
  for (const [who, t, body] of [
    [s.clerk, 'recordVisit', { visit: { visitedOn: '2026-03-09', income: income(40000), problems: okProblems, riskTypes: ['illness'] } }],
    [s.county, 'recordComparison', { comparison: { finding: '无' } }],
    [s.clerk, 'recordAppraisal', { appraisal: { heldOn: '2026-03-09', participants: 20, result: 'agreed' } }],
  ] as [Session, string, object][]) assert.equal((await step(who, id, t, body)).statusCode, 200);
  setClock('2026-03-16T10:00:00+08:00');
  for (const [who, t, body] of [
    [s.clerk, 'recordNotice', { notice: { startOn: '2026-03-10', endOn: '2026-03-15', objections: [] } }],
    [s.township, 'townshipApprove', { township: {} }],
    [s.county, 'countyApprove', { county: { category: 'sudden_hardship' } }],
  ] as [Session, string, object][]) {
    const r = await step(who, id, t, body);
    assert.equal(r.statusCode, 200, r.body);
  }
  const list = (await as(ctx.app, s.county, 'GET', '/api/monitoring/suspects')).json();
  assert.ok(list.length >= 1);
  let r = await as(ctx.app, s.county, 'GET', '/api/monitoring/suspects.xlsx');
  assert.equal(r.statusCode, 200, r.body);
  const body = await xlsxText(r.rawPayload);
  assert.ok(body.includes('钱六') && body.includes('监测户人均纯收入超过监测范围'));
  for (const x of list) assert.ok(body.includes(x.detail.replace(/>/g, '&gt;')), `every item of the list: ${x.detail}`);
  for (const n of ids) assert.ok(!body.includes(n));
  assert.ok(!body.includes(PHONE));
  r = await as(ctx.app, s.auditor, 'GET', '/api/monitoring/suspects.xlsx');
  assert.equal(r.statusCode, 200);
  r = await as(ctx.app, s.otherCounty, 'GET', '/api/monitoring/suspects.xlsx');
  assert.equal(r.statusCode, 200);
  assert.ok(!(await xlsxText(r.rawPayload)).includes('钱六'), 'another county: only the header');
  for (const who of [s.township, s.clerk, s.dept, s.helper]) assert.equal((await as(ctx.app, who, 'GET', '/api/monitoring/suspects.xlsx')).json().code, 'FORBIDDEN');
});

test('time per step by township: cases, average and longest days, overdue, from the history; scoped', async () => {
  // A case in another township whose visit takes 5 calendar days (the visit’s limit is 2).
  setClock('2026-04-01T10:00:00+08:00');
  const id = await openAt(OTHER_TOWNSHIP_VILLAGE, s.farClerk, '周七');
  setClock('2026-04-06T10:00:00+08:00');
  assert.equal((await step(s.farClerk, id, 'recordVisit', { visit: { visitedOn: '2026-04-06', income: income(5000), problems: okProblems, riskTypes: ['illness'] } })).statusCode, 200);
  setClock('2026-04-07T10:00:00+08:00');
  assert.equal((await step(s.county, id, 'recordComparison', { comparison: { finding: '无' } })).statusCode, 200);

  let r = await as(ctx.app, s.county, 'GET', '/api/monitoring/step-times?from=2026-04-01&to=2026-04-30');
  assert.equal(r.statusCode, 200, r.body);
  const rows = r.json().rows as { townshipCode: string; step: string; cases: number; avgDays: number; maxDays: number; overdue: number; unit: string }[];
  const visit = rows.find((x) => x.townshipCode === '140430101000' && x.step === 'visit');
  assert.deepEqual(visit && { cases: visit.cases, avg: visit.avgDays, max: visit.maxDays, overdue: visit.overdue, unit: visit.unit }, { cases: 1, avg: 5, max: 5, overdue: 1, unit: 'calendar' });
  const cmp = rows.find((x) => x.townshipCode === '140430101000' && x.step === 'comparison');
  assert.deepEqual(cmp && { cases: cmp.cases, max: cmp.maxDays, overdue: cmp.overdue }, { cases: 1, max: 1, overdue: 0 });
  assert.ok(!rows.some((x) => x.townshipCode === '140430103000'), 'March’s steps are outside April');

  r = await as(ctx.app, s.county, 'GET', '/api/monitoring/step-times?from=2026-03-01&to=2026-04-30');
  assert.ok(r.json().rows.some((x: { townshipCode: string }) => x.townshipCode === '140430103000'));
  r = await as(ctx.app, s.township, 'GET', '/api/monitoring/step-times?from=2026-03-01&to=2026-04-30');
  assert.equal(r.statusCode, 200);
  assert.ok(r.json().rows.length > 0);
  assert.ok(r.json().rows.every((x: { townshipCode: string }) => x.townshipCode === '140430103000'), 'a township reviewer sees his township only');
  r = await as(ctx.app, s.otherCounty, 'GET', '/api/monitoring/step-times?from=2026-03-01&to=2026-04-30');
  assert.deepEqual(r.json().rows, []);
  for (const who of [s.clerk, s.helper, s.dept]) assert.equal((await as(ctx.app, who, 'GET', '/api/monitoring/step-times')).json().code, 'FORBIDDEN');
  r = await as(ctx.app, s.county, 'GET', '/api/monitoring/step-times?from=2026-05-01&to=2026-04-01');
  assert.equal(r.json().code, 'REPORT_DATES_ORDER');
  r = await as(ctx.app, s.county, 'GET', '/api/monitoring/step-times?from=2026-13-01');
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await as(ctx.app, s.county, 'GET', '/api/monitoring/step-times?from=%00');
  assert.equal(r.json().code, 'VALIDATION_FAILED');
});

test('a follow-up income form (帮扶回访) of a monitored household: scoped, checked, and judged by risk elimination', async () => {
  setClock('2026-03-09T10:00:00+08:00');
  const id = await openAt(VILLAGE, s.clerk, '吴八');
  await toNotice(id, s.clerk, '2026-03-09'); // income (5000 + 1200) / 2 = 3100, below the 6,000 line
  setClock('2026-03-16T10:00:00+08:00');
  for (const [who, t, body] of [
    [s.clerk, 'recordNotice', { notice: { startOn: '2026-03-10', endOn: '2026-03-15', objections: [] } }],
    [s.township, 'townshipApprove', { township: {} }],
    [s.county, 'countyApprove', { county: { category: 'sudden_hardship' } }],
  ] as [Session, string, object][]) assert.equal((await step(who, id, t, body)).statusCode, 200);
  const h = (await get(s.county, id)).householdId as number;
  const fresh = await household(VILLAGE, '郑九');

  setClock('2026-10-20T10:00:00+08:00');
  let r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/elimination`, { kind: 'assisted', clue: '务工收入稳定' });
  assert.deepEqual(r.json().details?.refusals?.map((x: { code: string }) => x.code), ['INCOME_BELOW_LINE'], r.body);

  const form = { recordedOn: '2026-10-19', income: income(20000) };
  assert.equal((await as(ctx.app, s.otherClerk, 'POST', `/api/monitoring/households/${h}/income`, form)).json().code, 'OUT_OF_SCOPE');
  for (const who of [s.dept, s.auditor, s.admin]) assert.equal((await as(ctx.app, who, 'POST', `/api/monitoring/households/${h}/income`, form)).json().code, 'FORBIDDEN');
  assert.equal((await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${fresh}/income`, form)).json().code, 'INCOME_NOT_MONITORED');
  r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/income`, { ...form, recordedOn: '2026-10-21' });
  assert.equal(r.json().code, 'CASE_STEP_INVALID');
  assert.match(r.json().message, /recordedOn/);
  r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/income`, { ...form, income: { ...form.income, wages: 'many' } });
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/income`, { ...form, recordedOn: '2026-10-1\u0000' });
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  let st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  assert.equal(st.latestPerCapita, 3100, 'nothing stored by the refused posts');

  r = await as(ctx.app, s.helper, 'POST', `/api/monitoring/households/${h}/income`, form);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().perCapitaNet, 10600, '(20000 + 1200) / 2, computed');
  st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  assert.equal(st.latestPerCapita, 10600);
  assert.deepEqual(st.eliminationRefusals, []);
  r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/elimination`, { kind: 'assisted', clue: '务工收入稳定' });
  assert.equal(r.statusCode, 200, r.body);
});

test('the test clock route exists only with FANGPIN_CLOCK_CONTROL=1', async () => {
  const r = await ctx.app.inject({ method: 'POST', url: '/api/test/clock', payload: { clock: '2030-01-01' } });
  assert.equal(r.statusCode, 404, r.body);
  assert.equal(ctx.config.clockControl, false);
  const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/api/test')));
});

test('inbox and area list: a page at a time, overdue first, with the counts of all the cases (no silent cap)', async () => {
  setClock('2026-05-01T10:00:00+08:00');
  await openAt(OTHER_VILLAGE, s.otherClerk, '早一');
  await openAt(OTHER_VILLAGE, s.otherClerk, '早二');
  setClock('2026-05-20T10:00:00+08:00');
  for (const n of ['晚一', '晚二', '晚三']) await openAt(OTHER_VILLAGE, s.otherClerk, n);
  const all = (await as(ctx.app, s.otherClerk, 'GET', '/api/monitoring/inbox?pageSize=500')).json();
  const total = all.counts.total as number;
  assert.equal(all.items.length, total, 'the whole list fits one page of 500');
  assert.ok(total >= 6, String(total));
  const overdue = all.items.filter((i: { urgency: string }) => i.urgency === 'overdue').length;
  assert.equal(all.counts.overdue, overdue);
  assert.ok(overdue >= 3);
  const ranks = all.items.map((i: { urgency: string }) => ({ overdue: 0, due_soon: 1, ok: 2 })[i.urgency]!);
  assert.deepEqual(ranks, [...ranks].sort(), 'overdue first, then due soon');

  let r = (await as(ctx.app, s.otherClerk, 'GET', '/api/monitoring/inbox?pageSize=2')).json();
  assert.equal(r.items.length, 2);
  assert.deepEqual({ page: r.page, pageSize: r.pageSize, total: r.counts.total, overdue: r.counts.overdue }, { page: 1, pageSize: 2, total, overdue }, 'the counts are of all, not of the page');
  assert.ok(r.items.every((i: { urgency: string }) => i.urgency === 'overdue'));
  const seen = new Set<number>();
  for (let page = 1; page <= Math.ceil(total / 2); page++) {
    r = (await as(ctx.app, s.otherClerk, 'GET', `/api/monitoring/inbox?pageSize=2&page=${page}`)).json();
    for (const i of r.items) seen.add(i.id);
  }
  assert.equal(seen.size, total, 'every case on some page, once');
  r = (await as(ctx.app, s.otherClerk, 'GET', '/api/monitoring/inbox?pageSize=2&page=999')).json();
  assert.deepEqual(r.items, []);
  assert.equal(r.counts.total, total);
  for (const bad of ['pageSize=0', 'pageSize=501', 'page=0', 'page=x', 'pageSize=%00']) {
    assert.equal((await as(ctx.app, s.otherClerk, 'GET', `/api/monitoring/inbox?${bad}`)).json().code, 'VALIDATION_FAILED', bad);
  }

  const area = (await as(ctx.app, s.township, 'GET', `/api/monitoring/cases?areaCode=${OTHER_VILLAGE}&pageSize=3`)).json();
  assert.equal(area.items.length, 3);
  assert.ok(area.counts.total >= total);
  const place = area.byPlace.find((p: { code: string }) => p.code === OTHER_VILLAGE);
  assert.equal(place.count, area.counts.total, 'by place: every case, not the page');
  const town = (await as(ctx.app, s.county, 'GET', '/api/monitoring/cases?pageSize=1')).json();
  assert.equal(town.items.length, 1);
  assert.equal(town.byPlace.reduce((a: number, p: { count: number }) => a + p.count, 0), town.counts.total);
  assert.ok(town.byPlace.every((p: { code: string }) => p.code.endsWith('000')), 'the county sees townships');
  assert.equal(Object.values(town.counts.byState as Record<string, number>).reduce((a, n) => a + n, 0), town.counts.total);
  assert.equal((await as(ctx.app, s.farClerk, 'GET', `/api/monitoring/cases?areaCode=${OTHER_VILLAGE}`)).json().code, 'OUT_OF_SCOPE');
});

test('each step is due by its own limit in the policy, and every list turns it orange then red', async () => {
  setClock('2026-06-01T10:00:00+08:00'); // a Monday
  const stepLimits = { visit: 3, comparison: 4, appraisal: 5, notice: 9, township_review: 6, county_approval: 7 };
  let r = await as(ctx.app, s.admin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-06-01', timeUnit: 'calendar', timeLimit: 60, stepLimits });
  assert.equal(r.statusCode, 200, r.body);
  const id = await openAt(VILLAGE, s.clerk, '冯十');
  const inList = async (who: Session, url: string) => (await as(ctx.app, who, 'GET', url)).json().items.find((i: { id: number }) => i.id === id);
  let c = await get(s.clerk, id);
  assert.deepEqual([c.stepDueOn, c.urgency, c.dueOn], ['2026-06-04', 'ok', '2026-07-31']);
  setClock('2026-06-02T10:00:00+08:00');
  for (const [who, url] of [[s.clerk, '/api/monitoring/inbox'], [s.township, '/api/monitoring/cases'], [s.county, '/api/monitoring/cases?pageSize=500']] as [Session, string][]) {
    assert.equal((await inList(who, url))?.urgency, 'due_soon', `${url}: two working days left`);
  }
  assert.equal((await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${c.householdId}`)).json().cases[0].urgency, 'due_soon', 'the household page too');
  setClock('2026-06-05T10:00:00+08:00');
  assert.equal((await inList(s.clerk, '/api/monitoring/inbox?pageSize=500'))?.urgency, 'overdue');
  assert.equal((await get(s.county, id)).urgency, 'overdue');
  r = await step(s.clerk, id, 'recordVisit', { visit: { visitedOn: '2026-06-05', income: income(5000), problems: okProblems, riskTypes: ['illness'] } });
  assert.equal(r.statusCode, 200, r.body);
  c = r.json();
  assert.deepEqual([c.state, c.stepDueOn, c.urgency], ['comparison', '2026-06-09', 'due_soon'], 'the comparison: its own 4 days from Friday; Monday and Tuesday are the 2 working days left');
  r = await step(s.county, id, 'recordComparison', { comparison: { finding: '无' } });
  assert.deepEqual([r.json().state, r.json().stepDueOn], ['appraisal', '2026-06-10']);
});
