import { EXIT_YEAR_PENDING, EXIT_YEAR_PENDING_ZH } from '../../map/household.js';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../../../db/schema.js';
import type { FieldKey } from '../../map/header.js';
import { HOUSEHOLD_FIELD_COLUMNS, MEMBER_FIELD_COLUMNS } from '../../map/staged-row.js';
import { headsAgree, relationRules } from './household-checks.js';
import { householdColumnLabel } from '../household-changes.js';
import { problemJson as problem, stageNames, type StageNames } from './stage.js';

export interface ScopeFilter {
  /** Code prefix of the importer's subtree; '' for the command line. */
  prefix: string;
}

/** The fields the file fills: its mapped columns, and 脱贫年度 when one year was given for the whole file. */
export function filledFields(columns: { field: string | null }[], override: unknown): FieldKey[] {
  const fields = columns.filter((c) => c.field).map((c) => c.field!) as FieldKey[];
  const exitYear = (override as { exitYear?: number | null } | null)?.exitYear;
  if (exitYear && !fields.includes('exitYear')) fields.push('exitYear');
  return fields;
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
function rowOf(alias: string, cols: string[]): RawBuilder<unknown> {
  return sql.raw(`(${cols.map((c) => `${alias}.${c}`).join(', ')})`);
}

/**
 * The checks against the registry, run by the dry run and again inside the commit's transaction (the registry may
 * have changed in between), each one set-based statement or a few: the file's households matched to the registry's,
 * a household number used by a household outside the importer's area, the rows' persons as registered (one active
 * elsewhere is a problem), exactly one head counting the members already registered; then which households and
 * members are new, changed or unchanged.
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
  await matchRegisteredHouseholds(db, t);
  await householdsOutsideScope(db, t, like, labels.householdNo);
  await registeredPersons(db, t, cols);
  await personsActiveElsewhere(db, t, like, labels.idNumber);
  await headsAgree(db, t, like, labels.householdNo);
  await oneHeadEach(db, t, like, labels.relation);
  await relationRules(db, t, like, labels.relation);
  await householdOutcomes(db, t, like, compared(cols.household));
  if (!cols.household.includes('exit_year')) await exitYearPending(db, t);
}

/**
 * A roll of 脱贫户 without a 脱贫年度 column, and no year given for the file: each such household (a new one, or a
 * registered one whose year is empty too) is imported with its year empty, flagged for completion — a warning on its
 * row, listed once for the file (outcomes.ts FILE_WIDE). The list finds them with `incomplete=true`.
 */
async function exitYearPending(db: Kysely<DB>, t: StageNames): Promise<void> {
  await sql`
    update ${t.rows} r set db_warnings = coalesce(r.db_warnings, '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
      'column', '脱贫年度', 'field', 'exitYear', 'code', ${EXIT_YEAR_PENDING}::text,
      'zh', ${EXIT_YEAR_PENDING_ZH}::text,
      'en', 'No exit year in the file: the household is imported with it empty, flagged for completion (give one year for the file in the column mapping step, or fill it in on the household)'))
    from ${t.hh} h
    where h.source_row = r.row_no and r.category = 'exited' and r.exit_year is null
      and (h.household_id is null or exists (select 1 from households x where x.id = h.household_id and x.exit_year is null))`.execute(db);
}

/** Clears the last run's findings and joins each household of the file to the registry's of the same number. */
async function matchRegisteredHouseholds(db: Kysely<DB>, t: StageNames): Promise<void> {
  await sql`update ${t.rows} set db_problems = null, db_warnings = null where db_problems is not null or db_warnings is not null`.execute(db);
  await sql`
    update ${t.hh} h set household_id = x.id, hh_village = x.village_code, db_problems = null, warnings = null
    from (select h2.county_code, h2.household_no, hh.id, hh.village_code
          from ${t.hh} h2 left join households hh on hh.county_code = h2.county_code and hh.household_no = h2.household_no) x
    where x.county_code = h.county_code and x.household_no = h.household_no
      and (h.household_id is distinct from x.id or h.hh_village is distinct from x.village_code or h.db_problems is not null or h.warnings is not null)`.execute(db);
  // Fresh statistics after every bulk change of the staging tables: with stale ones (e.g. "no household exists") the
  // planner picks nested loops over a million rows.
  await sql`analyze ${t.hh}`.execute(db);
}

/**
 * A household number registered in this county in a village outside the importer's area: it cannot be used here. The
 * message says no more (not whose household, not where): the importer may not learn what lies outside his area.
 */
async function householdsOutsideScope(db: Kysely<DB>, t: StageNames, like: string, label: string): Promise<void> {
  await sql`
    update ${t.hh} h set db_problems = ${problem(
      label,
      'householdNo',
      'HOUSEHOLD_OUT_OF_SCOPE',
      sql`'户编号 ' || h.household_no || ' 不能在此使用（请联系县级管理员）'`,
      sql`'Household number ' || h.household_no || ' cannot be used here (contact the county)'`,
    )}
    where h.household_id is not null and h.hh_village not like ${like}`.execute(db);
}

/**
 * Each row's person as the registry has them: the active member with the row's ID number (at most one, by
 * members_person_idx), in one join of the file's rows with the members, into a narrow table of its own (job_<id>_m).
 * Its state: 'updated' or 'unchanged' (comparing the columns the file fills) when the member is in the row's
 * household; null, and `elsewhere`, when the person is active in another household (or in one of the file under
 * another number). A row with no row here is a new member. Before, two joins did this (the person elsewhere; new /
 * changed / unchanged) and the second rewrote every wide staging row: 31.7 of 43.9 s of the checks of a million-row
 * re-import.
 */
async function registeredPersons(db: Kysely<DB>, t: StageNames, cols: { member: string[] }): Promise<void> {
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
}

/**
 * A row whose person is active in another household. Within the importer's area the message names the person (masked
 * ID number) and the household; outside it, nothing: only that the person cannot be registered here.
 */
async function personsActiveElsewhere(db: Kysely<DB>, t: StageNames, like: string, label: string): Promise<void> {
  await sql`
    update ${t.rows} s set db_problems = coalesce(s.db_problems, '[]'::jsonb) || (case when o.village_code like ${like} then ${problem(
      label,
      'idNumber',
      'PERSON_ACTIVE_ELSEWHERE',
      sql`'身份证号 ' || s.id_masked || ' 的人员已在其他户（' || o.household_no || '）中，请先在原户办理减员'`,
      sql`'The person ' || s.id_masked || ' is already active in another household (' || o.household_no || ')'`,
    )} else ${problem(
      label,
      'idNumber',
      'PERSON_ACTIVE_ELSEWHERE',
      '本行人员不能在此登记（请联系县级管理员）',
      'This person cannot be registered here (contact the county)',
    )} end)
    from ${t.m} x join households o on o.id = x.household_id
    where x.elsewhere and s.row_no = x.row_no`.execute(db);
}

/**
 * Exactly one head: the file's heads plus the registered active heads the file does not list (of a household in the
 * importer's area only: one outside is refused already, and its members are not to be counted here).
 */
async function oneHeadEach(db: Kysely<DB>, t: StageNames, like: string, label: string): Promise<void> {
  await sql`
    with extra as (
      select h.county_code, h.household_no, count(*)::int as n
      from ${t.hh} h join members m on m.household_id = h.household_id and m.status = 'active' and m.relation = 'head'
      where h.hh_village like ${like}
        and not exists (select 1 from ${t.rows} r where r.id_idx = m.id_idx and r.county_code = h.county_code and r.household_no = h.household_no)
      group by h.county_code, h.household_no
    ), bad as (
      select h.county_code, h.household_no, h.file_heads, h.file_heads + coalesce(e.n, 0) as heads, coalesce(e.n, 0) as registered
      from ${t.hh} h left join extra e using (county_code, household_no)
      where h.file_heads + coalesce(e.n, 0) <> 1
    )
    update ${t.hh} h set db_problems = coalesce(h.db_problems, '[]'::jsonb) || (case when b.heads = 0 then ${problem(
      label,
      'relation',
      'NO_HEAD',
      '户内没有户主（“与户主关系”须有一人为“户主”）',
      'The household has no head',
    )} else ${problem(
      label,
      'relation',
      'MANY_HEADS',
      sql`'户内有 ' || b.heads || ' 个户主' || (case when b.registered > 0 then '（含系统中已登记、本文件未列出的户主）' else '' end) || '，只能有一个'`,
      sql`'The household has ' || b.heads || ' heads; exactly one is allowed'`,
    )} end)
    from bad b where b.county_code = h.county_code and b.household_no = h.household_no`.execute(db);
}

/**
 * Per household, in one statement (three updates rewrote every household three times: 15 s at a million):
 * - ok: imported only when none of its rows has a problem (a row without a resolvable village poisons every
 *   household of the same number);
 * - hh_state: new / updated / unchanged, comparing the household columns `hc` the file fills. Only the 户主's row
 *   speaks for the household: an existing household whose head's row is not in the file keeps its values (a
 *   member's row never changes the household's category, income, phone …);
 * - changes: per changed column, [registered, file] (the report's old → new);
 * - kept: its registered active members the file does not list (they stay);
 * - touched: new or changed, or a member of it new or changed.
 * Then a member's row that fills household columns otherwise than its head's row is told (a warning).
 */
async function householdOutcomes(db: Kysely<DB>, t: StageNames, like: string, hc: string[]): Promise<void> {
  const cols = hc.filter((c) => c !== 'village_code');
  const diff = sql.raw(
    `jsonb_strip_nulls(jsonb_build_object(${['village_code', ...cols]
      .map((c) =>
        c === 'phone_idx'
          ? `'phone', case when hh.phone_idx is distinct from s.phone_idx then jsonb_build_array(hh.phone_masked, s.phone_masked) end`
          : `'${c}', case when hh.${c} is distinct from s.${c} then jsonb_build_array(hh.${c}, s.${c}) end`,
      )
      .join(', ')}))`,
  );
  await sql`
    update ${t.hh} h set ok = x.ok, hh_state = x.state, touched = x.touched, kept = x.kept,
                         changes = case when x.state = 'updated' then x.diff end,
                         warnings = case when x.unheaded then coalesce(h.warnings, '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
                           'column', '与户主关系', 'field', 'relation', 'code', 'HOUSEHOLD_VALUES_KEPT',
                           'zh', '文件中没有本户的户主行：户信息（户类型、收入、电话等）以户主行为准，本次不更新',
                           'en', 'The file has no head row for this household: its household values are taken from the head''s row only and stay as registered')) else h.warnings end
    from (select y.county_code, y.household_no,
                 y.problems is null and y.db_problems is null and not coalesce(r.bad, false) and nc.household_no is null as ok,
                 case when y.id is null then 'new' when y.head_row and y.diff <> '{}'::jsonb then 'updated' else 'unchanged' end as state,
                 y.id is not null and not y.head_row and y.diff <> '{}'::jsonb as unheaded,
                 y.diff, y.kept,
                 y.id is null or (y.head_row and y.diff <> '{}'::jsonb) or coalesce(r.members_touched, false) as touched
          from (select h2.county_code, h2.household_no, h2.problems, h2.db_problems, hh.id, s.relation = 'head' as head_row,
                       case when hh.id is null or hh.village_code not like ${like} then '{}'::jsonb else ${diff} end as diff,
                       case when hh.id is null or hh.village_code not like ${like} then 0 else (select count(*)::int from members km
                         where km.household_id = hh.id and km.status = 'active'
                           and not exists (select 1 from ${t.m} kx where kx.member_id = km.id)) end as kept
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
      and (h.ok is distinct from x.ok or h.hh_state is distinct from x.state or h.touched is distinct from x.touched
           or h.kept is distinct from x.kept or x.unheaded or h.changes is distinct from (case when x.state = 'updated' then x.diff end))`.execute(db);
  await sql`analyze ${t.hh}`.execute(db);
  await membersDisagree(db, t, cols);
}

/** A member's row whose filled household columns differ from its head's row: told; the head's row counts. */
async function membersDisagree(db: Kysely<DB>, t: StageNames, cols: string[]): Promise<void> {
  if (!cols.length) return;
  const which = sql.raw(
    `concat_ws('、', ${cols
      .map((c) => `case when r.hh_filled like '%,${c},%' and r.${c} is distinct from s.${c} then '${householdColumnLabel(c)}' end`)
      .join(', ')})`,
  );
  await sql`
    with d as (
      select r.row_no, ${which} as cols
      from ${t.rows} r join ${t.hh} h on h.county_code = r.county_code and h.household_no = r.household_no
      join ${t.rows} s on s.row_no = h.source_row
      where r.row_no <> h.source_row and s.relation = 'head' and r.hh_filled is not null
    )
    update ${t.rows} r set db_warnings = coalesce(r.db_warnings, '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
      'column', d.cols, 'field', 'household', 'code', 'HOUSEHOLD_VALUES_DIFFER',
      'zh', '本行的户信息（' || d.cols || '）与户主行不同：户信息以户主行为准，本行的不采用',
      'en', 'This row''s household values (' || d.cols || ') differ from the head''s row: the head''s row counts'))
    from d where d.row_no = r.row_no and d.cols <> ''`.execute(db);
}
