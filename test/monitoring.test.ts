import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { withStepFiles } from './helpers/files.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { openCase } from '../src/modules/monitoring/open-case.js';
import { verifyAuditChain } from '../src/modules/audit/repo.js';

/**
 * The monitoring chain through the API on a real database: policies, opening cases, the identification steps with
 * their roles and areas, the inbox, a household's status, risk elimination on a moving clock, and /apply.
 */
const VILLAGE = '140430103207'; // 大桥沟村, 新店镇
const TOWNSHIP = '140430103';
let OTHER_VILLAGE = ''; // same township
let OTHER_TOWNSHIP_VILLAGE = '';
let ctx: TestContext;
const s = {} as Record<
  'clerk' | 'otherClerk' | 'helper' | 'township' | 'otherTownship' | 'county' | 'otherCounty' | 'admin' | 'provinceAdmin' | 'cityAdmin' | 'dept' | 'auditor' | 'farClerk',
  Session
>;

const income = (wages: number, size = 2) => ({
  wages, business: 0, property: 0, transfers: 1200, insurancePayouts: 0, businessExpenses: 0,
  selfPaidMedical: 0, selfPaidSchooling: 0, selfPaidOther: 0, householdSize: size,
});
const okProblems = { food: false, education: false, medical: false, housing: false, water: false };

function setClock(iso: string) {
  ctx.config.clock = iso;
}

before(async () => {
  ctx = await buildTestContext({ FANGPIN_CLOCK: '2026-03-02T10:00:00+08:00' });
  await importAreas(ctx.db, null, '140431'); // 沁源县: another county
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
  s.provinceAdmin = await u('county_admin', '14');
  s.cityAdmin = await u('county_admin', '1404');
  s.dept = await u('dept_officer', '140430');
  s.auditor = await u('auditor', '140430');
});
after(() => ctx.close());

async function household(opts: { labour?: string; village?: string } = {}): Promise<number> {
  const res = await as(ctx.app, s.admin, 'POST', '/api/households', {
    householdNo: householdNo(),
    villageCode: opts.village ?? VILLAGE,
    category: 'exited',
    exitYear: 2019,
    members: [
      { idNumber: makeId({ gender: 'M' }), name: '张三', relation: 'head', labourCapacity: opts.labour ?? 'normal' },
      { idNumber: makeId({ gender: 'F', birth: '19820304' }), name: '李秀英', relation: 'spouse', labourCapacity: opts.labour ?? 'normal' },
    ],
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().id;
}

async function open(who: Session, householdId: number, channel: 'inspection' | 'hotline' = 'inspection') {
  return as(ctx.app, who, 'POST', '/api/monitoring/cases', { householdId, channel, clue: '家中老人突发重病，医疗支出大', ...(channel === 'hotline' ? { hotline: '12317' } : {}) });
}

async function caseOf(id: number) {
  return (await as(ctx.app, s.county, 'GET', `/api/monitoring/cases/${id}`)).json();
}

/** The forms of each step, valid on the test's clock (2026-03-02 onwards). */
const FORMS: Record<string, (today: string) => object> = {
  recordVisit: (today) => ({ visit: { visitedOn: today, income: income(5000), problems: okProblems, riskTypes: ['illness'] } }),
  returnToVisit: () => ({ reason: '收入数据与医保数据不符' }),
  recordComparison: () => ({ comparison: { finding: '医保数据显示自付医疗费 3.2 万元' } }),
  recordAppraisal: (today) => ({ appraisal: { heldOn: today, participants: 23, result: 'agreed' } }),
  recordNotice: () => ({ notice: { startOn: '2026-03-03', endOn: '2026-03-07', objections: [] } }),
  townshipApprove: () => ({ township: { opinion: '同意' } }),
  townshipReturn: () => ({ reason: '公示照片缺失' }),
  countyApprove: () => ({ county: { category: 'sudden_hardship' } }),
  countyReturn: () => ({ reason: '请乡镇复核' }),
  countyReject: () => ({ reason: '收入高于监测范围' }),
};

async function step(who: Session, id: number, transition: string, body: object = FORMS[transition]!(today())) {
  const c = await caseOf(id);
  return as(ctx.app, who, 'POST', `/api/monitoring/cases/${id}/${transition}`, { version: c.version, ...(await withStepFiles(ctx.app, who, c.villageCode, body)) });
}

function today(): string {
  return new Date(new Date(ctx.config.clock!).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

test('policy: the national default, then the province’s, then the county’s; versions; only province or county administrators', async () => {
  let r = await as(ctx.app, s.clerk, 'GET', '/api/policies/in-force');
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().monitoringLine, 6000);
  assert.equal(r.json().noticeDays, 5);
  assert.deepEqual(r.json().categories.map((c: { zh: string }) => c.zh), ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户']);

  r = await as(ctx.app, s.provinceAdmin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-01-01', monitoringLine: 7800 });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().areaCode, '140000000000');
  r = await as(ctx.app, s.clerk, 'GET', '/api/policies/in-force');
  assert.equal(r.json().monitoringLine, 7800);
  assert.equal(r.json().stabilityMonths, 6, 'unset values come from the policy in force');

  r = await as(ctx.app, s.admin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-01-01', monitoringLine: 8000, timeUnit: 'working', timeLimit: 20 });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().version, 1);
  r = await as(ctx.app, s.admin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-02-01', monitoringLine: 8200 });
  assert.equal(r.json().version, 2);
  assert.equal(r.json().timeUnit, 'working', 'the county’s earlier version is the base of its next');
  r = await as(ctx.app, s.clerk, 'GET', '/api/policies/in-force');
  assert.equal(r.json().monitoringLine, 8200);
  r = await as(ctx.app, s.clerk, 'GET', '/api/policies/in-force?date=2026-01-15');
  assert.equal(r.json().monitoringLine, 8000, 'the version effective on that day');
  r = await as(ctx.app, s.otherCounty, 'GET', '/api/policies/in-force');
  assert.equal(r.json().monitoringLine, 7800, 'another county of the province: the province’s');

  r = await as(ctx.app, s.township, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-01-01', monitoringLine: 9000 });
  assert.equal(r.json().code, 'FORBIDDEN');
  r = await as(ctx.app, s.cityAdmin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-01-01', monitoringLine: 9000 });
  assert.equal(r.json().code, 'POLICY_LEVEL');
  r = await as(ctx.app, s.admin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-03-01', noticeDays: 10 });
  assert.equal(r.json().code, 'POLICY_INVALID', 'a notice step shorter than the notice days');
  r = await as(ctx.app, s.admin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-03-01', monitoringLine: -1 });
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await as(ctx.app, s.clerk, 'GET', '/api/policies');
  assert.equal(r.statusCode, 200);
  assert.ok(r.json().every((p: { areaCode: string }) => ['000000000000', '140000000000', '140430000000'].includes(p.areaCode)));
  // Back to a calendar-day county policy for the rest (version 3, in force from today).
  r = await as(ctx.app, s.admin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-03-01', monitoringLine: 8200, timeUnit: 'calendar', timeLimit: 15 });
  assert.equal(r.json().version, 3);
});

test('opening: by channel and role, in the area, one open case per household with its number named', async () => {
  const h = await household();
  let r = await open(s.clerk, h, 'hotline');
  assert.equal(r.json().code, 'CASE_CHANNEL_ROLE', 'a clerk does not enter hotline calls');
  r = await open(s.otherClerk, h);
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await open(s.auditor, h);
  assert.equal(r.json().code, 'FORBIDDEN');
  r = await open(s.clerk, h);
  assert.equal(r.statusCode, 200, r.body);
  const caseNo = r.json().caseNo;
  assert.match(caseNo, /^JC-140430-2026-\d{6}$/);
  r = await open(s.township, h, 'hotline');
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().code, 'CASE_OPEN_EXISTS');
  assert.ok(r.json().message.includes(caseNo), r.json().message);
  const h2 = await household();
  r = await open(s.township, h2, 'hotline');
  assert.equal(r.statusCode, 200, r.body);
  r = await open(s.helper, await household());
  assert.equal(r.statusCode, 200, r.body);
  // The department-warning channel is the same function, called by the screening module (no person).
  const w = await openCase(ctx, { kind: 'identification', channel: 'warning', householdId: await household(), clue: '医保自付超 2 万元' }, null);
  assert.match(w.caseNo, /^JC-140430-2026-/);
  await assert.rejects(openCase(ctx, { kind: 'identification', channel: 'warning', householdId: h2, clue: 'x' }, null), (e: { code?: string }) => e.code === 'CASE_OPEN_EXISTS');
});

test('identification: visit, comparison, appraisal, notice; the township returns, the clerk fixes; approved → monitored', async () => {
  setClock('2026-03-02T10:00:00+08:00');
  const h = await household();
  const id = (await open(s.clerk, h)).json().id;
  let c = await caseOf(id);
  assert.equal(c.state, 'visit');
  assert.equal(c.dueOn, '2026-03-17', '15 calendar days from the first clue');
  assert.equal(c.stepDueOn, '2026-03-04');

  let r = await step(s.clerk, id, 'recordVisit', { visit: { visitedOn: '2026-03-02', income: { ...income(5000), wages: -1 }, problems: okProblems, riskTypes: ['illness'] } });
  assert.equal(r.json().code, 'VALIDATION_FAILED', 'a negative income');
  r = await step(s.clerk, id, 'recordVisit', { visit: { visitedOn: '2026-03-09', income: income(5000), problems: okProblems, riskTypes: ['illness'] } });
  assert.equal(r.json().code, 'CASE_STEP_INVALID', 'a visit after today');
  r = await step(s.clerk, id, 'recordVisit', { visit: { visitedOn: '2026-03-02', income: income(5000), problems: okProblems, riskTypes: ['a', 'b', 'c', 'd', 'e', 'f'] } });
  assert.equal(r.json().code, 'VALIDATION_FAILED', 'more than five risk types');
  r = await step(s.clerk, id, 'recordVisit', { visit: { visitedOn: '2026-03-02', income: income(5000), problems: okProblems, riskTypes: ['illness'], authorisation: [] } });
  assert.equal(r.json().code, 'CASE_STEP_INVALID', 'no signed authorisation');
  assert.match(r.json().message, /visit\.authorisation/);
  r = await step(s.clerk, id, 'recordComparison');
  assert.equal(r.json().code, 'TRANSITION_ROLE', 'nothing skipped: the comparison is not the clerk’s');
  r = await step(s.county, id, 'recordComparison');
  assert.equal(r.json().code, 'TRANSITION_NOT_ALLOWED', 'nothing skipped: the visit comes first');
  assert.equal((await caseOf(id)).state, 'visit', 'refused steps leave the case as it was');

  r = await step(s.clerk, id, 'recordVisit');
  assert.equal(r.statusCode, 200, r.body);
  c = r.json();
  assert.equal(c.state, 'comparison');
  assert.equal(c.steps.visit.incomeFigures.perCapitaNet, 3100, '(5000 + 1200) / 2, computed');
  assert.equal(c.steps.visit.belowLine, true);
  r = await step(s.county, id, 'returnToVisit', {});
  assert.equal(r.json().code, 'TRANSITION_REFUSED', 'a return needs a reason');
  r = await step(s.county, id, 'returnToVisit');
  assert.equal(r.json().state, 'visit');
  assert.equal(r.json().returnedReason, '收入数据与医保数据不符');
  r = await step(s.clerk, id, 'recordVisit');
  assert.equal(r.json().state, 'comparison');
  assert.equal(r.json().returnedReason, null);
  r = await step(s.county, id, 'recordComparison');
  assert.equal(r.json().state, 'appraisal', r.body);
  r = await step(s.clerk, id, 'recordAppraisal');
  assert.equal(r.json().state, 'notice', r.body);

  r = await step(s.clerk, id, 'recordNotice', { notice: { startOn: '2026-03-03', endOn: '2026-03-05', objections: [] } });
  assert.equal(r.json().code, 'TRANSITION_REFUSED');
  assert.match(r.json().message, /少于政策规定的 5 天/);
  r = await step(s.clerk, id, 'recordNotice', { notice: { startOn: '2026-03-05', endOn: '2026-03-03', objections: [] } });
  assert.equal(r.json().code, 'CASE_STEP_INVALID', 'dates out of order');
  r = await step(s.clerk, id, 'recordNotice');
  assert.equal(r.json().code, 'TRANSITION_REFUSED', 'the notice is not over yet');
  setClock('2026-03-08T09:00:00+08:00');
  r = await step(s.clerk, id, 'recordNotice', { notice: { startOn: '2026-03-03', endOn: '2026-03-07', objections: [{ text: '该户有私家车', answer: '经核实为亲属所有' }] } });
  assert.equal(r.json().state, 'township_review', r.body);

  r = await step(s.township, id, 'townshipReturn', { reason: '' });
  assert.equal(r.json().code, 'TRANSITION_REFUSED');
  r = await step(s.township, id, 'townshipReturn');
  assert.equal(r.json().state, 'notice');
  assert.equal(r.json().returnedReason, '公示照片缺失');
  const inbox = (await as(ctx.app, s.clerk, 'GET', '/api/monitoring/inbox')).json();
  const mine = inbox.items.find((i: { id: number }) => i.id === id);
  assert.equal(mine.returnedReason, '公示照片缺失', 'the reason is shown to whoever must act');
  r = await step(s.clerk, id, 'recordNotice', { notice: { startOn: '2026-03-03', endOn: '2026-03-07', objections: [] } });
  assert.equal(r.json().state, 'township_review');
  r = await step(s.township, id, 'townshipApprove');
  assert.equal(r.json().state, 'county_approval');
  r = await step(s.county, id, 'countyApprove', { county: { category: 'nonsense' } });
  assert.equal(r.json().code, 'CASE_STEP_INVALID');
  r = await step(s.county, id, 'countyApprove');
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().state, 'approved');
  assert.equal(r.json().outcome, 'approved');
  assert.ok(r.json().closedAt);

  const st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  assert.equal(st.state, 'monitored');
  assert.equal(st.category.zh, '突发严重困难户');
  assert.deepEqual(st.riskTypes.map((x: { zh: string }) => x.zh), ['因病']);
  assert.equal(st.since, '2026-03-08');
  assert.equal(st.cardColour, 'red', 'monitored, income below the line');
  // The registry agrees with the chain: the roll's 监测对象类别 is the approved category, the timeline names the case.
  const reg = (await as(ctx.app, s.clerk, 'GET', `/api/households/${h}`)).json();
  assert.equal(reg.monitoringType, 'sudden_hardship');
  assert.notEqual(reg.category, 'ordinary');
  const timeline = (await as(ctx.app, s.clerk, 'GET', `/api/households/${h}/history`)).json();
  const decided = (timeline.items ?? timeline).find((e: { action: string }) => e.action === 'monitoring_start');
  assert.ok(decided, 'the household timeline shows the county decision');
  assert.match(JSON.stringify(decided.summary), /JC-140430-2026-/);
  const history = st.cases[0].history;
  assert.deepEqual(
    history.map((x: { transition: string }) => x.transition),
    ['open', 'recordVisit', 'returnToVisit', 'recordVisit', 'recordComparison', 'recordAppraisal', 'recordNotice', 'townshipReturn', 'recordNotice', 'townshipApprove', 'countyApprove'],
  );
  assert.ok(history.every((x: { by: string | null; at: string }) => x.by && x.at), 'who did each and when');

  // Every transition audited with before and after; the chain still verifies.
  const audits = await ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('target_type', '=', 'monitoring_case').where('target_id', '=', String(id)).orderBy('seq').execute();
  assert.equal(audits.length, history.length);
  const approve = audits.at(-1)!.detail as { before: { state: string }; after: { state: string } };
  assert.equal(approve.before.state, 'county_approval');
  assert.equal(approve.after.state, 'approved');
  assert.equal((await verifyAuditChain(ctx.db)).ok, true);

  // A policy changed afterwards does not rewrite the closed case.
  const before = await caseOf(id);
  assert.equal((await as(ctx.app, s.admin, 'POST', '/api/policies', { year: 2026, effectiveFrom: '2026-03-08', noticeDays: 6, stepLimits: { notice: 7 } })).statusCode, 200);
  const afterChange = await caseOf(id);
  assert.equal(afterChange.policyId, before.policyId);
  assert.deepEqual(afterChange.steps, before.steps);
});

/** Drives a fresh case to `state` by the right people. */
async function caseAt(state: string): Promise<number> {
  setClock('2026-03-09T10:00:00+08:00');
  const id = (await open(s.clerk, await household())).json().id;
  const path: [Session, string, object?][] = [
    [s.clerk, 'recordVisit'],
    [s.county, 'recordComparison'],
    [s.clerk, 'recordAppraisal', { appraisal: { heldOn: '2026-03-09', participants: 20, result: 'agreed' } }],
    [s.clerk, 'recordNotice', { notice: { startOn: '2026-03-10', endOn: '2026-03-15', objections: [] } }],
    [s.township, 'townshipApprove'],
  ];
  const order = ['visit', 'comparison', 'appraisal', 'notice', 'township_review', 'county_approval'];
  for (let i = 0; i < order.indexOf(state); i++) {
    const [who, t, body] = path[i]!;
    if (t === 'recordNotice') setClock('2026-03-16T10:00:00+08:00');
    const r = await step(who, id, t, body);
    assert.equal(r.statusCode, 200, `${t}: ${r.body}`);
  }
  return id;
}

test('the permission matrix: every transition by every role, and the right role in the wrong area, refused', async () => {
  const RIGHT: Record<string, { from: string; who: keyof typeof s; wrongArea: (keyof typeof s)[] }> = {
    recordVisit: { from: 'visit', who: 'clerk', wrongArea: ['otherClerk', 'farClerk'] },
    returnToVisit: { from: 'comparison', who: 'county', wrongArea: ['otherCounty'] },
    recordComparison: { from: 'comparison', who: 'county', wrongArea: ['otherCounty'] },
    recordAppraisal: { from: 'appraisal', who: 'clerk', wrongArea: ['otherClerk'] },
    recordNotice: { from: 'notice', who: 'clerk', wrongArea: ['otherClerk'] },
    townshipApprove: { from: 'township_review', who: 'township', wrongArea: ['otherTownship'] },
    townshipReturn: { from: 'township_review', who: 'township', wrongArea: ['otherTownship'] },
    countyApprove: { from: 'county_approval', who: 'county', wrongArea: ['otherCounty'] },
    countyReturn: { from: 'county_approval', who: 'county', wrongArea: ['otherCounty'] },
    countyReject: { from: 'county_approval', who: 'county', wrongArea: ['otherCounty'] },
  };
  const everyone = Object.keys(s) as (keyof typeof s)[];
  for (const [transition, right] of Object.entries(RIGHT)) {
    const id = await caseAt(right.from);
    setClock('2026-03-16T10:00:00+08:00');
    const version = (await caseOf(id)).version;
    for (const who of everyone) {
      if (who === right.who) continue;
      const r = await step(s[who], id, transition);
      assert.equal(r.statusCode, 403, `${transition} by ${who}: ${r.body}`);
      if (right.wrongArea.includes(who)) assert.equal(r.json().code, 'OUT_OF_SCOPE', `${transition} by ${who}`);
    }
    assert.equal((await caseOf(id)).version, version, `${transition}: nothing written by the refused`);
    const body = transition === 'recordNotice' ? { notice: { startOn: '2026-03-10', endOn: '2026-03-15', objections: [] } } : undefined;
    const r = await step(s[right.who], id, transition, body);
    assert.equal(r.statusCode, 200, `${transition} by ${right.who}: ${r.body}`);
    // Reads are scoped too: another township's reviewer and another county cannot see the case.
    assert.equal((await as(ctx.app, s.otherTownship, 'GET', `/api/monitoring/cases/${id}`)).json().code, 'OUT_OF_SCOPE');
    assert.equal((await as(ctx.app, s.otherCounty, 'GET', `/api/monitoring/cases/${id}`)).json().code, 'OUT_OF_SCOPE');
  }
});

test('two reviewers at once: one wins, the other gets a clear conflict', async () => {
  const id = await caseAt('township_review');
  const version = (await caseOf(id)).version;
  const other = await login(ctx.app, (await makeUser(ctx, { role: 'township_reviewer', area: TOWNSHIP })).username);
  const [a, b] = await Promise.all([
    as(ctx.app, s.township, 'POST', `/api/monitoring/cases/${id}/townshipApprove`, { version, township: {} }),
    as(ctx.app, other, 'POST', `/api/monitoring/cases/${id}/townshipReturn`, { version, reason: '材料不全' }),
  ]);
  const codes = [a.statusCode, b.statusCode].sort();
  assert.deepEqual(codes, [200, 409], `${a.body} ${b.body}`);
  const loser = a.statusCode === 409 ? a : b;
  assert.equal(loser.json().code, 'STATE_CONFLICT');
  // A stale version is refused the same way.
  const r = await as(ctx.app, s.county, 'POST', `/api/monitoring/cases/${id}/countyApprove`, { version, county: { category: 'marginal' } });
  assert.equal(r.json().code, 'STATE_CONFLICT');
});

test('inbox and the area’s list: by step, overdue first, counts, scoped', async () => {
  setClock('2026-03-09T10:00:00+08:00');
  const late = (await open(s.clerk, await household())).json().id;
  setClock('2026-03-12T10:00:00+08:00');
  const fresh = (await open(s.clerk, await household())).json().id;
  let r = await as(ctx.app, s.clerk, 'GET', '/api/monitoring/inbox');
  assert.equal(r.statusCode, 200, r.body);
  const items = r.json().items as { id: number; urgency: string; state: string }[];
  const iLate = items.findIndex((i) => i.id === late);
  const iFresh = items.findIndex((i) => i.id === fresh);
  assert.equal(items[iLate]!.urgency, 'overdue', 'visit due 2026-03-11');
  assert.equal(items[iFresh]!.urgency, 'due_soon');
  assert.ok(iLate < iFresh, 'overdue first');
  assert.ok(items.every((i) => ['visit', 'appraisal', 'notice'].includes(i.state)));
  assert.ok(r.json().counts.overdue >= 1);
  assert.equal(r.json().counts.total, items.length);

  r = await as(ctx.app, s.otherClerk, 'GET', '/api/monitoring/inbox');
  assert.ok(!r.json().items.some((i: { id: number }) => i.id === late), 'another village’s clerk does not see it');
  r = await as(ctx.app, s.township, 'GET', '/api/monitoring/inbox');
  assert.ok(r.json().items.every((i: { state: string }) => i.state === 'township_review'));

  r = await as(ctx.app, s.county, 'GET', '/api/monitoring/cases?state=visit');
  assert.equal(r.statusCode, 200, r.body);
  assert.ok(r.json().items.some((i: { id: number }) => i.id === late));
  assert.ok(r.json().byPlace.some((p: { code: string; overdue: number }) => p.code === '140430103000' && p.overdue >= 1));
  r = await as(ctx.app, s.otherTownship, 'GET', '/api/monitoring/cases');
  assert.ok(!r.json().items.some((i: { id: number }) => i.id === late));
  r = await as(ctx.app, s.otherTownship, 'GET', `/api/monitoring/cases?areaCode=${TOWNSHIP}`);
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherCounty, 'GET', `/api/monitoring/households/${(await caseOf(late)).householdId}`);
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
});

async function approvedCase(wages: number, labour = 'normal', problems = okProblems): Promise<number> {
  setClock('2026-03-09T10:00:00+08:00');
  const h = await household({ labour });
  const id = (await open(s.clerk, h)).json().id;
  const visit = { visit: { visitedOn: '2026-03-09', income: income(wages), problems, riskTypes: ['illness'] } };
  for (const [who, t, body] of [
    [s.clerk, 'recordVisit', visit],
    [s.county, 'recordComparison'],
    [s.clerk, 'recordAppraisal', { appraisal: { heldOn: '2026-03-09', participants: 20, result: 'agreed' } }],
  ] as [Session, string, object?][]) {
    assert.equal((await step(who, id, t, body)).statusCode, 200);
  }
  setClock('2026-03-16T10:00:00+08:00');
  for (const [who, t, body] of [
    [s.clerk, 'recordNotice', { notice: { startOn: '2026-03-10', endOn: '2026-03-15', objections: [] } }],
    [s.township, 'townshipApprove'],
    [s.county, 'countyApprove'],
  ] as [Session, string, object?][]) {
    const r = await step(who, id, t, body);
    assert.equal(r.statusCode, 200, r.body);
  }
  return h;
}

test('risk elimination: refused with every reason while too early, allowed once the clock moves; then identified again', async () => {
  const h = await approvedCase(20000); // (20000 + 1200) / 2 = 10600, above the county's 8,200
  let st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  assert.equal(st.cardColour, 'yellow', 'monitored, income above the line');
  let r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/elimination`, { kind: 'assisted', clue: '务工收入稳定' });
  assert.equal(r.statusCode, 409, r.body);
  assert.equal(r.json().code, 'ELIMINATION_REFUSED');
  assert.deepEqual(r.json().details.refusals.map((x: { code: string }) => x.code), ['TOO_EARLY']);

  setClock('2026-09-16T10:00:00+08:00');
  r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/elimination`, { kind: 'assisted', clue: '务工收入稳定' });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(r.json().caseNo, /^XC-140430-2026-/);
  const id = r.json().id;
  assert.equal((await open(s.clerk, h)).json().code, 'CASE_OPEN_EXISTS');
  const visit = { visit: { visitedOn: '2026-09-16', income: income(20000), problems: okProblems, riskTypes: [] } };
  r = await step(s.clerk, id, 'recordVisit', visit);
  assert.equal(r.json().state, 'appraisal', 'elimination has no data comparison');
  r = await step(s.clerk, id, 'recordAppraisal', { appraisal: { heldOn: '2026-09-16', participants: 18, result: 'agreed' } });
  setClock('2026-09-28T10:00:00+08:00');
  r = await step(s.clerk, id, 'recordNotice', { notice: { startOn: '2026-09-17', endOn: '2026-09-23', objections: [] } });
  assert.equal(r.json().state, 'township_review', r.body);
  r = await step(s.township, id, 'townshipApprove');
  r = await step(s.county, id, 'countyApprove', {});
  assert.equal(r.json().state, 'approved', r.body);
  st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  assert.equal(st.state, 'eliminated');
  assert.equal(st.records[0].endKind, 'assisted');
  assert.equal(st.cardColour, 'green');
  const ended = (await as(ctx.app, s.clerk, 'GET', `/api/households/${h}/history`)).json();
  assert.ok((ended.items ?? ended).some((e: { action: string }) => e.action === 'monitoring_end'), 'the timeline shows the risk elimination');
  r = await open(s.clerk, h);
  assert.equal(r.statusCode, 200, 'an eliminated household can be identified again');
});

test('risk elimination refused for income below the line, an open problem, and no one able to work — all listed', async () => {
  const h = await approvedCase(5000, 'lost', { ...okProblems, housing: true });
  setClock('2026-12-01T10:00:00+08:00');
  const r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/elimination`, { kind: 'natural', clue: '复核' });
  assert.equal(r.statusCode, 409);
  assert.deepEqual(r.json().details.refusals.map((x: { code: string }) => x.code), ['INCOME_BELOW_LINE', 'PROBLEM_OPEN', 'NO_LABOUR']);
  assert.match(r.json().message, /社会保障兜底/);
  const st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  assert.ok(st.eliminationRefusals.some((x: { code: string }) => x.code === 'NO_LABOUR'), 'the household page says why it stays monitored');
  const notMonitored = await household();
  assert.equal((await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${notMonitored}/elimination`, { kind: 'natural', clue: 'x' })).json().code, 'ELIMINATION_REFUSED');
});

test('/apply: bad inputs refused with nothing stored, a case number, a look-up that reveals nothing to a wrong ID, throttling', async () => {
  setClock('2026-10-12T10:00:00+08:00');
  const post = (body: object, ip: string) => ctx.app.inject({ method: 'POST', url: '/api/apply', payload: body, remoteAddress: ip });
  const idNumber = makeId({ birth: '19700505' });
  const good = { name: '王五', idNumber, phone: '13800000000', villageCode: VILLAGE, description: '今年大病住院，自付医疗费较多', consent: true };
  const count = async () => Number((await ctx.db.selectFrom('monitoring_cases').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  let r = await post({ ...good, idNumber: idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1') }, '10.1.0.1');
  assert.equal(r.json().code, 'APPLY_ID_INVALID');
  r = await post({ ...good, villageCode: '140430103999' }, '10.1.0.1');
  assert.equal(r.json().code, 'APPLY_VILLAGE_UNKNOWN');
  r = await post({ ...good, consent: false }, '10.1.0.1');
  assert.equal(r.json().code, 'APPLY_CONSENT_REQUIRED');
  r = await post({ ...good, phone: 'abc' }, '10.1.0.1');
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  assert.equal(await count(), before, 'nothing stored from a refused post');

  r = await post(good, '10.1.0.2');
  assert.equal(r.statusCode, 200, r.body);
  const caseNo = r.json().caseNo;
  assert.match(caseNo, /^JC-140430-2026-/);
  const stored = await ctx.db.selectFrom('monitoring_cases').selectAll().where('case_no', '=', caseNo).executeTakeFirstOrThrow();
  assert.equal(stored.channel, 'self');
  assert.ok(!JSON.stringify(stored).includes(idNumber), 'the ID number is stored encrypted only');

  const lookup = (body: object) => ctx.app.inject({ method: 'POST', url: '/api/apply/lookup', payload: body, remoteAddress: '10.1.0.3' });
  r = await lookup({ caseNo, idNumber });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().state, 'visit');
  const wrong = await lookup({ caseNo, idNumber: makeId() });
  const missing = await lookup({ caseNo: 'JC-140430-2026-999999', idNumber });
  assert.equal(wrong.statusCode, 404);
  assert.deepEqual(wrong.json(), missing.json(), 'a wrong ID number and an unknown case answer alike');

  // A flood from one address is throttled, valid or not.
  const codes = [];
  for (let i = 0; i < 7; i++) codes.push((await post({ ...good, consent: false }, '10.1.0.9')).statusCode);
  assert.deepEqual(codes.slice(0, 5), [400, 400, 400, 400, 400]);
  assert.deepEqual(codes.slice(5), [429, 429]);
  // And one ID number from many addresses.
  const other = { ...good, idNumber: makeId({ birth: '19650101' }) };
  const byId = [];
  for (let i = 0; i < 4; i++) byId.push((await post(other, `10.2.0.${i}`)).statusCode);
  assert.deepEqual(byId, [200, 200, 200, 429]);
});

test('a self-declaration no household matched: the clerk links the household at the visit; the link stays in the village', async () => {
  setClock('2026-10-12T10:00:00+08:00');
  const post = (body: object) => ctx.app.inject({ method: 'POST', url: '/api/apply', payload: body, remoteAddress: '10.3.0.1' });
  const r = await post({ name: '赵六', idNumber: makeId({ birth: '19900909' }), phone: '13700000000', villageCode: VILLAGE, description: '房屋漏雨', consent: true });
  assert.equal(r.statusCode, 200, r.body);
  const c = await ctx.db.selectFrom('monitoring_cases').select(['id', 'household_id']).where('case_no', '=', r.json().caseNo).executeTakeFirstOrThrow();
  assert.equal(c.household_id, null);
  const inbox = (await as(ctx.app, s.clerk, 'GET', '/api/monitoring/inbox')).json();
  assert.ok(inbox.items.some((i: { id: number }) => i.id === c.id), 'the village clerk has it to do');
  const visit = (householdId?: number) => ({ visit: { visitedOn: '2026-10-12', ...(householdId ? { householdId } : {}), income: income(3000), problems: { ...okProblems, housing: true }, riskTypes: ['housing'] } });
  let v = await step(s.clerk, c.id, 'recordVisit', visit());
  assert.equal(v.json().code, 'CASE_HOUSEHOLD_REQUIRED');
  v = await step(s.clerk, c.id, 'recordVisit', visit(await household({ village: OTHER_VILLAGE })));
  assert.equal(v.json().code, 'CASE_STEP_INVALID', 'a household of another village');
  const busy = await household();
  assert.equal((await open(s.clerk, busy)).statusCode, 200);
  v = await step(s.clerk, c.id, 'recordVisit', visit(busy));
  assert.equal(v.json().code, 'CASE_OPEN_EXISTS', 'a household that already has an open case');
  const h = await household();
  v = await step(s.clerk, c.id, 'recordVisit', visit(h));
  assert.equal(v.statusCode, 200, v.body);
  assert.equal(v.json().householdId, h);
  const st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  assert.equal(st.underCase.id, c.id);
});

test('the public notice shows no personal identifiers; the suspect-data checks, for the county only', async () => {
  const h = await approvedCase(40000); // (40000 + 1200) / 2 = 20600: at least twice the county's 8,200
  const st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  const caseId = st.cases[0].id;
  const r = await as(ctx.app, s.clerk, 'GET', `/api/monitoring/cases/${caseId}/notice`);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().villageName.includes('大桥沟'), true);
  assert.equal(r.json().headName, '张三');
  assert.deepEqual(r.json().riskTypes.map((x: { zh: string }) => x.zh), ['因病']);
  const hh = (await as(ctx.app, s.admin, 'GET', `/api/households/${h}`)).json();
  assert.equal(hh.members.length, 2);
  for (const m of hh.members) assert.ok(!r.body.includes(m.idMasked), 'no ID number, even masked');
  assert.ok(!r.body.includes('****'));
  assert.ok(!/138|139|phone|income|perCapita/i.test(r.body));
  assert.equal((await as(ctx.app, s.otherClerk, 'GET', `/api/monitoring/cases/${caseId}/notice`)).json().code, 'OUT_OF_SCOPE');

  let sus = await as(ctx.app, s.county, 'GET', '/api/monitoring/suspects');
  assert.equal(sus.statusCode, 200, sus.body);
  assert.ok(sus.json().some((x: { kind: string; householdId: number }) => x.kind === 'monitored_far_above_line' && x.householdId === h));
  sus = await as(ctx.app, s.auditor, 'GET', '/api/monitoring/suspects');
  assert.equal(sus.statusCode, 200);
  assert.equal((await as(ctx.app, s.township, 'GET', '/api/monitoring/suspects')).json().code, 'FORBIDDEN');
  sus = await as(ctx.app, s.otherCounty, 'GET', '/api/monitoring/suspects');
  assert.deepEqual(sus.json(), [], 'another county sees none of ours');
});

test('risk elimination is judged again at the county: a visit finding income below the line stops the approval', async () => {
  const h = await approvedCase(20000);
  setClock('2026-10-20T10:00:00+08:00');
  let r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/households/${h}/elimination`, { kind: 'natural', clue: '收入稳定' });
  assert.equal(r.statusCode, 200, r.body);
  const id = r.json().id;
  r = await step(s.clerk, id, 'recordVisit', { visit: { visitedOn: '2026-10-20', income: income(3000), problems: okProblems, riskTypes: [] } });
  assert.equal(r.json().state, 'appraisal');
  await step(s.clerk, id, 'recordAppraisal', { appraisal: { heldOn: '2026-10-20', participants: 15, result: 'agreed' } });
  setClock('2026-10-27T10:00:00+08:00');
  // The county's notice is 6 days since its 8 March version (the identification test published it).
  assert.equal((await step(s.clerk, id, 'recordNotice', { notice: { startOn: '2026-10-21', endOn: '2026-10-26', objections: [] } })).statusCode, 200);
  assert.equal((await step(s.township, id, 'townshipApprove')).statusCode, 200);
  r = await step(s.county, id, 'countyApprove', {});
  assert.equal(r.json().code, 'TRANSITION_REFUSED');
  assert.deepEqual(r.json().details.refusals.map((x: { code: string }) => x.code), ['INCOME_BELOW_LINE']);
  r = await step(s.county, id, 'countyReject');
  assert.equal(r.json().state, 'rejected');
  const st = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/households/${h}`)).json();
  assert.equal(st.state, 'monitored');
  assert.equal(st.cardColour, 'red', 'monitored, the latest income below the line');
});
