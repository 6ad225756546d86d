import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../../db/schema.js';
import { problemJson as problem, stageNames } from './stage.js';

/**
 * Statistics only for the columns the checks join and filter on: ANALYZE of all fifty columns (texts, ciphertexts,
 * JSON problems) took most of a second each time, at any size (it samples 30,000 rows).
 */
const ANALYZED = sql.raw('(row_no, id_idx, county_code, household_no, relation)');

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
           false as ok, false as touched, null::jsonb as warnings, null::jsonb as changes, 0 as kept
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

