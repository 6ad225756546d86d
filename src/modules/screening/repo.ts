import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope, inScope, prefixOf, type Scope } from '../../core/scope.js';
import type { SessionUser } from '../../server/context.js';
import { AppError } from './errors.js';
import type { MatchStatus } from './tables.js';

/** The screening module's SQL: datasets and rows, runs and matches, candidates and pairs, rules, warnings. */
type Db = Kysely<DB> | Transaction<DB>;

// ---------------------------------------------------------------- datasets

export interface DatasetRow {
  id: number;
  area_code: string;
  area_level: number;
  department: string;
  template: string;
  period: string;
  version: number;
  state: 'draft' | 'submitted' | 'superseded' | 'discarded';
  file_name: string;
  file_path: string | null;
  file_type: string | null;
  header_row: number | null;
  mapping: unknown;
  file_problems: unknown;
  row_count: number;
  error_rows: number;
  warning_rows: number;
  uploaded_by: number;
  created_at: Date;
  submitted_at: Date | null;
}

/**
 * A dataset the user may see: in his area, and for a department officer only his department's; others (the county)
 * see submitted ones. Anything else is "not found" (no existence oracle).
 */
export async function datasetFor(db: Db, user: SessionUser, id: number): Promise<DatasetRow> {
  const d = (await db.selectFrom('screening_datasets').selectAll().where('id', '=', id).executeTakeFirst()) as DatasetRow | undefined;
  if (!d || !visible(d, user)) throw new AppError('SCREENING_DATASET_NOT_FOUND');
  assertInScope(d.area_code, user);
  return d;
}

function visible(d: DatasetRow, user: SessionUser): boolean {
  if (user.role === 'dept_officer') return d.department === user.department;
  return d.state === 'submitted' || d.state === 'superseded';
}

export async function listDatasets(db: Db, user: SessionUser, q: { period?: string; template?: string; page: number; pageSize: number }) {
  let query = db.selectFrom('screening_datasets').where(inScope('area_code', user));
  if (user.role === 'dept_officer') query = query.where('department', '=', user.department ?? '');
  else query = query.where('state', 'in', ['submitted', 'superseded']);
  if (q.period) query = query.where('period', '=', q.period);
  if (q.template) query = query.where('template', '=', q.template);
  const rows = (await query
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('period', 'desc')
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute()) as (DatasetRow & { total: number })[];
  return { total: rows[0]?.total ?? 0, rows };
}

export async function submittedVersion(db: Db, areaCode: string, template: string, period: string) {
  return db.selectFrom('screening_datasets').select(['id', 'version']).where('area_code', '=', areaCode).where('template', '=', template).where('period', '=', period).where('state', '=', 'submitted').executeTakeFirst();
}

export async function nextVersion(db: Db, areaCode: string, template: string, period: string): Promise<number> {
  const r = await db.selectFrom('screening_datasets').select(sql<number>`coalesce(max(version), 0) + 1`.as('v')).where('area_code', '=', areaCode).where('template', '=', template).where('period', '=', period).executeTakeFirstOrThrow();
  return r.v;
}

export async function insertDataset(db: Db, v: {
  area_code: string; area_level: number; department: string; template: string; period: string; version: number; file_name: string; file_path: string; file_type: string; uploaded_by: number;
}): Promise<number> {
  const r = await db.insertInto('screening_datasets').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export interface RowInsert {
  dataset_id: number;
  row_no: number;
  name: string | null;
  name_pinyin: string | null;
  id_enc: string | null;
  id_idx: string | null;
  id_masked: string | null;
  birth_date: string | null;
  gender: string | null;
  village_code: string | null;
  data: string;
  problems: string;
  has_error: boolean;
  pair_key: string | null;
}

export async function insertRows(db: Db, rows: RowInsert[]): Promise<void> {
  if (rows.length) await db.insertInto('screening_rows').values(rows).execute();
}

export async function clearRows(db: Db, datasetId: number): Promise<void> {
  await db.deleteFrom('screening_rows').where('dataset_id', '=', datasetId).execute();
}

export async function setParsed(db: Db, id: number, v: { header_row: number | null; mapping: object; file_problems: object[]; row_count: number; error_rows: number; warning_rows: number }) {
  await db
    .updateTable('screening_datasets')
    .set({ ...v, mapping: JSON.stringify(v.mapping), file_problems: JSON.stringify(v.file_problems) })
    .where('id', '=', id)
    .where('state', '=', 'draft')
    .execute();
}

export async function savedMapping(db: Db, areaCode: string, department: string, template: string) {
  return db.selectFrom('screening_mappings').select(['mapping', 'header_row']).where('area_code', '=', areaCode).where('department', '=', department).where('template', '=', template).executeTakeFirst();
}

export async function saveMapping(db: Db, v: { area_code: string; department: string; template: string; mapping: object; header_row: number | null; updated_by: number }) {
  const row = { ...v, mapping: JSON.stringify(v.mapping) };
  await db
    .insertInto('screening_mappings')
    .values(row)
    .onConflict((oc) => oc.columns(['area_code', 'department', 'template']).doUpdateSet({ mapping: row.mapping, header_row: row.header_row, updated_by: row.updated_by, updated_at: sql`now()` }))
    .execute();
}

/** Submits a draft: the month's submitted version (if any) becomes superseded first. */
export async function submitDataset(trx: Transaction<DB>, d: DatasetRow, userId: number): Promise<void> {
  await trx.updateTable('screening_datasets').set({ state: 'superseded' }).where('area_code', '=', d.area_code).where('template', '=', d.template).where('period', '=', d.period).where('state', '=', 'submitted').execute();
  const r = await trx
    .updateTable('screening_datasets')
    .set({ state: 'submitted', submitted_by: userId, submitted_at: sql`now()`, file_path: null })
    .where('id', '=', d.id)
    .where('state', '=', 'draft')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('SCREENING_DATASET_SUBMITTED');
}

export async function problemRows(db: Db, datasetId: number, page: number, pageSize: number) {
  const rows = await db
    .selectFrom('screening_rows')
    .select(['row_no', 'name', 'id_masked', 'problems', 'has_error', sql<number>`count(*) over ()`.as('total')])
    .where('dataset_id', '=', datasetId)
    .where(sql<boolean>`problems <> '[]'::jsonb`)
    .orderBy('row_no')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: rows[0]?.total ?? 0, rows };
}

// ---------------------------------------------------------------- runs

export interface RunRow {
  id: number;
  dataset_id: number;
  area_code: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  step: string | null;
  total: number;
  done: number;
  exact: number;
  remembered: number;
  candidates: number;
  unmatched: number;
  warnings: number;
  review_threshold: string;
  auto_threshold: string;
  error_code: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export async function insertRun(db: Db, datasetId: number, areaCode: string, userId: number, total: number): Promise<number> {
  // A run its worker never finished (the server stopped under it; the queue does not retry) gives way after 4 hours.
  await db
    .updateTable('screening_runs')
    .set({ state: 'failed', error_code: 'INTERRUPTED', finished_at: sql`now()` })
    .where('dataset_id', '=', datasetId)
    .where('state', 'in', ['queued', 'running'])
    .where('created_at', '<', sql<Date>`now() - interval '4 hours'`)
    .execute();
  try {
    const r = await db.insertInto('screening_runs').values({ dataset_id: datasetId, area_code: areaCode, started_by: userId, total }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  } catch (err) {
    if ((err as { constraint?: string }).constraint === 'screening_runs_active_idx') throw new AppError('SCREENING_RUN_ACTIVE');
    throw err;
  }
}

export async function runFor(db: Db, user: Scope, id: number): Promise<RunRow> {
  const r = (await db.selectFrom('screening_runs').selectAll().where('id', '=', id).executeTakeFirst()) as RunRow | undefined;
  if (!r) throw new AppError('SCREENING_RUN_NOT_FOUND');
  assertInScope(r.area_code, user);
  return r;
}

export async function runById(db: Db, id: number): Promise<RunRow> {
  return (await db.selectFrom('screening_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as RunRow;
}

export async function listRuns(db: Db, user: Scope, q: { datasetId?: number; page: number; pageSize: number }) {
  let query = db
    .selectFrom('screening_runs as r')
    .innerJoin('screening_datasets as d', 'd.id', 'r.dataset_id')
    .where(inScope('r.area_code', user));
  if (q.datasetId) query = query.where('r.dataset_id', '=', q.datasetId);
  const rows = await query
    .selectAll('r')
    .select(['d.template', 'd.period', 'd.version', 'd.department', sql<number>`count(*) over ()`.as('count_all')])
    .orderBy('r.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: rows[0]?.count_all ?? 0, rows: rows as unknown as (RunRow & { template: string; period: string; version: number; department: string })[] };
}

export async function updateRun(db: Db, id: number, v: Partial<Pick<RunRow, 'state' | 'step' | 'done' | 'exact' | 'remembered' | 'candidates' | 'unmatched' | 'warnings' | 'error_code'>> & { finished?: boolean }) {
  const { finished, ...rest } = v;
  await db.updateTable('screening_runs').set({ ...rest, ...(finished ? { finished_at: sql`now()` } : {}) }).where('id', '=', id).execute();
}

/** The latest finished run of a dataset. */
export async function latestRun(db: Db, datasetId: number): Promise<RunRow | undefined> {
  return (await db.selectFrom('screening_runs').selectAll().where('dataset_id', '=', datasetId).where('state', '=', 'done').orderBy('id', 'desc').limit(1).executeTakeFirst()) as RunRow | undefined;
}

/** Clears what a failed or repeated attempt of a run wrote (a run is re-run from scratch). */
export async function clearRunResults(db: Db, runId: number): Promise<void> {
  await db.deleteFrom('screening_candidates').where('run_id', '=', runId).execute();
  await db.deleteFrom('screening_matches').where('run_id', '=', runId).execute();
}

// ---------------------------------------------------------------- matching

/**
 * Exact matches through the blind index, one statement: each row with a valid ID number → the registry member of
 * that number in the dataset's area (an active member first). Returns the number matched.
 */
export async function matchExact(db: Db, runId: number, datasetId: number, area: Scope): Promise<number> {
  const r = await sql`
    insert into screening_matches (run_id, row_id, status, member_id, household_id, score)
    select distinct on (r.id) ${runId}::bigint, r.id, 'exact', m.id, m.household_id, 1
    from screening_rows r
    join members m on m.id_idx = r.id_idx and ${inScope('m.village_code', area)}
    where r.dataset_id = ${datasetId} and not r.has_error and r.id_idx is not null
    order by r.id, (m.status = 'active') desc, m.id desc`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Rows whose pair a reviewer confirmed in an earlier run of the area: linked without asking again. */
export async function matchRemembered(db: Db, runId: number, datasetId: number, areaCode: string): Promise<number> {
  const r = await sql`
    insert into screening_matches (run_id, row_id, status, member_id, household_id, score)
    select distinct on (r.id) ${runId}::bigint, r.id, 'remembered', m.id, m.household_id, 1
    from screening_rows r
    join screening_pairs p on p.pair_key = r.pair_key and p.area_code = ${areaCode} and p.decision = 'confirmed'
    join members m on m.id = p.member_id
    where r.dataset_id = ${datasetId} and not r.has_error
      and not exists (select 1 from screening_matches x where x.run_id = ${runId} and x.row_id = r.id)
    order by r.id, p.decided_at desc`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export interface OpenRow {
  id: number;
  name: string | null;
  birth_date: string | null;
  gender: string | null;
  village_code: string | null;
  id_enc: string | null;
  id_idx: string | null;
  pair_key: string | null;
}

/** The rows still without a match, a batch after `afterId`. */
export async function unmatchedRows(db: Db, runId: number, datasetId: number, afterId: number, limit: number): Promise<OpenRow[]> {
  return db
    .selectFrom('screening_rows as r')
    .select(['r.id', 'r.name', 'r.birth_date', 'r.gender', 'r.village_code', 'r.id_enc', 'r.id_idx', 'r.pair_key'])
    .where('r.dataset_id', '=', datasetId)
    .where('r.has_error', '=', false)
    .where('r.id', '>', afterId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('screening_matches as x').select(sql`1`.as('one')).where('x.run_id', '=', runId).whereRef('x.row_id', '=', 'r.id'))))
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

export interface CandidateMember {
  id: number;
  household_id: number;
  name: string;
  birth_date: string;
  gender: string;
  village_code: string;
  id_enc: string;
}

/** Registry members of the area born on one of `dates` (the index members_birth_idx). */
export async function membersBornOn(db: Db, area: Scope, dates: string[]): Promise<CandidateMember[]> {
  if (!dates.length) return [];
  return db
    .selectFrom('members as m')
    .select(['m.id', 'm.household_id', 'm.name', 'm.birth_date', 'm.gender', 'm.village_code', 'm.id_enc'])
    .where('m.birth_date', '=', sql<string>`any(${sql.val(dates)}::date[])`)
    .where(inScope('m.village_code', area))
    .where('m.status', '=', 'active')
    .execute();
}

export async function rejectedPairs(db: Db, areaCode: string, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db.selectFrom('screening_pairs').select(['pair_key', 'member_id']).where('area_code', '=', areaCode).where('decision', '=', 'rejected').where('pair_key', 'in', keys).execute();
  return new Set(rows.map((r) => `${r.pair_key}:${r.member_id}`));
}

export async function insertMatches(db: Db, rows: { run_id: number; row_id: number; status: MatchStatus; member_id: number | null; household_id: number | null; score: number | null; reason: string | null }[]) {
  if (rows.length) await db.insertInto('screening_matches').values(rows).execute();
}

export async function insertCandidates(db: Db, rows: { run_id: number; row_id: number; member_id: number; score: number; basis: string }[]) {
  if (rows.length) await db.insertInto('screening_candidates').values(rows).execute();
}

export async function matchCounts(db: Db, runId: number) {
  const rows = await db.selectFrom('screening_matches').select(['status', sql<number>`count(*)::int`.as('n')]).where('run_id', '=', runId).groupBy('status').execute();
  const c: Record<string, number> = {};
  for (const r of rows) c[r.status] = r.n;
  return c;
}

/** One line per department row for the matching report (registry side only for a match), a page after `afterRowNo`. */
export function reportPage(db: Db, runId: number, datasetId: number, afterRowNo: number, limit: number) {
  return db
    .selectFrom('screening_rows as r')
    .leftJoin('screening_matches as x', (j) => j.onRef('x.row_id', '=', 'r.id').on('x.run_id', '=', runId))
    .leftJoin('members as m', 'm.id', 'x.member_id')
    .leftJoin('households as h', 'h.id', 'x.household_id')
    .select(['r.row_no', 'r.name', 'r.id_masked', 'r.birth_date', 'r.has_error', 'x.status', 'x.score', 'x.reason', 'h.household_no', 'm.name as member_name'])
    .where('r.dataset_id', '=', datasetId)
    .where('r.row_no', '>', afterRowNo)
    .orderBy('r.row_no')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- review queue

export async function pendingCandidates(db: Db, user: Scope, q: { runId?: number; page: number; pageSize: number }) {
  let query = db
    .selectFrom('screening_candidates as c')
    .innerJoin('screening_runs as run', 'run.id', 'c.run_id')
    .innerJoin('screening_rows as r', 'r.id', 'c.row_id')
    .innerJoin('screening_datasets as d', 'd.id', 'r.dataset_id')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .innerJoin('areas as a', 'a.code', 'm.village_code')
    .where('c.state', '=', 'pending')
    .where(inScope('run.area_code', user))
    .where(inScope('m.village_code', user));
  if (q.runId) query = query.where('c.run_id', '=', q.runId);
  const rows = await query
    .select([
      'c.id', 'c.run_id', 'c.score', 'c.basis', 'd.template', 'd.department', 'd.period',
      'r.row_no', 'r.name as row_name', 'r.id_masked as row_id_masked', 'r.birth_date as row_birth_date', 'r.gender as row_gender', 'r.village_code as row_village_code',
      'm.id as member_id', 'm.name as member_name', 'm.id_masked as member_id_masked', 'm.birth_date as member_birth_date', 'm.gender as member_gender', 'm.village_code as member_village_code',
      'a.name as member_village_name', 'h.household_no', 'h.id as household_id',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .orderBy('c.score', 'desc')
    .orderBy('c.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: rows[0]?.total ?? 0, rows };
}

export async function candidateFor(db: Db, user: Scope, id: number) {
  const c = await db
    .selectFrom('screening_candidates as c')
    .innerJoin('screening_runs as run', 'run.id', 'c.run_id')
    .innerJoin('screening_rows as r', 'r.id', 'c.row_id')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .select(['c.id', 'c.run_id', 'c.row_id', 'c.member_id', 'c.state', 'c.score', 'run.area_code', 'r.pair_key', 'm.household_id', 'm.village_code'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!c) throw new AppError('SCREENING_CANDIDATE_NOT_FOUND');
  assertInScope(c.area_code, user);
  assertInScope(c.village_code, user);
  return c;
}

export async function decideCandidate(trx: Transaction<DB>, id: number, state: 'confirmed' | 'rejected', userId: number): Promise<void> {
  const r = await trx.updateTable('screening_candidates').set({ state, decided_by: userId, decided_at: sql`now()` }).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('SCREENING_CANDIDATE_DECIDED');
}

/** A confirmed candidate: the row's other candidates are rejected and the row is linked. */
export async function linkConfirmed(trx: Transaction<DB>, c: { id: number; run_id: number; row_id: number; member_id: number; household_id: number; score: string }, userId: number) {
  await trx.updateTable('screening_candidates').set({ state: 'rejected', decided_by: userId, decided_at: sql`now()` }).where('run_id', '=', c.run_id).where('row_id', '=', c.row_id).where('id', '!=', c.id).where('state', '=', 'pending').execute();
  await trx.updateTable('screening_matches').set({ status: 'confirmed', member_id: c.member_id, household_id: c.household_id, score: c.score, reason: null }).where('run_id', '=', c.run_id).where('row_id', '=', c.row_id).execute();
}

/** A row whose every candidate was rejected is unmatched. */
export async function unmatchIfNoneLeft(trx: Transaction<DB>, runId: number, rowId: number): Promise<void> {
  await sql`
    update screening_matches set status = 'unmatched', reason = 'candidates_rejected'
    where run_id = ${runId} and row_id = ${rowId} and status = 'candidate'
      and not exists (select 1 from screening_candidates c where c.run_id = ${runId} and c.row_id = ${rowId} and c.state <> 'rejected')`.execute(trx);
}

export async function rememberPair(trx: Transaction<DB>, v: { area_code: string; pair_key: string; member_id: number; decision: 'confirmed' | 'rejected'; decided_by: number }) {
  await trx
    .insertInto('screening_pairs')
    .values(v)
    .onConflict((oc) => oc.columns(['area_code', 'pair_key', 'member_id']).doUpdateSet({ decision: v.decision, decided_by: v.decided_by, decided_at: sql`now()` }))
    .execute();
}

export async function refreshRunCounts(db: Db, runId: number) {
  const c = await matchCounts(db, runId);
  await updateRun(db, runId, {
    exact: c.exact ?? 0,
    remembered: (c.remembered ?? 0) + (c.auto ?? 0) + (c.confirmed ?? 0),
    candidates: c.candidate ?? 0,
    unmatched: c.unmatched ?? 0,
  });
}

// ---------------------------------------------------------------- rules

export async function ruleVersions(db: Db, countyCode: string) {
  return db.selectFrom('screening_rules').selectAll().where('county_code', '=', countyCode).orderBy('rule').orderBy('version', 'desc').execute();
}

export async function insertRuleVersion(trx: Transaction<DB>, v: { county_code: string; rule: string; enabled: boolean; params: object; created_by: number }) {
  await sql`select pg_advisory_xact_lock(hashtext(${'screening_rules:' + v.county_code + ':' + v.rule}))`.execute(trx);
  const r = await trx.selectFrom('screening_rules').select(sql<number>`coalesce(max(version), 0) + 1`.as('v')).where('county_code', '=', v.county_code).where('rule', '=', v.rule).executeTakeFirstOrThrow();
  await trx.insertInto('screening_rules').values({ ...v, version: r.v, params: JSON.stringify(v.params) }).execute();
  return r.v;
}

// ---------------------------------------------------------------- facts for the rules

export interface Fact {
  row_id: number;
  dataset_id: number;
  run_id: number;
  template: string;
  department: string;
  data: Record<string, unknown>;
  member_id: number;
  household_id: number;
  member_name: string;
  member_birth_date: string;
  member_status: string;
  disability_grade: number | null;
  village_code: string;
  category: 'exited' | 'monitored' | 'ordinary';
  is_dibao: boolean;
  is_tekun: boolean;
}

/** The matched rows of runs (exact, remembered, auto-linked or confirmed) with what the rules read of the registry. */
export async function factsOfRuns(db: Db, runIds: number[]): Promise<Fact[]> {
  if (!runIds.length) return [];
  const rows = await db
    .selectFrom('screening_matches as x')
    .innerJoin('screening_rows as r', 'r.id', 'x.row_id')
    .innerJoin('screening_datasets as d', 'd.id', 'r.dataset_id')
    .innerJoin('members as m', 'm.id', 'x.member_id')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select([
      'x.row_id', 'r.dataset_id', 'x.run_id', 'd.template', 'd.department', 'r.data', 'm.id as member_id', 'm.household_id', 'm.name as member_name',
      'm.birth_date as member_birth_date', 'm.status as member_status', 'm.disability_grade', 'h.village_code', 'h.category', 'h.is_dibao', 'h.is_tekun',
    ])
    .where('x.run_id', 'in', runIds)
    .where('x.status', 'in', ['exact', 'remembered', 'auto', 'confirmed'])
    .orderBy('x.row_id')
    .execute();
  return rows as unknown as Fact[];
}

/** The latest finished run of every current (submitted) dataset of the county: "current data" for a what-if. */
export async function currentRuns(db: Db, area: Scope): Promise<{ id: number; datasetId: number }[]> {
  const rows = await sql<{ id: number; dataset_id: number }>`
    select max(r.id)::bigint as id, r.dataset_id from screening_runs r join screening_datasets d on d.id = r.dataset_id
    where d.state = 'submitted' and r.state = 'done' and ${inScope('d.area_code', area)}
    group by r.dataset_id`.execute(db);
  return rows.rows.map((r) => ({ id: Number(r.id), datasetId: Number(r.dataset_id) }));
}

// ---------------------------------------------------------------- warnings

export async function insertWarnings(db: Db, rows: {
  county_code: string; village_code: string; rule: string; rule_version: number; kind: 'risk' | 'correction' | 'policy'; department: string; dataset_id: number; run_id: number; row_id: number; member_id: number; household_id: number; fingerprint: string; clue: string; due_on: string;
}[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await db.insertInto('screening_warnings').values(rows).onConflict((oc) => oc.columns(['county_code', 'fingerprint']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function listWarnings(db: Db, user: Scope, q: { state?: string; rule?: string; page: number; pageSize: number }) {
  let query = db
    .selectFrom('screening_warnings as w')
    .innerJoin('households as h', 'h.id', 'w.household_id')
    .innerJoin('members as m', 'm.id', 'w.member_id')
    .innerJoin('areas as a', 'a.code', 'w.village_code')
    .where(inScope('w.village_code', user));
  if (q.state) query = query.where('w.state', '=', q.state as 'open');
  if (q.rule) query = query.where('w.rule', '=', q.rule);
  const rows = await query
    .select([
      'w.id', 'w.rule', 'w.kind', 'w.department', 'w.clue', 'w.due_on', 'w.state', 'w.reason', 'w.case_id', 'w.created_at', 'w.handled_at',
      'w.village_code', 'a.name as village_name', 'h.id as household_id', 'h.household_no', 'm.id as member_id', 'm.name as member_name', 'm.status as member_status',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .orderBy(sql`w.state = 'open'`, 'desc')
    .orderBy('w.due_on')
    .orderBy('w.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: rows[0]?.total ?? 0, rows };
}

export async function warningFor(db: Db, user: Scope, id: number) {
  const w = await db.selectFrom('screening_warnings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!w) throw new AppError('SCREENING_WARNING_NOT_FOUND');
  assertInScope(w.village_code, user);
  return w;
}

export async function setWarningHandled(trx: Transaction<DB>, id: number, v: { state: 'case_opened' | 'dismissed' | 'corrected'; handled_by: number; reason: string | null; case_id: number | null }) {
  const r = await trx.updateTable('screening_warnings').set({ ...v, handled_at: sql`now()` }).where('id', '=', id).where('state', '=', 'open').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('SCREENING_WARNING_HANDLED');
}

/** 政策找人: the policy warnings (entitled, not receiving) of the area, a page after `afterId`, for the export. */
export async function policyPage(db: Db, user: Scope, afterId: number, limit: number) {
  return db
    .selectFrom('screening_warnings as w')
    .innerJoin('households as h', 'h.id', 'w.household_id')
    .innerJoin('members as m', 'm.id', 'w.member_id')
    .innerJoin('areas as v', 'v.code', 'w.village_code')
    .leftJoin('areas as t', (j) => j.on(sql<boolean>`t.code = rpad(substr(w.village_code, 1, 9), 12, '0')`))
    .select(['w.id', 'w.rule', 'w.clue', 'w.state', 'w.due_on', 'w.department', 'h.household_no', 'm.name', 'm.id_masked', 'v.name as village_name', 't.name as township_name'])
    .where(inScope('w.village_code', user))
    .where('w.kind', '=', 'policy')
    .where('w.id', '>', afterId)
    .orderBy('w.id')
    .limit(limit)
    .execute();
}

/** Handling figures by township and department (the county's view): total, handled, overdue. */
export async function warningStats(db: Db, user: Scope, today: string) {
  return sql<{ township_code: string; township_name: string | null; department: string; total: number; handled: number; open: number; overdue: number }>`
    select substr(w.village_code, 1, 9) as township_code, a.name as township_name, w.department,
      count(*)::int as total, count(*) filter (where w.state <> 'open')::int as handled,
      count(*) filter (where w.state = 'open')::int as open,
      count(*) filter (where w.state = 'open' and w.due_on < ${today}::date)::int as overdue
    from screening_warnings w left join areas a on a.code = rpad(substr(w.village_code, 1, 9), 12, '0')
    where ${inScope('w.village_code', user)}
    group by 1, 2, 3 order by 1, 3`.execute(db).then((r) => r.rows);
}

/** A dataset's results sent back to its department: counts only, never a household. */
export async function datasetResults(db: Db, datasetId: number) {
  return db.selectFrom('screening_warnings').select(['state', 'rule', sql<number>`count(*)::int`.as('n')]).where('dataset_id', '=', datasetId).groupBy(['state', 'rule']).execute();
}

export function countyOf(code: string): string {
  return prefixOf(code, 3).padEnd(12, '0');
}
