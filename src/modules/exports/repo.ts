import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import type { Scope } from '../../core/scope.js';
import { householdQuery, type HouseholdFilter } from '../households/repo/search.js';
import { householdColumns, memberColumns } from '../households/fields.js';

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
    // The registry's form fields (households/fields.ts) and what the template adds: places, totals, identifiers.
    .select(householdColumns.map((c) => `h.${c}` as const))
    .select(memberColumns.map((c) => `m.${c}` as const))
    .select([
      'h.id as hid', 'v.name as village_name', 't.name as township_name', 'h.phone_enc', 'h.phone_masked', 'h.member_count',
      'h.per_capita_income', 'm.id_enc', 'm.id_masked',
    ])
    .orderBy('h.id')
    .orderBy(sql`m.relation = 'head'`, 'desc')
    .orderBy('m.id')
    .execute();
}
