import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, MembersTable } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { parseIdNumber } from '../../core/idcard.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { assertInScope, inScope, type Scope } from '../../core/scope.js';

/** A household as the API shows it: masked identifiers, derived totals. */
export async function getHousehold(db: Kysely<DB>, scope: Scope, id: number) {
  const h = await db
    .selectFrom('households as h')
    .innerJoin('areas as v', 'v.code', 'h.village_code')
    .selectAll('h')
    .select('v.name as village_name')
    .where('h.id', '=', id)
    .executeTakeFirst();
  if (!h) throw new AppError('NOT_FOUND');
  assertInScope(h.village_code, scope);
  const members = await db.selectFrom('members').selectAll().where('household_id', '=', id).orderBy(sql`status = 'active'`, 'desc').orderBy('id').execute();
  return {
    id: h.id,
    householdNo: h.household_no,
    villageCode: h.village_code,
    villageName: h.village_name,
    address: h.address,
    headName: h.head_name,
    phoneMasked: h.phone_masked,
    category: h.category,
    monitoringType: h.monitoring_type,
    exitYear: h.exit_year,
    isDibao: h.is_dibao,
    isTekun: h.is_tekun,
    isRelocated: h.is_relocated,
    hasLeftBehind: h.has_left_behind,
    housingRating: h.housing_rating,
    housingRatedOn: h.housing_rated_on,
    waterQuantityOk: h.water_quantity_ok,
    waterQualityOk: h.water_quality_ok,
    waterAccessOk: h.water_access_ok,
    waterSupplyOk: h.water_supply_ok,
    incomeYear: h.income_year,
    incomeWages: Number(h.income_wages),
    incomeBusiness: Number(h.income_business),
    incomeProperty: Number(h.income_property),
    incomeTransfer: Number(h.income_transfer),
    expenseBusiness: Number(h.expense_business),
    memberCount: h.member_count,
    perCapitaIncome: h.per_capita_income == null ? null : Number(h.per_capita_income),
    version: h.version,
    updatedAt: h.updated_at.toISOString(),
    members: members.map(memberDto),
  };
}

export function memberDto(m: Selectable<MembersTable>) {
  return {
    id: m.id,
    idMasked: m.id_masked,
    name: m.name,
    gender: m.gender,
    birthDate: m.birth_date,
    relation: m.relation,
    ethnicity: m.ethnicity,
    education: m.education,
    schoolStatus: m.school_status,
    health: m.health,
    disabilityCategory: m.disability_category,
    disabilityGrade: m.disability_grade,
    labourCapacity: m.labour_capacity,
    workPlace: m.work_place,
    workMonths: m.work_months,
    medicalInsured: m.medical_insured,
    pensionInsured: m.pension_insured,
    welfarePost: m.welfare_post,
    status: m.status,
    statusDate: m.status_date,
    statusReason: m.status_reason,
  };
}

export interface HouseholdFilter {
  q?: string;
  villageCode?: string;
  category?: 'exited' | 'monitored' | 'ordinary';
  isDibao?: boolean;
  isTekun?: boolean;
  isRelocated?: boolean;
  hasLeftBehind?: boolean;
  sort?: 'householdNo' | 'headName' | 'perCapitaIncome' | 'memberCount' | 'updatedAt';
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const SORT_COLUMNS = {
  householdNo: 'h.household_no',
  headName: 'h.head_name',
  perCapitaIncome: 'h.per_capita_income',
  memberCount: 'h.member_count',
  updatedAt: 'h.updated_at',
} as const;

/**
 * The searchable list, always inside the user's scope. `q` is read by its shape: a valid ID number → exact blind-index
 * match; digits → household number prefix; Chinese → name prefix; latin letters → full pinyin or initials prefix.
 */
export function householdQuery(db: Kysely<DB>, cipher: FieldCipher, scope: Scope, f: Omit<HouseholdFilter, 'page' | 'pageSize'>) {
  let q = db.selectFrom('households as h').where(inScope('h.village_code', scope));
  if (f.villageCode) {
    assertInScope(f.villageCode, scope);
    q = q.where('h.village_code', 'like', `${f.villageCode.replace(/0+$/, '')}%`);
  }
  if (f.category) q = q.where('h.category', '=', f.category);
  for (const [key, col] of [['isDibao', 'h.is_dibao'], ['isTekun', 'h.is_tekun'], ['isRelocated', 'h.is_relocated'], ['hasLeftBehind', 'h.has_left_behind']] as const) {
    if (f[key] !== undefined) q = q.where(col, '=', f[key]!);
  }
  const term = f.q?.trim();
  if (term) {
    const members = (build: (m: ReturnType<typeof memberBase>) => ReturnType<typeof memberBase>) =>
      q.where('h.id', 'in', build(memberBase(db, scope)).select('m.household_id'));
    const parsed = parseIdNumber(term);
    const like = term.toLowerCase().replace(/[%_\\]/g, '\\$&') + '%';
    if (parsed.ok) q = members((m) => m.where('m.id_idx', '=', cipher.blindIndex(parsed.value.id)));
    else if (/\d/.test(term)) q = q.where('h.household_no', 'like', `${term.toUpperCase().replace(/[%_\\]/g, '\\$&')}%`);
    else if (/^[a-z]+$/i.test(term)) {
      q = members((m) => m.where((eb) => eb.or([eb('m.name_initials', 'like', like), eb('m.name_pinyin', 'like', like)])));
    } else q = members((m) => m.where('m.name', 'like', like));
  }
  return q;
}

function memberBase(db: Kysely<DB>, scope: Scope) {
  return db.selectFrom('members as m').where(inScope('m.village_code', scope));
}

export async function listHouseholds(db: Kysely<DB>, cipher: FieldCipher, scope: Scope, f: HouseholdFilter) {
  const base = householdQuery(db, cipher, scope, f);
  const sortCol = SORT_COLUMNS[f.sort ?? 'householdNo'];
  const [rows, count] = await Promise.all([
    base
      .innerJoin('areas as v', 'v.code', 'h.village_code')
      .select([
        'h.id', 'h.household_no', 'h.village_code', 'v.name as village_name', 'h.head_name', 'h.category', 'h.monitoring_type',
        'h.is_dibao', 'h.is_tekun', 'h.is_relocated', 'h.has_left_behind', 'h.member_count', 'h.per_capita_income', 'h.updated_at',
        sql<string | null>`(select id_masked from members mh where mh.household_id = h.id and mh.relation = 'head' and mh.status = 'active' limit 1)`.as('head_id_masked'),
      ])
      .orderBy(sql.ref(sortCol), f.order === 'desc' ? sql`desc nulls last` : sql`asc nulls last`)
      .orderBy('h.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      householdNo: r.household_no,
      villageCode: r.village_code,
      villageName: r.village_name,
      headName: r.head_name,
      headIdMasked: r.head_id_masked,
      category: r.category,
      monitoringType: r.monitoring_type,
      isDibao: r.is_dibao,
      isTekun: r.is_tekun,
      isRelocated: r.is_relocated,
      hasLeftBehind: r.has_left_behind,
      memberCount: r.member_count,
      perCapitaIncome: r.per_capita_income == null ? null : Number(r.per_capita_income),
      updatedAt: r.updated_at.toISOString(),
    })),
    total: count.n,
    page: f.page,
    pageSize: f.pageSize,
  };
}

export async function householdHistory(db: Kysely<DB>, scope: Scope, id: number) {
  await getHousehold(db, scope, id);
  const rows = await db.selectFrom('household_history').select(['id', 'ts', 'username', 'action', 'summary']).where('household_id', '=', id).orderBy('ts', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, ts: r.ts.toISOString(), username: r.username, action: r.action, summary: r.summary }));
}

/** The household as it was at the end of `date` (YYYY-MM-DD, China time): the last snapshot taken by then. */
export async function householdAsOf(db: Kysely<DB>, scope: Scope, id: number, date: string) {
  await getHousehold(db, scope, id);
  const row = await db
    .selectFrom('household_history')
    .select(['ts', 'snapshot'])
    .where('household_id', '=', id)
    .where('ts', '<', sql<Date>`(${date}::date + 1)::timestamp at time zone 'Asia/Shanghai'`)
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return { asOf: row.ts.toISOString(), snapshot: row.snapshot };
}
