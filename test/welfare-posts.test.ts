import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { auditActionLabel } from '../src/modules/audit/catalogue.js';

/**
 * Public-welfare posts (公益岗位) through the API on a real database: posts, the hiring rules (one refusal code each),
 * places, dates, pay (idempotent, all or nothing), exit, the report and its .xlsx, and scope by area and role.
 */
const VILLAGE = '140430103207'; // 大桥沟村, 新店镇
const TOWNSHIP = '140430103';
let OTHER_TOWNSHIP_VILLAGE = '';
let ctx: TestContext;
const s = {} as Record<'admin' | 'county' | 'township' | 'otherTownship' | 'clerk' | 'farClerk' | 'helper' | 'dept' | 'auditor' | 'otherCounty', Session>;

before(async () => {
  ctx = await buildTestContext({ FANGPIN_CLOCK: '2026-03-15T10:00:00+08:00' });
  await importAreas(ctx.db, null, '140431');
  OTHER_TOWNSHIP_VILLAGE = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', '140430101%').limit(1).executeTakeFirstOrThrow()).code;
  const u = async (role: Parameters<typeof makeUser>[1]['role'], area: string) => login(ctx.app, (await makeUser(ctx, { role, area })).username);
  s.admin = await u('county_admin', '140430');
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

/** A household of the village; its head's member id. */
async function person(opts: { category?: 'exited' | 'monitored' | 'ordinary'; labour?: string | null; village?: string } = {}): Promise<{ memberId: number; householdId: number }> {
  const category = opts.category ?? 'exited';
  const res = await as(ctx.app, s.admin, 'POST', '/api/households', {
    householdNo: householdNo(),
    villageCode: opts.village ?? VILLAGE,
    category,
    ...(category === 'exited' ? { exitYear: 2019 } : category === 'monitored' ? { monitoringType: 'marginal' } : {}),
    members: [{ idNumber: makeId({ gender: 'M' }), name: '王二', relation: 'head', ...(opts.labour === null ? {} : { labourCapacity: opts.labour ?? 'normal' }) }],
  });
  assert.equal(res.statusCode, 200, res.body);
  return { memberId: res.json().members[0].id, householdId: res.json().id };
}

async function post(body: Record<string, unknown> = {}, who = s.township) {
  return as(ctx.app, who, 'POST', '/api/welfare-posts', { villageCode: VILLAGE, postType: 'cleaner', name: '村道保洁', monthlySubsidy: 500, places: 2, startsOn: '2026-01-01', ...body });
}

const hireOn = (who: Session, postId: number, memberId: number, hiredOn = '2026-02-01') => as(ctx.app, who, 'POST', `/api/welfare-posts/${postId}/hires`, { memberId, hiredOn });

test('a post: created by the township, bad dates and odd strings refused per field', async () => {
  let r = await post({ name: '𠀀村护林', postType: 'forest_ranger' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().name, '𠀀村护林');
  assert.equal(r.json().freePlaces, 2);
  assert.equal(r.json().villageName, '大桥沟村委会');

  r = await post({ startsOn: '2026-05-01', endsOn: '2026-04-30' });
  assert.equal(r.json().code, 'WP_INVALID');
  assert.match(r.json().message, /endsOn/);
  r = await post({ name: 'a\u0000b' });
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await post({ monthlySubsidy: 0 });
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await post({ startsOn: '2026-02-30' });
  assert.equal(r.json().code, 'VALIDATION_FAILED');
  r = await post({ villageCode: '140430103000' });
  assert.equal(r.json().code, 'WP_INVALID', 'a township is not a village');
  r = await post({ villageCode: OTHER_TOWNSHIP_VILLAGE });
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await post({}, s.clerk);
  assert.equal(r.json().code, 'FORBIDDEN', 'a village clerk reads, does not set posts');
});

test('hiring: the rules, each with its own refusal; places; one post per person; exit frees the place', async () => {
  const p = (await post()).json();
  const other = (await post({ name: '护林', postType: 'forest_ranger', places: 5 })).json();
  const a = await person();
  const b = await person({ category: 'monitored', labour: 'weak' });
  const c = await person();

  let r = await hireOn(s.township, p.id, a.memberId);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().hiredOn, '2026-02-01');

  r = await hireOn(s.township, other.id, a.memberId);
  assert.equal(r.json().code, 'WP_ALREADY_ON_POST', 'a second post for the same person');
  assert.match(r.json().message, /村道保洁/);
  r = await hireOn(s.township, p.id, a.memberId);
  assert.equal(r.json().code, 'WP_ALREADY_ON_POST');

  const ordinary = await person({ category: 'ordinary' });
  r = await hireOn(s.township, p.id, ordinary.memberId);
  assert.equal(r.json().code, 'WP_HOUSEHOLD_NOT_ELIGIBLE', 'an ordinary household not monitored');

  // An ordinary household of the registry that a monitoring record covers now is eligible.
  const policyId = (await ctx.db.selectFrom('monitoring_policies').select('id').limit(1).executeTakeFirstOrThrow()).id;
  const caseId = (
    await sql<{ id: number }>`insert into monitoring_cases (case_no, kind, household_id, village_code, channel, clue, state, policy_id, opened_at, due_on, step_started_on, step_due_on)
      values (${'T' + ordinary.householdId}, 'identification', ${ordinary.householdId}, ${VILLAGE}, 'inspection', '测试', 'closed', ${policyId}, now(), '2026-03-01', '2026-03-01', '2026-03-01') returning id`.execute(ctx.db)
  ).rows[0]!.id;
  await sql`insert into monitoring_records (household_id, case_id, category, risk_types, since) values (${ordinary.householdId}, ${caseId}, 'marginal', '[]', '2026-03-01')`.execute(ctx.db);

  const lost = await person({ labour: 'lost' });
  r = await hireOn(s.township, p.id, lost.memberId);
  assert.equal(r.json().code, 'WP_LABOUR_INSUFFICIENT');
  assert.match(r.json().message, /丧失劳动力/);
  const unknownLabour = await person({ labour: null });
  r = await hireOn(s.township, p.id, unknownLabour.memberId);
  assert.equal(r.json().code, 'WP_LABOUR_INSUFFICIENT');

  const dead = await person();
  await ctx.db.updateTable('members').set({ status: 'deceased', status_date: '2026-03-01' }).where('id', '=', dead.memberId).execute();
  r = await hireOn(s.township, p.id, dead.memberId);
  assert.equal(r.json().code, 'WP_MEMBER_INACTIVE');

  const elsewhere = await person({ village: OTHER_TOWNSHIP_VILLAGE });
  r = await hireOn(s.admin, p.id, elsewhere.memberId);
  assert.equal(r.json().code, 'WP_MEMBER_OTHER_VILLAGE');
  r = await hireOn(s.township, p.id, 999999999);
  assert.equal(r.json().code, 'WP_MEMBER_NOT_FOUND');

  // Bad dates: before the post's period, in the future.
  r = await hireOn(s.township, p.id, b.memberId, '2025-12-31');
  assert.equal(r.json().code, 'WP_POST_NOT_OPEN');
  r = await hireOn(s.township, p.id, b.memberId, '2026-03-16');
  assert.equal(r.json().code, 'WP_INVALID');
  r = await hireOn(s.township, p.id, b.memberId, '2026-13-01');
  assert.equal(r.json().code, 'VALIDATION_FAILED');

  r = await hireOn(s.township, p.id, b.memberId);
  assert.equal(r.statusCode, 200, r.body);
  r = await hireOn(s.township, p.id, c.memberId);
  assert.equal(r.json().code, 'WP_PLACES_FULL', 'two places, two people on post');
  assert.equal((await ctx.db.selectFrom('welfare_post_hires').select(sql<number>`count(*)::int`.as('n')).where('post_id', '=', p.id).executeTakeFirstOrThrow()).n, 2, 'nothing written by a refusal');

  // Exit: a reason, a date not before the hire; then the place is free.
  const hireB = (await as(ctx.app, s.township, 'GET', `/api/welfare-posts/${p.id}`)).json().hires.find((h: { memberId: number }) => h.memberId === b.memberId);
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/hires/${hireB.id}/exit`, { exitedOn: '2026-01-31', reason: '外出务工' });
  assert.equal(r.json().code, 'WP_INVALID', 'an exit before the hire');
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/hires/${hireB.id}/exit`, { exitedOn: '2026-03-10', reason: '   ' });
  assert.equal(r.json().code, 'WP_INVALID');
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/hires/${hireB.id}/exit`, { exitedOn: '2026-03-10', reason: '外出务工' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().exitedOn, '2026-03-10');
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/hires/${hireB.id}/exit`, { exitedOn: '2026-03-11', reason: '外出务工' });
  assert.equal(r.json().code, 'WP_HIRE_EXITED');

  r = await hireOn(s.township, p.id, ordinary.memberId, '2026-03-11');
  assert.equal(r.statusCode, 200, `the freed place, an ordinary household monitored now: ${r.body}`);
  const detail = (await as(ctx.app, s.clerk, 'GET', `/api/welfare-posts/${p.id}`)).json();
  assert.equal(detail.onPost, 2);
  assert.equal(detail.hires.length, 3);
  assert.equal(detail.hires[2].exitReason, '外出务工', 'the exited hire listed last');

  // The candidates of the hire dialog say who may be hired.
  const cands = (await as(ctx.app, s.township, 'GET', `/api/welfare-posts/${other.id}/candidates`)).json() as { memberId: number; refusal: string | null }[];
  assert.equal(cands.find((x) => x.memberId === a.memberId)?.refusal, 'WP_ALREADY_ON_POST');
  assert.equal(cands.find((x) => x.memberId === lost.memberId)?.refusal, 'WP_LABOUR_INSUFFICIENT');
  assert.equal(cands.find((x) => x.memberId === b.memberId)?.refusal, null);
  assert.equal(cands.find((x) => x.memberId === dead.memberId), undefined, 'the deceased are not offered');

  // The audit log has the hire and the exit.
  const actions = (await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'welfare_posts.%').execute()).map((x) => x.action);
  assert.ok(actions.includes('welfare_posts.hire') && actions.includes('welfare_posts.exit') && actions.includes('welfare_posts.create'));
});

test('pay: one per person, post and month, idempotent; over the subsidy needs a reason; all lines or none', async () => {
  const p = (await post({ monthlySubsidy: 600, places: 3, name: '水管员岗', postType: 'water_keeper' })).json();
  const a = await person();
  const b = await person();
  const ha = (await hireOn(s.township, p.id, a.memberId, '2026-01-10')).json();
  const hb = (await hireOn(s.township, p.id, b.memberId, '2026-02-20')).json();

  let r = await as(ctx.app, s.clerk, 'GET', `/api/welfare-posts/${p.id}/pay?month=2026-01`);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().items.map((i: { hireId: number }) => i.hireId), [ha.id], 'in January only a was on post');

  const jan = { month: '2026-01', items: [{ hireId: ha.id, amount: 600 }] };
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/${p.id}/pay`, jan);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().created, 1);
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/${p.id}/pay`, jan);
  assert.equal(r.json().created, 0, 'the same sheet again changes nothing');
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/${p.id}/pay`, { month: '2026-01', items: [{ hireId: ha.id, amount: 550 }] });
  assert.equal(r.json().code, 'WP_PAY_CONFLICT');

  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/${p.id}/pay`, { month: '2026-01', items: [{ hireId: hb.id, amount: 600 }] });
  assert.equal(r.json().code, 'WP_PAY_MONTH_OUTSIDE', 'b was hired in February');

  // February: a good line and one over the subsidy without a reason: nothing is saved.
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/${p.id}/pay`, { month: '2026-02', items: [{ hireId: ha.id, amount: 600 }, { hireId: hb.id, amount: 700 }] });
  assert.equal(r.json().code, 'WP_PAY_OVER_SUBSIDY');
  assert.equal((await ctx.db.selectFrom('welfare_post_pay').select(sql<number>`count(*)::int`.as('n')).where('post_id', '=', p.id).where('month', '=', '2026-02').executeTakeFirstOrThrow()).n, 0);
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/${p.id}/pay`, { month: '2026-02', items: [{ hireId: ha.id, amount: 600 }, { hireId: hb.id, amount: 700, reason: '补发1月加班' }] });
  assert.equal(r.json().created, 2, r.body);
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/${p.id}/pay`, { month: '2026-04', items: [{ hireId: ha.id, amount: 600 }] });
  assert.equal(r.json().code, 'WP_INVALID', 'a month to come');
  r = await as(ctx.app, s.township, 'POST', `/api/welfare-posts/${p.id}/pay`, { month: '2026-03', items: [{ hireId: ha.id, amount: 600 }, { hireId: ha.id, amount: 600 }] });
  assert.equal(r.json().code, 'WP_INVALID', 'a person twice on one sheet');

  const sheet = (await as(ctx.app, s.auditor, 'GET', `/api/welfare-posts/${p.id}/pay?month=2026-02`)).json();
  assert.deepEqual(sheet.items.map((i: { amount: number }) => i.amount), [600, 700]);
  assert.equal(sheet.items[1].reason, '补发1月加班');

  // The report of the township (county user: by township; township user: by village), sums per month.
  r = await as(ctx.app, s.township, 'GET', '/api/welfare-posts/report?from=2026-01&to=2026-03');
  assert.equal(r.statusCode, 200, r.body);
  const rep = r.json();
  assert.deepEqual(rep.months, ['2026-01', '2026-02', '2026-03']);
  const row = rep.rows.find((x: { areaCode: string }) => x.areaCode === VILLAGE);
  assert.equal(row.areaName, '大桥沟村委会');
  const payOf = (m: string) => row.months.find((c: { month: string }) => c.month === m).pay;
  assert.ok(payOf('2026-01') >= 600 && payOf('2026-02') >= 1300);
  const own = await sql<{ pay: string }>`select coalesce(sum(amount), 0)::text as pay from welfare_post_pay where village_code = ${VILLAGE}`.execute(ctx.db);
  assert.equal(row.payTotal, Number(own.rows[0]!.pay), 'the report’s total is the recorded pay');
  const countyRep = (await as(ctx.app, s.county, 'GET', '/api/welfare-posts/report?from=2026-01&to=2026-03')).json();
  assert.ok(countyRep.rows.every((x: { areaCode: string }) => x.areaCode.endsWith('000') && x.areaCode.length === 12), 'a county’s report is by township');
  assert.equal(countyRep.total.payTotal, rep.total.payTotal);
  assert.equal(countyRep.total.onPost, rep.total.onPost);

  r = await as(ctx.app, s.auditor, 'GET', '/api/welfare-posts/report.xlsx?from=2026-01&to=2026-03');
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.rawPayload.subarray(0, 2).toString(), 'PK');
  assert.match(String(r.headers['content-disposition']), /welfare-posts-2026-01-2026-03\.xlsx/);
  r = await as(ctx.app, s.auditor, 'GET', '/api/welfare-posts/report?from=2026-03&to=2026-01');
  assert.equal(r.json().code, 'WP_INVALID');
});

test('scope: another area or a role without the permission is refused (read, list, write, export)', async () => {
  const p = (await post({ name: '道路养护岗', postType: 'road_maintenance' })).json();
  const a = await person();
  const h = (await hireOn(s.township, p.id, a.memberId)).json();

  for (const who of [s.otherTownship, s.farClerk, s.otherCounty]) {
    let r = await as(ctx.app, who, 'GET', `/api/welfare-posts/${p.id}`);
    assert.equal(r.json().code, 'OUT_OF_SCOPE');
    r = await as(ctx.app, who, 'GET', `/api/welfare-posts/${p.id}/pay?month=2026-03`);
    assert.equal(r.json().code, 'OUT_OF_SCOPE');
    r = await as(ctx.app, who, 'GET', '/api/welfare-posts?pageSize=200');
    assert.equal(r.statusCode, 200);
    assert.ok(r.json().items.every((x: { villageCode: string }) => x.villageCode !== VILLAGE), 'the list holds nothing of another area');
    r = await as(ctx.app, who, 'GET', '/api/welfare-posts/report');
    assert.ok(r.json().rows.every((x: { areaCode: string }) => !VILLAGE.startsWith(x.areaCode.replace(/0+$/, ''))), 'the report holds nothing of another area');
  }
  let r = await as(ctx.app, s.otherTownship, 'POST', `/api/welfare-posts/${p.id}/hires`, { memberId: (await person()).memberId, hiredOn: '2026-03-01' });
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherTownship, 'POST', `/api/welfare-posts/hires/${h.id}/exit`, { exitedOn: '2026-03-10', reason: '辞职' });
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherTownship, 'POST', `/api/welfare-posts/${p.id}/pay`, { month: '2026-03', items: [{ hireId: h.id, amount: 500 }] });
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherTownship, 'GET', `/api/welfare-posts/${p.id}/candidates`);
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  r = await as(ctx.app, s.otherTownship, 'GET', `/api/welfare-posts?areaCode=${VILLAGE}`);
  assert.equal(r.json().code, 'OUT_OF_SCOPE');

  for (const who of [s.helper, s.dept]) {
    for (const url of ['/api/welfare-posts', `/api/welfare-posts/${p.id}`, '/api/welfare-posts/report', '/api/welfare-posts/report.xlsx']) {
      r = await as(ctx.app, who, 'GET', url);
      assert.equal(r.json().code, 'FORBIDDEN', `${url}`);
    }
  }
  for (const who of [s.clerk, s.auditor, s.helper]) {
    r = await as(ctx.app, who, 'POST', `/api/welfare-posts/${p.id}/pay`, { month: '2026-03', items: [{ hireId: h.id, amount: 500 }] });
    assert.equal(r.json().code, 'FORBIDDEN');
    r = await as(ctx.app, who, 'POST', `/api/welfare-posts/hires/${h.id}/exit`, { exitedOn: '2026-03-10', reason: '辞职' });
    assert.equal(r.json().code, 'FORBIDDEN');
  }
  // The area filter: a township's posts (9 digits), a village's (12).
  r = await as(ctx.app, s.county, 'GET', `/api/welfare-posts?areaCode=${TOWNSHIP}&pageSize=200`);
  assert.ok(r.json().items.length > 0 && r.json().items.every((x: { villageCode: string }) => x.villageCode.startsWith(TOWNSHIP)));
  r = await as(ctx.app, s.county, 'GET', `/api/welfare-posts?areaCode=${OTHER_TOWNSHIP_VILLAGE}`);
  assert.equal(r.json().total, 0);
  // The clerk reads his own village.
  r = await as(ctx.app, s.clerk, 'GET', '/api/welfare-posts');
  assert.ok(r.json().items.length > 0 && r.json().items.every((x: { villageCode: string }) => x.villageCode === VILLAGE));
});

test('every audit entry these tests wrote has its words in the catalogue (refused attempts too)', async () => {
  const recorded = await ctx.db.selectFrom('audit_log').select('action').distinct().execute();
  const mine = recorded.filter((r) => /welfare|microcredit/.test(r.action));
  assert.ok(mine.length > 0);
  for (const r of mine) assert.ok(auditActionLabel(r.action) || r.action.startsWith('GET '), `no label for ${r.action}`);
});
