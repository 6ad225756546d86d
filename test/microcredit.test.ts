import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { auditActionLabel } from '../src/modules/audit/catalogue.js';

/**
 * Microcredit (小额信贷) through the API on a real database: the county's limits, who may borrow, the due date,
 * repayments against the balance, one extension, overdue on a moved clock, the report's sums, and scope.
 */
const VILLAGE = '140430103207';
const TOWNSHIP = '140430103';
let OTHER_TOWNSHIP_VILLAGE = '';
let ctx: TestContext;
const s = {} as Record<'admin' | 'cityAdmin' | 'county' | 'township' | 'otherTownship' | 'clerk' | 'farClerk' | 'helper' | 'dept' | 'auditor' | 'otherCounty', Session>;

function setClock(iso: string) {
  ctx.config.clock = iso;
}

before(async () => {
  ctx = await buildTestContext({ FANGPIN_CLOCK: '2026-03-15T10:00:00+08:00' });
  await importAreas(ctx.db, null, '140431');
  OTHER_TOWNSHIP_VILLAGE = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', '140430101%').limit(1).executeTakeFirstOrThrow()).code;
  const u = async (role: Parameters<typeof makeUser>[1]['role'], area: string) => login(ctx.app, (await makeUser(ctx, { role, area })).username);
  s.admin = await u('county_admin', '140430');
  s.cityAdmin = await u('county_admin', '1404');
  s.county = await u('county_reviewer', '140430');
  s.township = await u('township_reviewer', TOWNSHIP);
  s.otherTownship = await u('township_reviewer', '140430101');
  s.clerk = await u('village_clerk', VILLAGE);
  s.farClerk = await u('village_clerk', OTHER_TOWNSHIP_VILLAGE);
  s.helper = await u('helper', VILLAGE);
  s.dept = await u('dept_officer', '140430');
  s.auditor = await u('auditor', '140430');
  s.otherCounty = await u('county_reviewer', '140431');
});
after(() => ctx.close());

async function family(opts: { category?: 'exited' | 'monitored' | 'ordinary'; birth?: string; village?: string } = {}) {
  const category = opts.category ?? 'exited';
  const res = await as(ctx.app, s.admin, 'POST', '/api/households', {
    householdNo: householdNo(),
    villageCode: opts.village ?? VILLAGE,
    category,
    ...(category === 'exited' ? { exitYear: 2019 } : category === 'monitored' ? { monitoringType: 'marginal' } : {}),
    members: [{ idNumber: makeId({ gender: 'M', birth: opts.birth ?? '19800101' }), name: '赵四', relation: 'head', labourCapacity: 'normal' }],
  });
  assert.equal(res.statusCode, 200, res.body);
  return { householdId: res.json().id as number, memberId: res.json().members[0].id as number };
}

const loanBody = (f: { householdId: number; memberId: number }, extra: Record<string, unknown> = {}) => ({
  householdId: f.householdId, memberId: f.memberId, bank: '农村商业银行', amount: 30000, termMonths: 36, rate: 4.35, subsidized: true, subsidyRate: 4.35,
  purpose: '养殖肉牛', issuedOn: '2026-03-01', ...extra,
});
const lend = (who: Session, body: object) => as(ctx.app, who, 'POST', '/api/microcredit/loans', body);

test('limits: defaults 50,000 / 36 months, the county administrator’s own; amount and term refused over them', async () => {
  setClock('2026-03-15T10:00:00+08:00');
  let r = await as(ctx.app, s.clerk, 'GET', '/api/microcredit/settings');
  assert.deepEqual(r.json(), { countyCode: '140430', maxAmount: 50000, maxTermMonths: 36, custom: false });
  const f = await family();
  r = await lend(s.township, loanBody(f, { amount: 50000.01 }));
  assert.equal(r.json().code, 'MC_AMOUNT_OVER_LIMIT');
  r = await lend(s.township, loanBody(f, { termMonths: 37 }));
  assert.equal(r.json().code, 'MC_TERM_OVER_LIMIT');

  r = await as(ctx.app, s.township, 'POST', '/api/microcredit/settings', { maxAmount: 80000, maxTermMonths: 60 });
  assert.equal(r.json().code, 'FORBIDDEN');
  r = await as(ctx.app, s.cityAdmin, 'POST', '/api/microcredit/settings', { maxAmount: 80000, maxTermMonths: 60 });
  assert.equal(r.json().code, 'MC_SETTINGS_LEVEL');
  r = await as(ctx.app, s.admin, 'POST', '/api/microcredit/settings', { maxAmount: 80000, maxTermMonths: 60 });
  assert.equal(r.statusCode, 200, r.body);
  r = await lend(s.township, loanBody(f, { amount: 60000, termMonths: 48 }));
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().dueOn, '2030-03-01', 'issue date + term');
  r = await as(ctx.app, s.otherCounty, 'GET', '/api/microcredit/settings');
  assert.equal(r.json().maxAmount, 50000, 'another county keeps the defaults');
  r = await as(ctx.app, s.admin, 'POST', '/api/microcredit/settings', { maxAmount: 50000, maxTermMonths: 36 });
  assert.equal(r.statusCode, 200);
});

test('who may borrow; fields refused one by one; the due date at a month’s end', async () => {
  const ok = await family({ category: 'monitored' });
  const ordinary = await family({ category: 'ordinary' });
  const old = await family({ birth: '19580101' });
  let r = await lend(s.township, loanBody(ordinary));
  assert.equal(r.json().code, 'MC_HOUSEHOLD_NOT_ELIGIBLE');
  r = await lend(s.township, loanBody({ householdId: ok.householdId, memberId: old.memberId }));
  assert.equal(r.json().code, 'MC_BORROWER_INVALID', 'a member of another household');
  r = await lend(s.township, loanBody(old));
  assert.equal(r.json().code, 'MC_BORROWER_INVALID', 'over 65');
  assert.match(r.json().message, /68/);
  r = await lend(s.township, loanBody(ok, { subsidyRate: null }));
  assert.equal(r.json().code, 'MC_INVALID');
  r = await lend(s.township, loanBody(ok, { subsidized: false }));
  assert.equal(r.json().code, 'MC_INVALID', 'a subsidy rate on a loan without subsidy');
  r = await lend(s.township, loanBody(ok, { issuedOn: '2026-03-16' }));
  assert.equal(r.json().code, 'MC_INVALID', 'an issue date to come');
  r = await lend(s.township, loanBody(ok, { bank: '  ' }));
  assert.equal(r.json().code, 'MC_INVALID');
  r = await lend(s.township, loanBody(ok, { bank: 'a\u0000' }));
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await lend(s.township, loanBody(ok, { amount: -5 }));
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await lend(s.township, loanBody(ok, { householdId: 999999999 }));
  assert.equal(r.json().code, 'MC_HOUSEHOLD_NOT_FOUND');
  assert.equal((await ctx.db.selectFrom('microcredit_loans').select('id').where('household_id', 'in', [ok.householdId, ordinary.householdId, old.householdId]).execute()).length, 0, 'nothing saved');

  r = await lend(s.township, loanBody(ok, { issuedOn: '2026-01-31', termMonths: 1, bank: '𠀀村镇银行', subsidized: false, subsidyRate: undefined }));
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().dueOn, '2026-02-28');
  assert.equal(r.json().bank, '𠀀村镇银行');
  assert.equal(r.json().status, 'overdue', 'past its due day with its whole balance');

  const cands = (await as(ctx.app, s.township, 'GET', `/api/microcredit/borrowers?villageCode=${VILLAGE}`)).json() as { memberId: number; refusal: string | null }[];
  assert.equal(cands.find((c) => c.memberId === ok.memberId)?.refusal, null);
  assert.equal(cands.find((c) => c.memberId === ordinary.memberId)?.refusal, 'MC_HOUSEHOLD_NOT_ELIGIBLE');
  assert.equal(cands.find((c) => c.memberId === old.memberId)?.refusal, 'MC_BORROWER_INVALID');
});

test('repayments cannot exceed the balance; one extension; overdue on a moved clock; the report’s sums', async () => {
  setClock('2026-03-15T10:00:00+08:00');
  const f = await family();
  const loan = (await lend(s.township, loanBody(f, { amount: 10000, termMonths: 12, issuedOn: '2026-03-01' }))).json();
  assert.equal(loan.dueOn, '2027-03-01');
  assert.equal(loan.status, 'active');

  let r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2026-03-10', principal: 10000.01, interest: 0 });
  assert.equal(r.json().code, 'MC_REPAY_OVER_BALANCE');
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2026-02-28', principal: 100, interest: 0 });
  assert.equal(r.json().code, 'MC_INVALID', 'before the issue');
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2026-03-10', principal: 0, interest: 0 });
  assert.equal(r.json().code, 'MC_INVALID');
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2026-03-10', principal: 4000, interest: 36.25 });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().balance, 6000);
  assert.equal(r.json().interestPaid, 36.25);
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2026-03-12', principal: 6000.5, interest: 0 });
  assert.equal(r.json().code, 'MC_REPAY_OVER_BALANCE');
  assert.match(r.json().message, /6000/);

  // Due within 30 days: a warning; then past due: overdue.
  setClock('2027-02-10T10:00:00+08:00');
  r = await as(ctx.app, s.clerk, 'GET', `/api/microcredit/loans/${loan.id}`);
  assert.equal(r.json().status, 'due_soon');
  let warn = (await as(ctx.app, s.township, 'GET', '/api/microcredit/loans?status=warning&pageSize=200')).json();
  assert.ok(warn.items.some((l: { id: number }) => l.id === loan.id));
  setClock('2027-03-02T10:00:00+08:00');
  r = await as(ctx.app, s.clerk, 'GET', `/api/microcredit/loans/${loan.id}`);
  assert.equal(r.json().status, 'overdue');
  const overdue = (await as(ctx.app, s.township, 'GET', '/api/microcredit/loans?status=overdue&pageSize=200')).json();
  assert.ok(overdue.items.some((l: { id: number }) => l.id === loan.id));

  // The report by village (township user) and by township (county user): sums of the loans themselves.
  const rep = (await as(ctx.app, s.township, 'GET', '/api/microcredit/report')).json();
  const all = (await as(ctx.app, s.township, 'GET', '/api/microcredit/loans?pageSize=200')).json().items as { balance: number; status: string; amount: number; villageCode: string }[];
  const mine = all.filter((l) => l.villageCode === VILLAGE);
  const row = rep.rows.find((x: { areaCode: string }) => x.areaCode === VILLAGE);
  assert.equal(row.loans, mine.length);
  assert.equal(row.balance, Math.round(mine.reduce((a, l) => a + l.balance, 0) * 100) / 100);
  assert.equal(row.overdue, mine.filter((l) => l.status === 'overdue').length);
  assert.equal(row.overdueAmount, Math.round(mine.filter((l) => l.status === 'overdue').reduce((a, l) => a + l.balance, 0) * 100) / 100);
  assert.ok(row.overdue >= 2);
  const countyRep = (await as(ctx.app, s.county, 'GET', '/api/microcredit/report')).json();
  const town = countyRep.rows.find((x: { areaCode: string }) => x.areaCode === `${TOWNSHIP}000`);
  assert.equal(town.balance, rep.total.balance);
  assert.equal(town.overdueAmount, rep.total.overdueAmount);

  // Extension: once, later than now, at most 12 months after the original due date.
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/extension`, { newDueOn: '2028-03-02', reason: '受灾减产' });
  assert.equal(r.json().code, 'MC_EXTENSION_TOO_LONG');
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/extension`, { newDueOn: '2027-02-01', reason: '受灾减产' });
  assert.equal(r.json().code, 'MC_INVALID');
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/extension`, { newDueOn: '2027-09-01', reason: '受灾减产' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().dueOn, '2027-09-01');
  assert.equal(r.json().originalDueOn, '2027-03-01');
  assert.equal(r.json().status, 'active', 'no longer overdue');
  assert.equal(r.json().extension.reason, '受灾减产');
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/extension`, { newDueOn: '2027-10-01', reason: '再次' });
  assert.equal(r.json().code, 'MC_EXTENSION_USED');

  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2027-03-02', principal: 6000, interest: 20 });
  assert.equal(r.json().status, 'repaid');
  r = await as(ctx.app, s.township, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2027-03-02', principal: 1, interest: 0 });
  assert.equal(r.json().code, 'MC_LOAN_REPAID');
  assert.equal(r.statusCode, 409);
  const detail = (await as(ctx.app, s.auditor, 'GET', `/api/microcredit/loans/${loan.id}`)).json();
  assert.deepEqual(detail.repayments.map((x: { principal: number }) => x.principal), [4000, 6000]);
  warn = (await as(ctx.app, s.township, 'GET', '/api/microcredit/loans?status=repaid&pageSize=200')).json();
  assert.ok(warn.items.some((l: { id: number }) => l.id === loan.id));

  r = await as(ctx.app, s.auditor, 'GET', '/api/microcredit/report.xlsx');
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.rawPayload.subarray(0, 2).toString(), 'PK');
  const audited = await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'microcredit.%').execute();
  for (const a of ['microcredit.loan_create', 'microcredit.repay', 'microcredit.extend', 'microcredit.settings', 'microcredit.export']) {
    assert.ok(audited.some((x) => x.action === a), a);
  }
  setClock('2026-03-15T10:00:00+08:00');
});

test('scope: another area or a role without the permission is refused (read, list, write, export)', async () => {
  setClock('2026-03-15T10:00:00+08:00');
  const f = await family();
  const loan = (await lend(s.township, loanBody(f))).json();
  assert.ok(loan.id, JSON.stringify(loan));
  for (const who of [s.otherTownship, s.farClerk, s.otherCounty]) {
    let r = await as(ctx.app, who, 'GET', `/api/microcredit/loans/${loan.id}`);
    assert.equal(r.json().code, 'OUT_OF_SCOPE');
    r = await as(ctx.app, who, 'GET', '/api/microcredit/loans?pageSize=200');
    assert.ok(r.json().items.every((l: { villageCode: string }) => l.villageCode !== VILLAGE));
    r = await as(ctx.app, who, 'GET', '/api/microcredit/report');
    assert.ok(r.json().rows.every((x: { areaCode: string }) => !VILLAGE.startsWith(x.areaCode.replace(/0+$/, ''))));
  }
  let r = await as(ctx.app, s.otherTownship, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2026-03-10', principal: 100, interest: 0 });
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherTownship, 'POST', `/api/microcredit/loans/${loan.id}/extension`, { newDueOn: '2029-04-01', reason: '受灾' });
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await lend(s.otherTownship, loanBody(f));
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherTownship, 'GET', `/api/microcredit/borrowers?villageCode=${VILLAGE}`);
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherCounty, 'GET', '/api/microcredit/settings?countyCode=140430');
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherTownship, 'GET', `/api/microcredit/loans?areaCode=${VILLAGE}`);
  assert.equal(r.json().code, 'OUT_OF_SCOPE');

  for (const who of [s.helper, s.dept]) {
    for (const url of ['/api/microcredit/loans', `/api/microcredit/loans/${loan.id}`, '/api/microcredit/report', '/api/microcredit/report.xlsx']) {
      r = await as(ctx.app, who, 'GET', url);
      assert.equal(r.json().code, 'FORBIDDEN', url);
    }
  }
  for (const who of [s.clerk, s.auditor]) {
    r = await as(ctx.app, who, 'POST', `/api/microcredit/loans/${loan.id}/repayments`, { paidOn: '2026-03-10', principal: 100, interest: 0 });
    assert.equal(r.json().code, 'FORBIDDEN');
    r = await lend(who, loanBody(f));
    assert.equal(r.json().code, 'FORBIDDEN');
  }
  r = await as(ctx.app, s.clerk, 'GET', '/api/microcredit/loans');
  assert.ok(r.json().items.length > 0 && r.json().items.every((l: { villageCode: string }) => l.villageCode === VILLAGE), 'the clerk reads his village');
});

test('every audit entry these tests wrote has its words in the catalogue (refused attempts too)', async () => {
  const recorded = await ctx.db.selectFrom('audit_log').select('action').distinct().execute();
  const mine = recorded.filter((r) => /welfare|microcredit/.test(r.action));
  assert.ok(mine.length > 0);
  for (const r of mine) assert.ok(auditActionLabel(r.action) || r.action.startsWith('GET '), `no label for ${r.action}`);
});
