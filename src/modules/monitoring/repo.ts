import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope, inScope, type Scope } from '../../core/scope.js';
import { AppError } from './errors.js';
import type { CaseRow, CaseState } from './machine.js';

/** The monitoring chain's SQL: cases, their history, monitoring records, the household facts the rules read. */

type Db = Kysely<DB> | Transaction<DB>;

export async function loadCase(db: Db, id: number, scope: Scope | null): Promise<CaseRow> {
  const row = await db.selectFrom('monitoring_cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('CASE_NOT_FOUND');
  if (scope) assertInScope(row.village_code, scope);
  return row as CaseRow;
}

export async function openCaseOf(db: Db, householdId: number): Promise<{ id: number; case_no: string } | undefined> {
  return db.selectFrom('monitoring_cases').select(['id', 'case_no']).where('household_id', '=', householdId).where('closed_at', 'is', null).executeTakeFirst();
}

/** JC-140430-2026-000123: the county's own counter per year (identification JC 监测, elimination XC 消除). */
export async function nextCaseNo(db: Db, prefix: 'JC' | 'XC', villageCode: string, year: number): Promise<string> {
  const county = villageCode.slice(0, 6);
  const r = await sql<{ last: number }>`
    insert into monitoring_case_counters (county_code, year, last) values (${county}, ${year}, 1)
    on conflict (county_code, year) do update set last = monitoring_case_counters.last + 1
    returning last`.execute(db);
  return `${prefix}-${county}-${year}-${String(r.rows[0]!.last).padStart(6, '0')}`;
}

export async function householdOf(db: Db, id: number) {
  const h = await db.selectFrom('households').select(['id', 'village_code', 'household_no', 'head_name', 'category', 'exit_year', 'member_count']).where('id', '=', id).executeTakeFirst();
  if (!h) throw new AppError('NOT_FOUND');
  return h;
}

/** The current monitoring record (null: not monitored now). */
export async function currentRecord(db: Db, householdId: number) {
  return (await db.selectFrom('monitoring_records').selectAll().where('household_id', '=', householdId).where('ended_on', 'is', null).executeTakeFirst()) ?? null;
}

export async function records(db: Db, householdId: number) {
  return db.selectFrom('monitoring_records').selectAll().where('household_id', '=', householdId).orderBy('id', 'desc').execute();
}

/** What the latest visit of any of the household's cases found (problems open, rigid spending). */
export async function latestVisit(db: Db, householdId: number): Promise<{ problems?: Record<string, boolean>; rigidSpendingUnresolved?: boolean } | null> {
  const r = await db
    .selectFrom('monitoring_cases')
    .select('visit')
    .where('household_id', '=', householdId)
    .where('visit', 'is not', null)
    .orderBy(sql`(visit->>'on')`, 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (r?.visit as { problems?: Record<string, boolean>; rigidSpendingUnresolved?: boolean } | undefined) ?? null;
}

/** Whether any active member can work (labour capacity other than lost / none; unknown counts as able). */
export async function anyoneCanWork(db: Db, householdId: number): Promise<boolean> {
  const r = await db
    .selectFrom('members')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('household_id', '=', householdId)
    .where('status', '=', 'active')
    .where(sql<boolean>`coalesce(labour_capacity, '') not in ('lost', 'none', '丧失劳动力', '无劳动力')`)
    .executeTakeFirstOrThrow();
  return r.n > 0;
}

export interface TransitionRow {
  transition: string;
  fromState: string;
  toState: string;
  at: string;
  by: string | null;
  role: string | null;
  reason: string | null;
}

export async function caseHistory(db: Db, caseIds: number[]): Promise<Map<number, TransitionRow[]>> {
  const out = new Map<number, TransitionRow[]>();
  if (!caseIds.length) return out;
  const rows = await db
    .selectFrom('state_transitions as t')
    .leftJoin('users as u', 'u.id', 't.actor_user_id')
    .select(['t.entity_id', 't.transition', 't.from_state', 't.to_state', 't.at', 'u.display_name', 't.actor_role', 't.reason'])
    .where('t.entity_type', '=', 'monitoring_case')
    .where('t.entity_id', 'in', caseIds)
    .orderBy('t.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.entity_id) ?? [];
    list.push({ transition: r.transition, fromState: r.from_state, toState: r.to_state, at: r.at.toISOString(), by: r.display_name, role: r.actor_role, reason: r.reason });
    out.set(r.entity_id, list);
  }
  return out;
}

export interface CaseListRow extends CaseRow {
  household_no: string | null;
  head_name: string | null;
  village_name: string;
  township_code: string;
  township_name: string | null;
}

export interface OpenCaseQuery {
  states?: CaseState[];
  areaCode?: string;
  /** Today in China, and for each policy of the cases the 3rd working day after it: due before that day = due soon. */
  today: string;
  soonOn: Map<number, string>;
  offset: number;
  limit: number;
  /** Group the places by village (a township's or village's user) or by township. */
  byVillage: boolean;
}

export interface OpenCasePage {
  rows: CaseListRow[];
  total: number;
  overdue: number;
  dueSoon: number;
  byState: Record<string, number>;
  byPlace: { code: string; name: string | null; count: number; overdue: number }[];
}

function openCasesQuery(db: Db, scope: Scope, opts: Pick<OpenCaseQuery, 'states' | 'areaCode'>) {
  let q = db
    .selectFrom('monitoring_cases as c')
    .leftJoin('households as h', 'h.id', 'c.household_id')
    .innerJoin('areas as v', 'v.code', 'c.village_code')
    .leftJoin('areas as t', (j) => j.on(sql<boolean>`t.code = substr(c.village_code, 1, 9) || '000'`))
    .where('c.closed_at', 'is', null)
    .where(inScope('c.village_code', scope));
  if (opts.states?.length) q = q.where('c.state', 'in', opts.states);
  if (opts.areaCode) q = q.where(inScope('c.village_code', { areaCode: opts.areaCode.padEnd(12, '0'), areaLevel: levelOfCode(opts.areaCode) }));
  return q;
}

/** The policies of the open cases a list would show (their calendars say which cases are due soon). */
export async function openCasePolicies(db: Db, scope: Scope, opts: Pick<OpenCaseQuery, 'states' | 'areaCode'>): Promise<number[]> {
  return (await openCasesQuery(db, scope, opts).select('c.policy_id').distinct().execute()).map((r) => r.policy_id);
}

/**
 * Open cases in the scope, optionally in some states and under a place: one page, overdue first, then due soon, then
 * by the step's due day; with the counts of all of them (total, overdue, due soon, by state, by place), never of the
 * page only.
 */
export async function openCases(db: Db, scope: Scope, opts: OpenCaseQuery): Promise<OpenCasePage> {
  const firstDue = sql`least(c.step_due_on, c.due_on)`;
  const soon = opts.soonOn.size ? sql`case c.policy_id ${sql.join([...opts.soonOn].map(([id, d]) => sql`when ${id} then ${d}::date`), sql` `)} end` : sql`null::date`;
  const rank = sql<number>`(case when ${firstDue} < ${opts.today}::date then 0 when ${firstDue} < ${soon} then 1 else 2 end)`;
  const base = openCasesQuery(db, scope, opts);
  const place = opts.byVillage ? sql<string>`c.village_code` : sql<string>`substr(c.village_code, 1, 9) || '000'`;
  const placeName = opts.byVillage ? sql<string | null>`v.name` : sql<string | null>`t.name`;
  const [rows, states, places] = await Promise.all([
    base
      .selectAll('c')
      .select(['h.household_no', 'h.head_name', 'v.name as village_name', 't.name as township_name', sql<string>`substr(c.village_code, 1, 9) || '000'`.as('township_code')])
      .orderBy(rank)
      .orderBy('c.step_due_on')
      .orderBy('c.id')
      .offset(opts.offset)
      .limit(opts.limit)
      .execute(),
    base
      .select(['c.state', sql<number>`count(*)::int`.as('n'), sql<number>`(count(*) filter (where ${rank} = 0))::int`.as('overdue'), sql<number>`(count(*) filter (where ${rank} = 1))::int`.as('soon')])
      .groupBy('c.state')
      .execute(),
    base
      .select([place.as('code'), sql<string | null>`min(${placeName})`.as('name'), sql<number>`count(*)::int`.as('count'), sql<number>`(count(*) filter (where ${rank} = 0))::int`.as('overdue')])
      .groupBy(place)
      .orderBy(place)
      .execute(),
  ]);
  const byState: Record<string, number> = {};
  for (const r of states) byState[r.state] = r.n;
  return {
    rows: rows as CaseListRow[],
    total: states.reduce((a, r) => a + r.n, 0),
    overdue: states.reduce((a, r) => a + r.overdue, 0),
    dueSoon: states.reduce((a, r) => a + r.soon, 0),
    byState,
    byPlace: places.map((p) => ({ code: p.code, name: p.name, count: p.count, overdue: p.overdue })),
  };
}

/** The level of a code as given: 2 digits a province … 12 a village (trailing zeros of a padded code ignored). */
export function levelOfCode(code: string): number {
  const c = code.padEnd(12, '0');
  if (c.slice(9) !== '000') return 5;
  if (c.slice(6, 9) !== '000') return 4;
  if (c.slice(4, 6) !== '00') return 3;
  if (c.slice(2, 4) !== '00') return 2;
  return 1;
}

export async function householdCases(db: Db, householdId: number): Promise<CaseRow[]> {
  return (await db.selectFrom('monitoring_cases').selectAll().where('household_id', '=', householdId).orderBy('id', 'desc').execute()) as CaseRow[];
}

export async function villageExists(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('areas').select('code').where('code', '=', code).where('level', '=', 5).executeTakeFirst());
}

/** The registry's household of a member with this ID number in this village (self-declaration). */
export async function householdByMember(db: Db, villageCode: string, idIdx: string): Promise<number | null> {
  const r = await db.selectFrom('members').select('household_id').where('id_idx', '=', idIdx).where('village_code', '=', villageCode).where('status', '=', 'active').executeTakeFirst();
  return r?.household_id ?? null;
}

export async function memberIdxOf(db: Db, householdId: number): Promise<string[]> {
  return (await db.selectFrom('members').select('id_idx').where('household_id', '=', householdId).execute()).map((r) => r.id_idx);
}

export async function applicationsSince(db: Db, idIdx: string, since: Date): Promise<number> {
  const r = await db.selectFrom('monitoring_cases').select(sql<number>`count(*)::int`.as('n')).where('applicant_id_idx', '=', idIdx).where('opened_at', '>=', since).executeTakeFirstOrThrow();
  return r.n;
}

/** Candidates of the suspect-data checks in the scope: records with their household's latest income form. */
export async function suspectCandidates(db: Db, scope: Scope) {
  const latest = sql<string | null>`(select f.per_capita_net from income_forms f where f.household_id = r.household_id order by f.recorded_on desc, f.id desc limit 1)`;
  const recs = await db
    .selectFrom('monitoring_records as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.household_id', 'r.since', 'r.ended_on', 'r.end_kind', 'r.end_case_id', 'r.case_id', 'h.household_no', 'h.head_name', 'h.village_code', latest.as('latest')])
    .where(inScope('h.village_code', scope))
    .orderBy('r.id')
    .execute();
  const notices = await db
    .selectFrom('monitoring_cases as c')
    .innerJoin('monitoring_policies as p', 'p.id', 'c.policy_id')
    .leftJoin('households as h', 'h.id', 'c.household_id')
    .select(['c.id', 'c.case_no', 'c.household_id', 'c.village_code', 'h.household_no', 'h.head_name', 'p.notice_days', sql<string>`c.notice->>'startOn'`.as('start_on'), sql<string>`c.notice->>'endOn'`.as('end_on')])
    .where('c.notice', 'is not', null)
    .where(inScope('c.village_code', scope))
    .orderBy('c.id')
    .execute();
  return { recs, notices };
}

/** Names of areas by code (a notice's village and township). */
export async function areaNames(db: Kysely<DB>, codes: string[]) {
  return db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute();
}

/** A case by its number, with what the applicant's look-up may show (apply.ts decides whether it may). */
export async function caseByNumber(db: Kysely<DB>, caseNo: string) {
  return db
    .selectFrom('monitoring_cases')
    .select(['state', 'household_id', 'applicant_id_idx', 'opened_at', 'closed_at', 'outcome', 'case_no'])
    .where('case_no', '=', caseNo)
    .executeTakeFirst();
}

/** A self-declared case gets its household at the visit. */
export async function linkCaseHousehold(trx: Kysely<DB>, caseId: number, householdId: number): Promise<void> {
  await trx.updateTable('monitoring_cases').set({ household_id: householdId }).where('id', '=', caseId).execute();
}

/** The county's approval: the household is monitored from `since` with its category and risk types. */
export async function startMonitoring(
  trx: Kysely<DB>,
  r: { householdId: number; caseId: number; category: string; riskTypes: string[]; since: string },
): Promise<void> {
  await trx
    .insertInto('monitoring_records')
    .values({ household_id: r.householdId, case_id: r.caseId, category: r.category, risk_types: JSON.stringify(r.riskTypes), since: r.since })
    .execute();
}

/** A risk elimination approved: the household's open monitoring record ends. */
export async function endMonitoring(
  trx: Kysely<DB>,
  r: { householdId: number; caseId: number; endedOn: string; kind: 'assisted' | 'natural' | null },
): Promise<void> {
  await trx
    .updateTable('monitoring_records')
    .set({ ended_on: r.endedOn, end_case_id: r.caseId, end_kind: r.kind })
    .where('household_id', '=', r.householdId)
    .where('ended_on', 'is', null)
    .execute();
}

/** A new case's row (open-case.ts has checked everything); its id. */
export async function insertCase(trx: Kysely<DB>, values: Insertable<DB['monitoring_cases']>): Promise<{ id: number }> {
  return trx.insertInto('monitoring_cases').values(values).returning('id').executeTakeFirstOrThrow();
}

/** The case's first step in its history (state_transitions), as the machine records every later one. */
export async function recordOpening(
  trx: Kysely<DB>,
  caseId: number,
  who: { actor_user_id: number | null; actor_role: string | null; actor_area_code: string | null; payload: string; at?: Date },
): Promise<void> {
  await trx
    .insertInto('state_transitions')
    .values({ entity_type: 'monitoring_case', entity_id: caseId, transition: 'open', from_state: 'none', to_state: 'visit', ...who })
    .execute();
}
