import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import type { Scope } from '../../core/scope.js';
import { householdQuery, type HouseholdFilter } from '../households/repo/search.js';

/**
 * The export's reads. Scope and filters come from householdQuery, the same query as the list: there is no second
 * scope logic.
 */

export type ExportFilter = Omit<HouseholdFilter, 'page' | 'pageSize' | 'sort' | 'order'>;

/** Active members and households the export will write. */
export async function countExportRows(db: Kysely<DB>, cipher: FieldCipher, scope: Scope, filter: ExportFilter): Promise<{ rows: number; households: number }> {
  return householdQuery(db, cipher, scope, filter)
    .innerJoin('members as m', 'm.household_id', 'h.id')
    .where('m.status', '=', 'active')
    .select([sql<number>`count(*)::int`.as('rows'), sql<number>`count(distinct h.id)::int`.as('households')])
    .executeTakeFirstOrThrow();
}

/** Members of the next page of households (keyset by household id), with the household's columns. */
export async function exportPage(db: Kysely<DB>, cipher: FieldCipher, scope: Scope, filter: ExportFilter, afterId: number, limit: number) {
  const ids = householdQuery(db, cipher, scope, filter).select('h.id').where('h.id', '>', afterId).orderBy('h.id').limit(limit);
  return db
    .selectFrom(ids.as('p'))
    .innerJoin('households as h', 'h.id', 'p.id')
    .innerJoin('members as m', 'm.household_id', 'h.id')
    .innerJoin('areas as v', 'v.code', 'h.village_code')
    .leftJoin('areas as t', (j) => j.on('t.code', '=', sql<string>`rpad(left(h.village_code, 9), 12, '0')`))
    .where('m.status', '=', 'active')
    .select([
      'h.id as hid', 'h.household_no', 'h.village_code', 'v.name as village_name', 't.name as township_name', 'h.address',
      'h.phone_enc', 'h.phone_masked', 'h.category', 'h.monitoring_type', 'h.exit_year', 'h.is_dibao', 'h.is_tekun',
      'h.is_relocated', 'h.has_left_behind', 'h.housing_rating', sql<string | null>`to_char(h.housing_rated_on, 'YYYY-MM-DD')`.as('housing_rated_on'),
      'h.water_quantity_ok', 'h.water_quality_ok', 'h.water_access_ok', 'h.water_supply_ok', 'h.income_year', 'h.income_wages',
      'h.income_business', 'h.income_property', 'h.income_transfer', 'h.expense_business', 'h.member_count', 'h.per_capita_income',
      'm.name', 'm.id_enc', 'm.id_masked', 'm.gender', sql<string>`to_char(m.birth_date, 'YYYY-MM-DD')`.as('birth_date'), 'm.relation',
      'm.ethnicity', 'm.education', 'm.school_status', 'm.health', 'm.disability_category', 'm.disability_grade', 'm.labour_capacity',
      'm.work_place', 'm.work_months', 'm.medical_insured', 'm.pension_insured', 'm.welfare_post',
    ])
    .orderBy('h.id')
    .orderBy(sql`m.relation = 'head'`, 'desc')
    .orderBy('m.id')
    .execute();
}
