import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { inScope, type Scope } from '../../core/scope.js';
import type { CaseRow } from './machine.js';

/** The SQL of the monitoring chain's reports: the village's notice list and the time each step took. */

export interface NoticeCaseRow extends CaseRow {
  head_name: string | null;
  member_count: number | null;
  current_category: string | null;
}

/** The open cases of a village waiting in its public notice (村内公示), oldest first. */
export async function noticeCasesOfVillage(db: Kysely<DB>, villageCode: string): Promise<NoticeCaseRow[]> {
  return (await db
    .selectFrom('monitoring_cases as c')
    .leftJoin('households as h', 'h.id', 'c.household_id')
    .leftJoin('monitoring_records as r', (j) => j.onRef('r.household_id', '=', 'c.household_id').on('r.ended_on', 'is', null))
    .selectAll('c')
    .select(['h.head_name', 'h.member_count', 'r.category as current_category'])
    .where('c.village_code', '=', villageCode)
    .where('c.state', '=', 'notice')
    .where('c.closed_at', 'is', null)
    .orderBy('c.id')
    .execute()) as NoticeCaseRow[];
}

/** The category of a household's current monitoring record (a risk elimination's notice names it). */
export async function currentCategory(db: Kysely<DB>, householdId: number): Promise<string | null> {
  const r = await db.selectFrom('monitoring_records').select('category').where('household_id', '=', householdId).where('ended_on', 'is', null).executeTakeFirst();
  return r?.category ?? null;
}

export interface StepPassage {
  case_id: number;
  policy_id: number;
  township_code: string;
  township_name: string | null;
  step: string;
  entered_at: Date;
  left_at: Date;
}

/**
 * Every stay of a case in a step that ended between two China days (inclusive), in the scope: from the history
 * (state_transitions) — entered by the row before, left by this one.
 */
export async function stepPassages(db: Kysely<DB>, scope: Scope, from: string, to: string): Promise<StepPassage[]> {
  const r = await sql<StepPassage>`
    with moves as (
      select t.entity_id, t.from_state, t.at, lag(t.at) over (partition by t.entity_id order by t.id) as entered_at
      from state_transitions t
      where t.entity_type = 'monitoring_case'
    )
    select c.id as case_id, c.policy_id, substr(c.village_code, 1, 9) || '000' as township_code, a.name as township_name,
           m.from_state as step, m.entered_at, m.at as left_at
    from moves m
    join monitoring_cases c on c.id = m.entity_id
    left join areas a on a.code = substr(c.village_code, 1, 9) || '000'
    where m.entered_at is not null
      and (m.at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date
      and ${inScope('c.village_code', scope)}
    order by township_code, m.from_state, c.id`.execute(db);
  return r.rows;
}
