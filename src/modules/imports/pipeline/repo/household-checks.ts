import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../../db/schema.js';
import { codesOf, labelOf } from '../../../../shared/codes.js';
import { problemJson as problem, type StageNames } from './stage.js';

/**
 * The checks of a file's household against the household registered under the same number, and of the household as
 * the import would leave it (the file's rows plus the registered members who stay). Each one set-based statement.
 */

/**
 * A row naming an existing household must be that household: the head the row names (户主身份证号, else 户主姓名,
 * else the file's 户主 row of that number) must be the registered head. Otherwise two families that share a number
 * would be merged (a spouse added to a stranger's household, its category and income overwritten). When the file
 * lists the registered head among the household's rows, it is that household (a new head named, the old one kept
 * with another relation, is a change of head, not a collision). A row that names no head at all, in a file without
 * the household's 户主 row, cannot be checked and is refused. Households outside the importer's area are refused
 * already (householdsOutsideScope) and never named here.
 */
export async function headsAgree(db: Kysely<DB>, t: StageNames, like: string, label: string): Promise<void> {
  await sql`
    with fh as (
      select distinct on (county_code, household_no) county_code, household_no, id_idx, name
      from ${t.rows} where relation = 'head' and county_code is not null and household_no is not null
      order by county_code, household_no, row_no
    ), reg as (
      select distinct on (h.county_code, h.household_no) h.county_code, h.household_no, m.id_idx, m.name
      from ${t.hh} h join members m on m.household_id = h.household_id and m.status = 'active' and m.relation = 'head'
      where h.household_id is not null and h.hh_village like ${like}
        and not exists (select 1 from ${t.rows} r2
                        where r2.county_code = h.county_code and r2.household_no = h.household_no and r2.id_idx = m.id_idx)
      order by h.county_code, h.household_no, m.id
    ), x as (
      select r.row_no, reg.household_no, reg.name as reg_name,
             coalesce(r.head_name, fh.name) as named,
             case when r.head_id_idx is not null then r.head_id_idx = reg.id_idx
                  when r.head_name is not null then r.head_name = regexp_replace(reg.name, '\\s', '', 'g')
                  when fh.household_no is not null then coalesce(fh.id_idx = reg.id_idx, fh.name = reg.name)
             end as agrees
      from ${t.rows} r join reg on reg.county_code = r.county_code and reg.household_no = r.household_no
      left join fh on fh.county_code = r.county_code and fh.household_no = r.household_no
    )
    update ${t.rows} s set db_problems = coalesce(s.db_problems, '[]'::jsonb) || (case when x.agrees is null then ${problem(
      label,
      'householdNo',
      'HOUSEHOLD_HEAD_UNKNOWN',
      sql`'户编号 ' || x.household_no || ' 已登记为户主' || x.reg_name || '的户，本行未给出户主，无法核对是否同一户：请填写“户主姓名”列，或在文件中列出该户的户主行'`,
      sql`'Household number ' || x.household_no || ' is registered (head: ' || x.reg_name || '); this row names no head, so it cannot be checked: fill the head''s name column or list the household''s head row'`,
    )} else ${problem(
      label,
      'householdNo',
      'HOUSEHOLD_HEAD_MISMATCH',
      sql`'户编号 ' || x.household_no || ' 已登记为户主' || x.reg_name || '的户，与本行户主“' || coalesce(x.named, '') || '”不符：请核对户编号；若是另一户，请改用未使用的户编号'`,
      sql`'Household number ' || x.household_no || ' belongs to the household of ' || x.reg_name || ', not of "' || coalesce(x.named, '') || '": check the number; another household needs a number not in use'`,
    )} end)
    from x where s.row_no = x.row_no and x.agrees is not true`.execute(db);
}

/** Relations whose member is a generation (or two) below the head, or above: [relations, years for an error, for a warning]. */
const RELATION_LABEL = sql.raw(`(case a.relation ${codesOf('relation').map((c) => `when '${c}' then '${labelOf('relation', c)}'`).join(' ')} else a.relation end)`);
const BELOW = sql.raw(`('son', 'daughter')`);
const TWO_BELOW = sql.raw(`('grandson', 'granddaughter', 'daughters_son', 'daughters_daughter')`);
const ABOVE = sql.raw(`('father', 'mother', 'father_in_law_w', 'mother_in_law_w', 'father_in_law_h', 'mother_in_law_h')`);
const TWO_ABOVE = sql.raw(`('grandfather', 'grandmother')`);

/**
 * The household as it will be: the file's rows plus the registered active members the file does not list. At most
 * one spouse of the head; relations that fit the ages. Impossible → error (the household is not imported); unusual
 * → warning (it is). A child less than 12 years younger than the head (or older) is impossible, 12–15 unusual; two
 * generations: under 24 impossible, 24–27 unusual; a spouse under 16 impossible, under the legal age of marriage
 * (22 for men, 20 for women) unusual. A registered member's finding is told on the household's row. The registered
 * members of a household outside the importer's area are not looked at (it is refused, and says nothing of them).
 */
export async function relationRules(db: Kysely<DB>, t: StageNames, like: string, label: string): Promise<void> {
  await sql`drop table if exists ${t.after}`.execute(db);
  await sql`
    create unlogged table ${t.after} as
    with after as (
      select r.county_code, r.household_no, r.row_no, r.name, r.relation, r.birth_date, r.gender
      from ${t.rows} r join ${t.hh} h on h.county_code = r.county_code and h.household_no = r.household_no
      union all
      select h.county_code, h.household_no, null::int, m.name, m.relation, m.birth_date, m.gender
      from ${t.hh} h join members m on m.household_id = h.household_id and m.status = 'active'
      where h.household_id is not null and h.hh_village like ${like} and not exists (select 1 from ${t.m} x where x.member_id = m.id)
    ), head as (
      select county_code, household_no, min(birth_date) as birth from after where relation = 'head'
      group by county_code, household_no having count(*) = 1
    )
    select a.county_code, a.household_no, a.row_no, a.name, a.relation,
           case when a.relation in ${BELOW} then extract(year from age(a.birth_date, hd.birth))
                when a.relation in ${TWO_BELOW} then extract(year from age(a.birth_date, hd.birth)) - 12
                when a.relation in ${ABOVE} then extract(year from age(hd.birth, a.birth_date))
                when a.relation in ${TWO_ABOVE} then extract(year from age(hd.birth, a.birth_date)) - 12
           end::int as gap,
           case when a.relation = 'spouse' then extract(year from age(current_date, a.birth_date))::int end as spouse_age,
           case when a.relation = 'spouse' then (case when a.gender = 'M' then 22 else 20 end) end as legal_age
    from after a left join head hd on hd.county_code = a.county_code and hd.household_no = a.household_no
    where a.birth_date is not null and (a.relation = 'spouse' or hd.birth is not null)`.execute(db);
  // A gap (generation-adjusted for two generations) under 12 is impossible, under 16 unusual.
  const finding = (level: 'error' | 'warning') => {
    const gapLimit = level === 'error' ? 12 : 16;
    const spouseLimit = level === 'error' ? sql`16` : sql`a.legal_age`;
    return sql`
      select a.county_code, a.household_no, a.row_no,
             case when a.spouse_age is not null then 'SPOUSE_AGE' else 'RELATION_AGE' end as code,
             case when a.spouse_age is not null then '配偶' || a.name || '现年 ' || a.spouse_age || ' 岁' || ${level === 'error' ? sql`'，不可能是户主的配偶'` : sql`'，未到法定婚龄（' || a.legal_age || ' 岁），请核对'`}
                  else a.name || '（' || ${RELATION_LABEL} || '）与户主年龄相差 ' || (a.gap + (case when a.relation in ${TWO_BELOW} or a.relation in ${TWO_ABOVE} then 12 else 0 end)) || ' 岁' || ${level === 'error' ? sql`'，与关系不符（不可能）：请核对与户主关系或出生日期'` : sql`'，较少见，请核对'`} end as zh,
             case when a.spouse_age is not null then 'Spouse ' || a.name || ' is ' || a.spouse_age || ${level === 'error' ? sql`': too young to be the head''s spouse'` : sql`': under the legal age of marriage; please check'`}
                  else a.name || ': the age gap to the head does not fit the relation' || ${level === 'error' ? sql`' (impossible): check the relation or the birth date'` : sql`' (unusual): please check'`} end as en
      from ${t.after} a
      where (a.gap is not null and a.gap < ${gapLimit}${level === 'warning' ? sql` and a.gap >= 12` : sql``})
         or (a.spouse_age is not null and a.spouse_age < ${spouseLimit}${level === 'warning' ? sql` and a.spouse_age >= 16` : sql``})`;
  };
  for (const level of ['error', 'warning'] as const) {
    const target = level === 'error' ? sql.raw('db_problems') : sql.raw('db_warnings');
    await sql`
      with f as (${finding(level)}), one as (
        select row_no, jsonb_agg(jsonb_build_object('column', ${label}::text, 'field', 'relation', 'code', code, 'zh', zh, 'en', en)) as p
        from f where row_no is not null group by row_no
      )
      update ${t.rows} s set ${target} = coalesce(s.${target}, '[]'::jsonb) || one.p from one where s.row_no = one.row_no`.execute(db);
    // A registered member who stays: told on the household's row.
    const hhTarget = level === 'error' ? sql.raw('db_problems') : sql.raw('warnings');
    await sql`
      with f as (${finding(level)}), one as (
        select county_code, household_no,
               jsonb_agg(jsonb_build_object('column', ${label}::text, 'field', 'relation', 'code', code, 'zh', '已登记成员' || zh, 'en', 'Registered member ' || en)) as p
        from f where row_no is null group by county_code, household_no
      )
      update ${t.hh} h set ${hhTarget} = coalesce(h.${hhTarget}, '[]'::jsonb) || one.p
      from one where h.county_code = one.county_code and h.household_no = one.household_no`.execute(db);
  }
  await sql`
    with n as (
      select county_code, household_no, count(*)::int as spouses,
             count(*) filter (where row_no is null)::int as registered
      from (select county_code, household_no, row_no from ${t.rows} where relation = 'spouse' and county_code is not null
            union all
            select h.county_code, h.household_no, null from ${t.hh} h
            join members m on m.household_id = h.household_id and m.status = 'active' and m.relation = 'spouse'
            where h.hh_village like ${like} and not exists (select 1 from ${t.m} x where x.member_id = m.id)) s
      group by county_code, household_no having count(*) > 1
    )
    update ${t.hh} h set db_problems = coalesce(h.db_problems, '[]'::jsonb) || ${problem(
      label,
      'relation',
      'MANY_SPOUSES',
      sql`'户内有 ' || n.spouses || ' 个户主的配偶' || (case when n.registered > 0 then '（含系统中已登记、本文件未列出的 ' || n.registered || ' 人）' else '' end) || '，只能有一个'`,
      sql`'The household has ' || n.spouses || ' spouses of the head; at most one is allowed'`,
    )}
    from n where h.county_code = n.county_code and h.household_no = n.household_no`.execute(db);
  await sql`drop table if exists ${t.after}`.execute(db);
}
