import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeUser } from './helpers/app.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { verifyAuditChain } from '../src/modules/audit/repo.js';
import { AppError } from '../src/core/errors.js';
import { allows, applyTransition, type Machine, type StatefulRecord } from '../src/core/state-machine.js';
import type { Actor } from '../src/server/context.js';
import type { Role } from '../src/shared/roles.js';

/**
 * The state machine on its own, on a real database: a small approval chain shaped like the monitoring loop's
 * identification (village appraisal → township review → county approval, each review able to send the case back with a
 * reason), on a table of this test's own.
 */
const COUNTY = '140430000000';
const TOWNSHIP = '140430103000';
const VILLAGE = '140430103207';
const OTHER_VILLAGE_SAME_TOWNSHIP = '140430103201';

type CaseState = 'appraisal' | 'township_review' | 'county_approval' | 'approved' | 'closed';
interface CaseRow extends StatefulRecord<CaseState> {
  area_code: string;
  notice_done: boolean;
}

const caseMachine: Machine<CaseState, 'submit' | 'pass' | 'returnToVillage' | 'returnToTownship' | 'approve' | 'close', CaseRow, { note?: string }> = {
  entity: 'sm_case',
  label: { zh: '识别案件', en: 'identification case' },
  table: 'sm_cases',
  areaOf: (c) => c.area_code,
  states: {
    appraisal: { zh: '村级评议', en: 'village appraisal' },
    township_review: { zh: '乡镇审核', en: 'township review' },
    county_approval: { zh: '县级审定', en: 'county approval' },
    approved: { zh: '已审定', en: 'approved' },
    closed: { zh: '已关闭', en: 'closed' },
  },
  transitions: {
    // By permission at village level: a village clerk (a township reviewer has the permission, not the level).
    submit: {
      label: { zh: '提交乡镇审核', en: 'submit for township review' },
      from: ['appraisal'],
      to: 'township_review',
      people: { permission: 'registry.write', level: 5 },
      guard: ({ record }) => (record.notice_done ? [] : [{ code: 'NOTICE_MISSING', zh: '公示尚未结束', en: 'the public notice is not over' }]),
      set: () => ({ submitted_at: sql`now()` }),
    },
    pass: { label: { zh: '乡镇审核通过', en: 'pass township review' }, from: ['township_review'], to: 'county_approval', people: { roles: ['township_reviewer'], level: 4 } },
    returnToVillage: {
      label: { zh: '退回村级', en: 'return to the village' },
      from: ['township_review'],
      to: 'appraisal',
      people: { roles: ['township_reviewer'], level: 4 },
      reasonRequired: true,
    },
    returnToTownship: {
      label: { zh: '退回乡镇', en: 'return to the township' },
      from: ['county_approval'],
      to: 'township_review',
      people: { roles: ['county_reviewer'], level: 3 },
      reasonRequired: true,
    },
    approve: {
      label: { zh: '县级审定', en: 'approve' },
      from: ['county_approval'],
      to: 'approved',
      people: { roles: ['county_reviewer'], level: 3 },
      audit: { action: 'monitoring.approve', detail: ({ record, payload }) => ({ area: record.area_code, note: payload?.note ?? null }) },
    },
    close: { label: { zh: '超期关闭', en: 'close as overdue' }, from: ['appraisal', 'township_review'], to: 'closed', system: true },
  },
};

let tdb: TestDb;
const actors = {} as Record<'clerk' | 'otherClerk' | 'township' | 'township2' | 'county' | 'townshipWriter' | 'helper', Actor>;

async function actor(role: Role, area: string, level: number): Promise<Actor> {
  const u = await makeUser(tdb, { role, area });
  return {
    user: { id: u.id, username: u.username, displayName: u.username, role, areaCode: area, areaLevel: level, areaName: area, department: null, mustChangePassword: false },
    ip: '10.0.0.1',
  };
}

before(async () => {
  tdb = await createTestDb();
  await importAreas(tdb.db, null, '140430');
  await sql`create table sm_cases (
    id bigserial primary key, state text not null default 'appraisal', version integer not null default 0,
    area_code varchar(12) not null, notice_done boolean not null default true, submitted_at timestamptz)`.execute(tdb.db);
  actors.clerk = await actor('village_clerk', VILLAGE, 5);
  actors.otherClerk = await actor('village_clerk', OTHER_VILLAGE_SAME_TOWNSHIP, 5);
  actors.township = await actor('township_reviewer', TOWNSHIP, 4);
  actors.township2 = await actor('township_reviewer', TOWNSHIP, 4);
  actors.county = await actor('county_reviewer', COUNTY, 3);
  actors.townshipWriter = actors.township;
  actors.helper = await actor('helper', VILLAGE, 5);
});

after(async () => {
  await tdb.drop();
});

async function newCase(state: CaseState = 'appraisal', noticeDone = true): Promise<CaseRow> {
  const r = await sql<CaseRow>`insert into sm_cases (state, area_code, notice_done) values (${state}, ${VILLAGE}, ${noticeDone}) returning id, state, version, area_code, notice_done`.execute(tdb.db);
  return r.rows[0]!;
}

async function load(id: number): Promise<CaseRow & { submitted_at: Date | null }> {
  const r = await sql<CaseRow & { submitted_at: Date | null }>`select id, state, version, area_code, notice_done, submitted_at from sm_cases where id = ${id}`.execute(tdb.db);
  return r.rows[0]!;
}

const history = (id: number) =>
  tdb.db.selectFrom('state_transitions').selectAll().where('entity_type', '=', 'sm_case').where('entity_id', '=', id).orderBy('id').execute();
const audits = (id: number) => tdb.db.selectFrom('audit_log').selectAll().where('target_type', '=', 'sm_case').where('target_id', '=', String(id)).orderBy('seq').execute();

/** Rejects with an AppError of `code` (and `status`); returns it for more checks. */
async function refused(p: Promise<unknown>, code: string, status: number): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code, err.message);
    assert.equal(err.status, status);
    return err;
  }
  assert.fail(`expected ${code}`);
}

test('the chain end to end: each step by its role at its level; state, version, set columns, history and audit in step', async () => {
  let c = await newCase();
  c = await applyTransition(tdb.db, caseMachine, c, 'submit', actors.clerk);
  assert.deepEqual([c.state, c.version], ['township_review', 1]);
  const stored = await load(c.id);
  assert.deepEqual([stored.state, stored.version], ['township_review', 1]);
  assert.ok(stored.submitted_at instanceof Date, 'the transition set its own column in the same update');
  c = await applyTransition(tdb.db, caseMachine, c, 'pass', actors.township);
  c = await applyTransition(tdb.db, caseMachine, c, 'returnToTownship', actors.county, { reason: '  收入核算有误，请重新核实  ' });
  c = await applyTransition(tdb.db, caseMachine, c, 'pass', actors.township2);
  c = await applyTransition(tdb.db, caseMachine, c, 'approve', actors.county, { payload: { note: '同意纳入' } });
  assert.deepEqual([c.state, c.version], ['approved', 5]);

  const h = await history(c.id);
  assert.deepEqual(
    h.map((r) => [r.transition, r.from_state, r.to_state, r.actor_user_id, r.actor_role, r.actor_area_code, r.reason]),
    [
      ['submit', 'appraisal', 'township_review', actors.clerk.user.id, 'village_clerk', VILLAGE, null],
      ['pass', 'township_review', 'county_approval', actors.township.user.id, 'township_reviewer', TOWNSHIP, null],
      ['returnToTownship', 'county_approval', 'township_review', actors.county.user.id, 'county_reviewer', COUNTY, '收入核算有误，请重新核实'],
      ['pass', 'township_review', 'county_approval', actors.township2.user.id, 'township_reviewer', TOWNSHIP, null],
      ['approve', 'county_approval', 'approved', actors.county.user.id, 'county_reviewer', COUNTY, null],
    ],
  );
  assert.deepEqual(h[4]!.payload, { note: '同意纳入' });
  assert.ok(h.every((r) => r.at instanceof Date));

  const a = await audits(c.id);
  assert.deepEqual(a.map((e) => [e.action, e.username, e.area_code, e.ip, e.outcome]), [
    ['sm_case.submit', actors.clerk.user.username, VILLAGE, '10.0.0.1', 'ok'],
    ['sm_case.pass', actors.township.user.username, TOWNSHIP, '10.0.0.1', 'ok'],
    ['sm_case.returnToTownship', actors.county.user.username, COUNTY, '10.0.0.1', 'ok'],
    ['sm_case.pass', actors.township2.user.username, TOWNSHIP, '10.0.0.1', 'ok'],
    ['monitoring.approve', actors.county.user.username, COUNTY, '10.0.0.1', 'ok'],
  ]);
  assert.deepEqual(a[2]!.detail, { from: 'county_approval', to: 'township_review', reason: '收入核算有误，请重新核实' });
  assert.deepEqual(a[4]!.detail, { area: VILLAGE, note: '同意纳入' }, 'a transition words its own audit detail');
  assert.equal((await verifyAuditChain(tdb.db)).ok, true);
});

test('refused by role and by area level: TRANSITION_ROLE and TRANSITION_LEVEL (403), zh and en; nothing written', async () => {
  const c = await newCase();
  // The township reviewer holds registry.write, but submitting is a village step.
  const level = await refused(applyTransition(tdb.db, caseMachine, c, 'submit', actors.townshipWriter), 'TRANSITION_LEVEL', 403);
  assert.equal(level.toBody('zh').message, '“提交乡镇审核”须由村级人员办理');
  assert.equal(level.toBody('en').message, '"submit for township review" is done at village level');
  // A helper of the same village lacks the permission.
  const role = await refused(applyTransition(tdb.db, caseMachine, c, 'submit', actors.helper), 'TRANSITION_ROLE', 403);
  assert.equal(role.toBody('zh').message, '帮扶责任人不能办理“提交乡镇审核”');
  // The county reviewer sits above the case but the township's review is not his role.
  const up = { ...c, state: 'township_review' as const };
  await refused(applyTransition(tdb.db, caseMachine, up, 'pass', actors.county), 'TRANSITION_ROLE', 403);
  // A person cannot take a step of the system's own; the system cannot take a person's.
  await refused(applyTransition(tdb.db, caseMachine, c, 'close', actors.clerk), 'TRANSITION_ROLE', 403);
  const sys = await refused(applyTransition(tdb.db, caseMachine, c, 'submit', null), 'TRANSITION_ROLE', 403);
  assert.equal(sys.toBody('en').message, '"submit for township review" cannot be done by the system');
  const stored = await load(c.id);
  assert.deepEqual([stored.state, stored.version], ['appraisal', 0]);
  assert.equal((await history(c.id)).length, 0);
  assert.equal((await audits(c.id)).length, 0);
});

test('refused outside the record’s area: a clerk of another village of the same township (OUT_OF_SCOPE)', async () => {
  const c = await newCase();
  await refused(applyTransition(tdb.db, caseMachine, c, 'submit', actors.otherClerk), 'OUT_OF_SCOPE', 403);
  // The same clerk in his own village may.
  const own = await sql<CaseRow>`insert into sm_cases (area_code) values (${OTHER_VILLAGE_SAME_TOWNSHIP}) returning id, state, version, area_code, notice_done`.execute(tdb.db);
  assert.equal((await applyTransition(tdb.db, caseMachine, own.rows[0]!, 'submit', actors.otherClerk)).state, 'township_review');
});

test('a state the transition does not leave from: TRANSITION_NOT_ALLOWED (409) naming the state and the step', async () => {
  const c = await newCase();
  const err = await refused(applyTransition(tdb.db, caseMachine, c, 'approve', actors.county), 'TRANSITION_NOT_ALLOWED', 409);
  assert.equal(err.toBody('zh').message, '识别案件当前为“村级评议”，不能办理“县级审定”');
  assert.equal(err.toBody('en').message, 'The identification case is "village appraisal": "approve" is not possible now');
  assert.equal(allows(caseMachine, c, 'approve'), false);
  assert.equal(allows(caseMachine, c, 'submit'), true);
});

test('a guard’s reasons and a missing reason are surfaced: TRANSITION_REFUSED (409) with the refusals as details', async () => {
  const c = await newCase('appraisal', false);
  assert.equal(allows(caseMachine, c, 'submit'), false);
  const err = await refused(applyTransition(tdb.db, caseMachine, c, 'submit', actors.clerk), 'TRANSITION_REFUSED', 409);
  assert.equal(err.toBody('zh').message, '不能办理“提交乡镇审核”：公示尚未结束');
  assert.equal(err.toBody('en').message, '"submit for township review" is refused: the public notice is not over');
  assert.deepEqual(err.details, { refusals: [{ code: 'NOTICE_MISSING', zh: '公示尚未结束', en: 'the public notice is not over' }] });

  const inReview = await newCase('township_review');
  // A blank reason is no reason.
  const noReason = await refused(applyTransition(tdb.db, caseMachine, inReview, 'returnToVillage', actors.township, { reason: '   ' }), 'TRANSITION_REFUSED', 409);
  assert.deepEqual((noReason.details as { refusals: { code: string }[] }).refusals.map((r) => r.code), ['REASON_REQUIRED']);
  // The button is shown (the reason is asked for when it is pressed).
  assert.equal(allows(caseMachine, inReview, 'returnToVillage'), true);
  const back = await applyTransition(tdb.db, caseMachine, inReview, 'returnToVillage', actors.township, { reason: '家庭成员信息不全' });
  assert.equal(back.state, 'appraisal');
  assert.equal((await history(c.id)).length, 0);
});

test('two reviewers acting at once: exactly one wins; the other waits for the row, then gets STATE_CONFLICT naming the state now', async () => {
  const c = await newCase('township_review');
  let releaseFirst!: () => void;
  const firstHolds = new Promise<void>((r) => (releaseFirst = r));
  // The first reviewer's transaction takes the step and holds it open until the second one is seen waiting for the row.
  const first = tdb.db.transaction().execute(async (trx) => {
    const r = await applyTransition(trx, caseMachine, c, 'pass', actors.township);
    await firstHolds;
    return r;
  });
  // Both read the same record (state township_review, version 0); the first has updated it before the second tries.
  while ((await sql<{ n: number }>`select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'sm_cases' and l.mode = 'RowExclusiveLock'`.execute(tdb.db)).rows[0]!.n === 0) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const second = applyTransition(tdb.db, caseMachine, c, 'returnToVillage', actors.township2, { reason: '材料不全' });
  second.catch(() => {});
  let waiting = false;
  for (let i = 0; i < 100 && !waiting; i++) {
    const w = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%update "sm_cases"%'`.execute(tdb.db);
    waiting = w.rows[0]!.n > 0;
    if (!waiting) await new Promise((r) => setTimeout(r, 50));
  }
  releaseFirst();
  assert.ok(waiting, 'the second update waited for the first one’s row lock');
  const won = await first;
  assert.equal(won.state, 'county_approval');
  const err = await refused(second, 'STATE_CONFLICT', 409);
  assert.equal(err.toBody('zh').message, '识别案件刚被他人处理，现为“县级审定”，请刷新后重试');
  assert.equal(err.toBody('en').message, 'Someone else acted on this identification case first (it is now "county approval"); reload and try again');

  const stored = await load(c.id);
  assert.deepEqual([stored.state, stored.version], ['county_approval', 1]);
  assert.deepEqual((await history(c.id)).map((h) => [h.transition, h.actor_user_id]), [['pass', actors.township.user.id]]);
  assert.deepEqual((await audits(c.id)).map((a) => a.action), ['sm_case.pass']);
});

test('many at once, no orchestration: one winner; a stale version is refused even when the state matches again', async () => {
  const c = await newCase('township_review');
  const results = await Promise.allSettled([
    applyTransition(tdb.db, caseMachine, c, 'pass', actors.township),
    applyTransition(tdb.db, caseMachine, c, 'pass', actors.township2),
    applyTransition(tdb.db, caseMachine, c, 'returnToVillage', actors.township2, { reason: '重复提交' }),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'STATE_CONFLICT');
  assert.equal((await history(c.id)).length, 1);

  // Back in township review by another path (version 2 now): a decision taken on version 0 is refused, although the
  // state is the one it was taken on.
  const now = await load(c.id);
  if (now.state === 'county_approval') await applyTransition(tdb.db, caseMachine, now, 'returnToTownship', actors.county, { reason: '复核' });
  else await applyTransition(tdb.db, caseMachine, now, 'submit', actors.clerk);
  assert.deepEqual([(await load(c.id)).state, (await load(c.id)).version], ['township_review', 2]);
  await refused(applyTransition(tdb.db, caseMachine, c, 'pass', actors.township), 'STATE_CONFLICT', 409);
  assert.equal((await verifyAuditChain(tdb.db)).ok, true);
});

test('in the caller’s transaction: rolled back with it, state, history and audit alike; the system’s own step', async () => {
  const c = await newCase();
  await assert.rejects(
    tdb.db.transaction().execute(async (trx) => {
      await applyTransition(trx, caseMachine, c, 'close', null);
      throw new Error('the caller’s next write failed');
    }),
    /next write failed/,
  );
  assert.equal((await load(c.id)).state, 'appraisal');
  assert.equal((await history(c.id)).length, 0);
  assert.equal((await audits(c.id)).length, 0);

  const closed = await applyTransition(tdb.db, caseMachine, c, 'close', null);
  assert.equal(closed.state, 'closed');
  const [h] = await history(c.id);
  assert.deepEqual([h!.transition, h!.actor_user_id, h!.actor_role], ['close', null, null]);
  assert.deepEqual((await audits(c.id)).map((a) => [a.action, a.username, a.user_id]), [['sm_case.close', 'system', null]]);
  // The history is append-only.
  await assert.rejects(sql`update state_transitions set reason = 'x' where id = ${h!.id}`.execute(tdb.db), /append-only/);
  await assert.rejects(sql`delete from state_transitions where id = ${h!.id}`.execute(tdb.db), /append-only/);
});
