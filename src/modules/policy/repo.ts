import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { codeInScope, type Scope } from '../../core/scope.js';
import { policyAreasOf, policyOf, type PolicyValues } from './values.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The policy in force for a place (a village, township or county code) on a day: its county's, else its province's,
 * else the national default — the latest version effective on that day.
 */
export async function policyInForce(db: Db, areaCode: string, day: string): Promise<PolicyValues> {
  const areas = policyAreasOf(areaCode);
  const row = await db
    .selectFrom('monitoring_policies')
    .selectAll()
    .where('area_code', 'in', areas)
    .where('effective_from', '<=', day)
    .orderBy('area_level', 'desc')
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return policyOf(row);
}

export async function policyById(db: Db, id: number): Promise<PolicyValues> {
  return policyOf(await db.selectFrom('monitoring_policies').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

/** Every version a user's area is governed by or governs: the nation's, its province's, and those inside its area. */
export async function listPolicies(db: Db, scope: Scope): Promise<PolicyValues[]> {
  const above = policyAreasOf(scope.areaCode);
  const rows = await db
    .selectFrom('monitoring_policies')
    .selectAll()
    .orderBy('area_level')
    .orderBy('area_code')
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows.filter((r) => above.includes(r.area_code) || codeInScope(r.area_code, scope)).map(policyOf);
}

export async function insertPolicy(db: Db, p: Omit<PolicyValues, 'id' | 'version'>, userId: number): Promise<PolicyValues> {
  const row = await db
    .insertInto('monitoring_policies')
    .values({
      area_code: p.areaCode,
      area_level: p.areaLevel,
      year: p.year,
      version: sql<number>`(select coalesce(max(version), 0) + 1 from monitoring_policies where area_code = ${p.areaCode} and year = ${p.year})`,
      effective_from: p.effectiveFrom,
      monitoring_line: p.monitoringLine,
      categories: JSON.stringify(p.categories),
      risk_types: JSON.stringify(p.riskTypes),
      notice_days: p.noticeDays,
      time_limit: p.timeLimit,
      time_unit: p.timeUnit,
      step_limits: JSON.stringify(p.stepLimits),
      stability_months: p.stabilityMonths,
      holidays: JSON.stringify(p.holidays),
      workdays: JSON.stringify(p.workdays),
      created_by: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return policyOf(row);
}

/** Serialises publications for one area (its version numbers), until the transaction ends. */
export async function lockPolicyArea(trx: Kysely<DB>, areaCode: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('monitoring_policies'), hashtext(${areaCode}))`.execute(trx);
}
