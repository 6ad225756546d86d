import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { FieldKey } from '../map/header.js';
import { HOUSEHOLD_FIELD_COLUMNS, MEMBER_FIELD_COLUMNS, type RowProblem, type StagedRow } from '../map/map-row.js';

/**
 * The staging tables of one import job, in schema import_stage (unlogged: rebuilt from the file if lost):
 * - job_<id>: one row per member row of the file, validated and encrypted (no plain ID number), with its problems;
 * - job_<id>_hh: one row per household of the file (county + household number): its source row (the head's row, else
 *   the first), its problems, the matching household in the registry and whether it is new, changed or unchanged;
 * - job_<id>_m: one row per member row whose person is active in the registry (registryChecks): that member, and
 *   whether the row updates it, leaves it unchanged, or names a person active in another household.
 * Every cross-row and database check is one set-based statement here, never a query per row.
 */
export const STAGE_COLUMNS: Record<string, string> = {
  row_no: 'integer',
  household_no: 'text',
  county_code: 'text',
  village_code: 'text',
  address: 'text',
  phone_idx: 'text',
  phone_enc: 'text',
  phone_masked: 'text',
  category: 'text',
  monitoring_type: 'text',
  exit_year: 'smallint',
  is_dibao: 'boolean',
  is_tekun: 'boolean',
  is_relocated: 'boolean',
  has_left_behind: 'boolean',
  housing_rating: 'text',
  housing_rated_on: 'date',
  water_quantity_ok: 'boolean',
  water_quality_ok: 'boolean',
  water_access_ok: 'boolean',
  water_supply_ok: 'boolean',
  income_year: 'smallint',
  income_wages: 'numeric',
  income_business: 'numeric',
  income_property: 'numeric',
  income_transfer: 'numeric',
  expense_business: 'numeric',
  id_enc: 'text',
  id_idx: 'text',
  id_masked: 'text',
  name: 'text',
  name_pinyin: 'text',
  name_initials: 'text',
  gender: 'text',
  birth_date: 'date',
  relation: 'text',
  ethnicity: 'text',
  education: 'text',
  school_status: 'text',
  health: 'text',
  disability_category: 'text',
  disability_grade: 'smallint',
  labour_capacity: 'text',
  work_place: 'text',
  work_months: 'smallint',
  medical_insured: 'boolean',
  pension_insured: 'boolean',
  welfare_post: 'boolean',
  problems: 'jsonb',
  hh_problems: 'jsonb',
};
const COLS = Object.keys(STAGE_COLUMNS);
/**
 * Statistics only for the columns the checks join and filter on: ANALYZE of all fifty columns (texts, ciphertexts,
 * JSON problems) took most of a second each time, at any size (it samples 30,000 rows).
 */
const ANALYZED = sql.raw('(row_no, id_idx, county_code, household_no, relation)');
const RECORD_DEF = COLS.map((c) => `${c} ${STAGE_COLUMNS[c]}`).join(', ');

export interface StageNames {
  rows: RawBuilder<unknown>;
  hh: RawBuilder<unknown>;
  /** The member rows' registered persons (registryChecks). */
  m: RawBuilder<unknown>;
}

export function stageNames(jobId: number): StageNames {
  const id = Math.trunc(jobId);
  return { rows: sql.raw(`import_stage.job_${id}`), hh: sql.raw(`import_stage.job_${id}_hh`), m: sql.raw(`import_stage.job_${id}_m`) };
}

export async function stageExists(db: Kysely<DB>, jobId: number): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select to_regclass(${`import_stage.job_${Math.trunc(jobId)}_hh`}) is not null as ok`.execute(db);
  return r.rows[0]!.ok;
}

export async function dropStage(db: Kysely<DB>, jobId: number): Promise<void> {
  const t = stageNames(jobId);
  await sql`drop table if exists ${t.rows}, ${t.hh}, ${t.m}`.execute(db);
}

export async function createStage(db: Kysely<DB>, jobId: number): Promise<void> {
  const t = stageNames(jobId);
  await dropStage(db, jobId);
  await sql`create unlogged table ${t.rows} (${sql.raw(RECORD_DEF)}, db_problems jsonb)`.execute(db);
}

/**
 * One chunk of staged rows in one statement: one array parameter per column, `unnest`ed into rows (about 30% faster
 * than json_to_recordset, and close to COPY for 5,000-row chunks). The arrays travel as array literals (stageParams).
 */
const UNNEST = sql.raw(COLS.map((c, i) => `$${i + 1}::${STAGE_COLUMNS[c] === 'jsonb' ? 'jsonb' : STAGE_COLUMNS[c]}[]`).join(', '));
export async function insertRows(db: Kysely<DB>, jobId: number, rows: StagedRow[]): Promise<void> {
  if (!rows.length) return;
  const t = stageNames(jobId);
  const compiled = sql`insert into ${t.rows} (${sql.raw(COLS.join(', '))}) select * from unnest(${UNNEST})`.compile(db);
  await db.executeQuery({ ...compiled, parameters: stageParams(rows) });
}

const JSON_COLUMN = COLS.map((c) => STAGE_COLUMNS[c] === 'jsonb');
/**
 * The chunk's columns as array literals ('{"a",NULL,3,t}'), in STAGE_COLUMNS order: what insertRows sends. Texts are
 * always quoted (backslash and double quote escaped); numbers and booleans go bare. Elements are joined once, not
 * appended one by one (three times faster at 50 columns × 5,000 rows).
 */
export function stageParams(rows: StagedRow[]): string[] {
  return COLS.map((c, i) => {
    const json = JSON_COLUMN[i];
    const parts = new Array<string>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r]![c];
      if (v == null) parts[r] = 'NULL';
      else if (typeof v === 'number') parts[r] = String(v);
      else if (typeof v === 'boolean') parts[r] = v ? 't' : 'f';
      else {
        const text = json ? JSON.stringify(v) : String(v);
        parts[r] = text.indexOf('"') < 0 && text.indexOf('\\') < 0 ? `"${text}"` : `"${text.replace(/[\\"]/g, '\\$&')}"`;
      }
    }
    return `{${parts.join(',')}}`;
  });
}

const problem = (column: string, field: string, code: string, zh: RawBuilder<unknown> | string, en: RawBuilder<unknown> | string) =>
  sql`jsonb_build_array(jsonb_build_object('column', ${column}::text, 'field', ${field}::text, 'code', ${code}::text, 'zh', ${zh}::text, 'en', ${en}::text))`;

/**
 * After the last chunk: indexes, the household table, and the checks that depend on the file alone — the same ID
 * number twice, one household number in two villages, the household columns of the source row.
 */
export async function finishLoad(db: Kysely<DB>, jobId: number, labels: { idNumber: string; village: string }): Promise<void> {
  const t = stageNames(jobId);
  await sql`alter table ${t.rows} add primary key (row_no)`.execute(db);
  await sql`create index on ${t.rows} (id_idx)`.execute(db);
  await sql`create index on ${t.rows} (county_code, household_no)`.execute(db);

  // The same person twice in the file: every occurrence is an error, naming the other rows.
  await sql`
    with d as (
      select id_idx, count(*) as n, min(row_no) as first, max(row_no) as last
      from ${t.rows} where id_idx is not null group by id_idx having count(*) > 1
    )
    update ${t.rows} s set problems = coalesce(s.problems, '[]'::jsonb) || ${problem(
      labels.idNumber,
      'idNumber',
      'ID_DUPLICATE_IN_FILE',
      sql`'身份证号 ' || s.id_masked || ' 在文件中出现 ' || d.n || ' 次（第 ' || d.first || (case when d.n > 2 then ' … ' else '、' end) || d.last || ' 行）'`,
      sql`'ID number ' || s.id_masked || ' appears ' || d.n || ' times in the file (rows ' || d.first || (case when d.n > 2 then ' … ' else ', ' end) || d.last || ')'`,
    )}
    from d where d.id_idx = s.id_idx`.execute(db);

  // The household's village and problems come from its source row in the same statement (an update afterwards
  // rewrote every household: 3 s at a million rows). Pages 30 % full: the checks and the commit update every
  // household up to twice in one transaction (its registered id, its state; the new id after the insert), none of
  // them an indexed column, so each new version can stay in its page without new index entries (HOT). A million-row
  // re-import's registry checks: 19.6 → 14.2 s (the state 10.5 → 7.0 s); a first load's households step 5.6 → 3.7 s.
  await sql`
    create unlogged table ${t.hh} with (fillfactor = 30) as
    select g.county_code, g.household_no, g.source_row, g.file_heads, g.villages, g.rows,
           s.village_code, s.hh_problems as problems, null::jsonb as db_problems,
           null::bigint as household_id, null::text as hh_village, null::text as hh_state,
           false as ok, false as touched
    from (select county_code, household_no,
                 coalesce(min(row_no) filter (where relation = 'head'), min(row_no)) as source_row,
                 count(*) filter (where relation = 'head')::int as file_heads,
                 count(distinct village_code)::int as villages,
                 count(*)::int as rows
          from ${t.rows} where county_code is not null and household_no is not null
          group by county_code, household_no) g
    join ${t.rows} s on s.row_no = g.source_row`.execute(db);
  await sql`alter table ${t.hh} add primary key (county_code, household_no)`.execute(db);
  await sql`create unique index on ${t.hh} (source_row)`.execute(db);
  await sql`
    update ${t.hh} h set problems = coalesce(h.problems, '[]'::jsonb) || ${problem(
      labels.village,
      'village',
      'HOUSEHOLD_VILLAGE_MISMATCH',
      sql`'同一户编号 ' || h.household_no || ' 的成员填写了 ' || h.villages || ' 个不同的村'`,
      sql`'Members of household ' || h.household_no || ' are in ' || h.villages || ' different villages'`,
    )}
    where h.villages > 1`.execute(db);
  await sql`analyze ${t.rows} ${ANALYZED}`.execute(db);
  await sql`analyze ${t.hh}`.execute(db);
}

export interface ScopeFilter {
  /** Code prefix of the importer's subtree; '' for the command line. */
  prefix: string;
}

/** Which household and member columns this file fills (from its column mapping). */
export function mappedColumns(fields: FieldKey[]): { household: string[]; member: string[] } {
  const household = new Set<string>(['village_code']);
  const member = new Set<string>(['name', 'relation', 'village_code']);
  for (const f of fields) {
    for (const c of HOUSEHOLD_FIELD_COLUMNS[f] ?? []) household.add(c);
    for (const c of MEMBER_FIELD_COLUMNS[f] ?? []) member.add(c);
  }
  return { household: [...household], member: [...member] };
}

/** Columns compared to decide "unchanged" (ciphertext differs on every encryption: compare the blind index). */
function compared(cols: string[]): string[] {
  return cols.filter((c) => c !== 'phone_enc' && c !== 'phone_masked' && c !== 'name_pinyin' && c !== 'name_initials');
}
export function rowOf(alias: string, cols: string[]): RawBuilder<unknown> {
  return sql.raw(`(${cols.map((c) => `${alias}.${c}`).join(', ')})`);
}

/**
 * The checks against the registry, run by the dry run and again inside the commit's transaction (the registry may
 * have changed in between): the household's number used by a household outside the importer's area, a person active
 * in another household, exactly one head counting the members already registered; then which households and members
 * are new, changed or unchanged.
 */
export async function registryChecks(
  db: Kysely<DB>,
  jobId: number,
  scope: ScopeFilter,
  cols: { household: string[]; member: string[] },
  labels: { idNumber: string; householdNo: string; relation: string },
): Promise<void> {
  const t = stageNames(jobId);
  const like = `${scope.prefix}%`;
  await sql`update ${t.rows} set db_problems = null where db_problems is not null`.execute(db);
  await sql`
    update ${t.hh} h set household_id = x.id, hh_village = x.village_code, db_problems = null
    from (select h2.county_code, h2.household_no, hh.id, hh.village_code
          from ${t.hh} h2 left join households hh on hh.county_code = h2.county_code and hh.household_no = h2.household_no) x
    where x.county_code = h.county_code and x.household_no = h.household_no
      and (h.household_id is distinct from x.id or h.hh_village is distinct from x.village_code or h.db_problems is not null)`.execute(db);
  // Fresh statistics after every bulk change of the staging tables: with stale ones (e.g. "no household exists") the
  // planner picks nested loops over a million rows.
  await sql`analyze ${t.hh}`.execute(db);

  await sql`
    update ${t.hh} h set db_problems = ${problem(
      labels.householdNo,
      'householdNo',
      'HOUSEHOLD_OUT_OF_SCOPE',
      sql`'户编号 ' || h.household_no || ' 在本县已登记在您管辖范围以外的村'`,
      sql`'Household number ' || h.household_no || ' is registered in a village outside your area'`,
    )}
    where h.household_id is not null and h.hh_village not like ${like}`.execute(db);

  // Each row's person as the registry has them: the active member with the row's ID number (at most one, by
  // members_person_idx), in one join of the file's rows with the members, into a narrow table of its own. Its state:
  // 'updated' or 'unchanged' (comparing the columns the file fills) when the member is in the row's household; null,
  // and `elsewhere`, when the person is active in another household (or in one of the file under another number).
  // A row with no row here is a new member. Before, two joins did this (the person elsewhere; new / changed /
  // unchanged) and the second rewrote every wide staging row: 31.7 of 43.9 s of the checks of a million-row re-import.
  const hc = compared(cols.household);
  const mc = compared(cols.member);
  await sql`drop table if exists ${t.m}`.execute(db);
  await sql`
    create unlogged table ${t.m} as
    select r.row_no, m.id as member_id, m.household_id,
           h.household_id is distinct from m.household_id as elsewhere,
           case when h.household_id is distinct from m.household_id then null
                when ${rowOf('m', mc)} is distinct from ${rowOf('r', mc)} then 'updated' else 'unchanged' end as m_state
    from ${t.rows} r
    join members m on m.id_idx = r.id_idx and m.status = 'active'
    left join ${t.hh} h on h.county_code = r.county_code and h.household_no = r.household_no
    where r.id_idx is not null and r.county_code is not null`.execute(db);
  await sql`alter table ${t.m} add primary key (row_no)`.execute(db);
  await sql`analyze ${t.m}`.execute(db);

  await sql`
    update ${t.rows} s set db_problems = coalesce(s.db_problems, '[]'::jsonb) || ${problem(
      labels.idNumber,
      'idNumber',
      'PERSON_ACTIVE_ELSEWHERE',
      sql`'身份证号 ' || s.id_masked || ' 的人员已在其他户（' || (case when o.village_code like ${like} then o.household_no else '—' end) || '）中，请先在原户办理减员'`,
      sql`'The person ' || s.id_masked || ' is already active in another household (' || (case when o.village_code like ${like} then o.household_no else '—' end) || ')'`,
    )}
    from ${t.m} x join households o on o.id = x.household_id
    where x.elsewhere and s.row_no = x.row_no`.execute(db);

  // Exactly one head: the file's heads plus registered active heads the file does not list.
  await sql`
    with extra as (
      select h.county_code, h.household_no, count(*)::int as n
      from ${t.hh} h join members m on m.household_id = h.household_id and m.status = 'active' and m.relation = 'head'
      where not exists (select 1 from ${t.rows} r where r.id_idx = m.id_idx and r.county_code = h.county_code and r.household_no = h.household_no)
      group by h.county_code, h.household_no
    ), bad as (
      select h.county_code, h.household_no, h.file_heads, h.file_heads + coalesce(e.n, 0) as heads, coalesce(e.n, 0) as registered
      from ${t.hh} h left join extra e using (county_code, household_no)
      where h.file_heads + coalesce(e.n, 0) <> 1
    )
    update ${t.hh} h set db_problems = coalesce(h.db_problems, '[]'::jsonb) || (case when b.heads = 0 then ${problem(
      labels.relation,
      'relation',
      'NO_HEAD',
      '户内没有户主（“与户主关系”须有一人为“户主”）',
      'The household has no head',
    )} else ${problem(
      labels.relation,
      'relation',
      'MANY_HEADS',
      sql`'户内有 ' || b.heads || ' 个户主' || (case when b.registered > 0 then '（含系统中已登记、本文件未列出的户主）' else '' end) || '，只能有一个'`,
      sql`'The household has ' || b.heads || ' heads; exactly one is allowed'`,
    )} end)
    from bad b where b.county_code = h.county_code and b.household_no = h.household_no`.execute(db);

  // Then, per household, in one statement (three updates rewrote every household three times: 15 s at a million):
  // - ok: imported only when none of its rows has a problem (a row without a resolvable village poisons every
  //   household of the same number);
  // - hh_state: new / updated / unchanged, comparing the household columns the file fills;
  // - touched: new or changed, or a member of it new or changed.
  await sql`
    update ${t.hh} h set ok = x.ok, hh_state = x.state, touched = x.touched
    from (select y.county_code, y.household_no,
                 y.problems is null and y.db_problems is null and not coalesce(r.bad, false) and nc.household_no is null as ok,
                 y.state,
                 y.state in ('new', 'updated') or coalesce(r.members_touched, false) as touched
          from (select h2.county_code, h2.household_no, h2.problems, h2.db_problems,
                       case when hh.id is null then 'new' when ${rowOf('hh', hc)} is distinct from ${rowOf('s', hc)} then 'updated' else 'unchanged' end as state
                from ${t.hh} h2 join ${t.rows} s on s.row_no = h2.source_row
                left join households hh on hh.id = h2.household_id) y
          left join (select r2.county_code, r2.household_no,
                            bool_or(r2.problems is not null or r2.db_problems is not null) as bad,
                            bool_or(x.m_state is null or x.m_state = 'updated') as members_touched
                     from ${t.rows} r2 left join ${t.m} x on x.row_no = r2.row_no
                     where r2.county_code is not null group by r2.county_code, r2.household_no) r
            on r.county_code = y.county_code and r.household_no = y.household_no
          left join (select distinct household_no from ${t.rows} where county_code is null and household_no is not null) nc
            on nc.household_no = y.household_no) x
    where x.county_code = h.county_code and x.household_no = h.household_no
      and (h.ok is distinct from x.ok or h.hh_state is distinct from x.state or h.touched is distinct from x.touched)`.execute(db);
  await sql`analyze ${t.hh}`.execute(db);
}

/** SQL of a row's final status, over `r` (rows) left-joined to `h` (households) and `mm` (registered persons). */
export const ROW_STATUS = sql.raw(`case
  when r.problems is not null or r.db_problems is not null or (h.source_row = r.row_no and (h.problems is not null or h.db_problems is not null)) then 'error'
  when h.ok is not true then 'skipped'
  when mm.m_state is null then 'new'
  when mm.m_state = 'updated' or (h.source_row = r.row_no and h.hh_state = 'updated') then 'updated'
  else 'unchanged' end`);

const JOIN_HH = (t: StageNames) =>
  sql`${t.rows} r left join ${t.hh} h on h.county_code = r.county_code and h.household_no = r.household_no left join ${t.m} mm on mm.row_no = r.row_no`;

export interface StageCounts {
  rows: { total: number; valid: number; error: number; skipped: number; new: number; updated: number; unchanged: number };
  households: { total: number; valid: number; error: number; new: number; updated: number; unchanged: number };
}

export async function stageCounts(db: Kysely<DB>, jobId: number): Promise<StageCounts> {
  const t = stageNames(jobId);
  const r = await sql<Record<string, number>>`
    select count(*)::int as total,
           count(*) filter (where st = 'error')::int as error,
           count(*) filter (where st = 'skipped')::int as skipped,
           count(*) filter (where st = 'new')::int as new,
           count(*) filter (where st = 'updated')::int as updated,
           count(*) filter (where st = 'unchanged')::int as unchanged
    from (select ${ROW_STATUS} as st from ${JOIN_HH(t)}) x`.execute(db);
  const h = await sql<Record<string, number>>`
    select count(*)::int as total,
           count(*) filter (where ok)::int as valid,
           count(*) filter (where ok and hh_state = 'new')::int as new,
           count(*) filter (where ok and hh_state <> 'new' and touched)::int as members_changed,
           count(*) filter (where ok and not touched)::int as unchanged
    from ${t.hh}`.execute(db);
  const rr = r.rows[0]!;
  const hr = h.rows[0]!;
  return {
    rows: { total: rr.total!, valid: rr.total! - rr.error! - rr.skipped!, error: rr.error!, skipped: rr.skipped!, new: rr.new!, updated: rr.updated!, unchanged: rr.unchanged! },
    households: { total: hr.total!, valid: hr.valid!, error: hr.total! - hr.valid!, new: hr.new!, updated: hr.members_changed!, unchanged: hr.unchanged! },
  };
}

export interface ListedProblem extends RowProblem {
  row: number;
}

/** The first `limit` problems in row order (row problems, then the household's problems on its source row). */
export async function firstProblems(db: Kysely<DB>, jobId: number, limit = 200): Promise<ListedProblem[]> {
  const t = stageNames(jobId);
  const r = await sql<{ row_no: number; p: RowProblem[] }>`
    select r.row_no,
           coalesce(r.problems, '[]'::jsonb) || coalesce(r.db_problems, '[]'::jsonb)
           || (case when h.source_row = r.row_no then coalesce(h.problems, '[]'::jsonb) || coalesce(h.db_problems, '[]'::jsonb) else '[]'::jsonb end) as p
    from ${JOIN_HH(t)}
    where r.problems is not null or r.db_problems is not null or (h.source_row = r.row_no and (h.problems is not null or h.db_problems is not null))
    order by r.row_no limit ${limit}`.execute(db);
  const out: ListedProblem[] = [];
  for (const row of r.rows) for (const p of row.p) if (out.length < limit) out.push({ row: row.row_no, ...p });
  return out;
}

export interface RowOutcome {
  row_no: number;
  status: 'new' | 'updated' | 'unchanged' | 'error' | 'skipped';
  problems: RowProblem[] | null;
  source_row: number | null;
  household_no: string | null;
}

/**
 * Statuses in row order, a page at a time (keyset on row_no): merged with the file by the report writer. The next
 * page is asked for while the report writes this one, so PostgreSQL and the writer work at the same time.
 */
export async function* rowOutcomes(db: Kysely<DB>, jobId: number, page = 20_000): AsyncGenerator<RowOutcome> {
  const t = stageNames(jobId);
  const query = async (after: number) =>
    (
      await sql<RowOutcome>`
      select r.row_no, ${ROW_STATUS} as status, h.source_row, r.household_no,
             nullif(coalesce(r.problems, '[]'::jsonb) || coalesce(r.db_problems, '[]'::jsonb)
               || (case when h.source_row = r.row_no then coalesce(h.problems, '[]'::jsonb) || coalesce(h.db_problems, '[]'::jsonb) else '[]'::jsonb end), '[]'::jsonb) as problems
      from ${JOIN_HH(t)} where r.row_no > ${after} order by r.row_no limit ${page}`.execute(db)
    ).rows;
  // A page asked for ahead may fail after its reader has stopped (a cancelled report, its staging tables dropped):
  // that failure is nobody's news, and unheard it would end the process. The reader still gets it when it awaits.
  const fetch = (after: number) => {
    const p = query(after);
    p.catch(() => {});
    return p;
  };
  let next: Promise<RowOutcome[]> | undefined = fetch(0);
  while (next) {
    const rows: RowOutcome[] = await next;
    next = rows.length === page ? fetch(rows[rows.length - 1]!.row_no) : undefined;
    yield* rows;
  }
}
