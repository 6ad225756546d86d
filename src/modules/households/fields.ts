import type { Insertable, Selectable } from 'kysely';
import type { HouseholdsTable, MembersTable } from '../../db/schema.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { maskId } from '../../core/idcard.js';
import type { HouseholdFields, MemberInput, ValidMember } from './validate.js';
import { namePinyin } from './pinyin.js';

/**
 * The registry's form fields and the columns that hold them: the one list the forms' writes (householdRow,
 * memberRow) and the API's reads (householdFieldsOf, memberFieldsOf) are made from. A new field is a line here, a
 * rule in validate.ts and a property in schemas.ts.
 */
export const HOUSEHOLD_COLUMNS = {
  householdNo: 'household_no',
  villageCode: 'village_code',
  address: 'address',
  category: 'category',
  monitoringType: 'monitoring_type',
  exitYear: 'exit_year',
  isDibao: 'is_dibao',
  isTekun: 'is_tekun',
  isRelocated: 'is_relocated',
  hasLeftBehind: 'has_left_behind',
  housingRating: 'housing_rating',
  housingRatedOn: 'housing_rated_on',
  waterQuantityOk: 'water_quantity_ok',
  waterQualityOk: 'water_quality_ok',
  waterAccessOk: 'water_access_ok',
  waterSupplyOk: 'water_supply_ok',
  incomeYear: 'income_year',
  incomeWages: 'income_wages',
  incomeBusiness: 'income_business',
  incomeProperty: 'income_property',
  incomeTransfer: 'income_transfer',
  expenseBusiness: 'expense_business',
} as const satisfies { [K in Exclude<keyof HouseholdFields, 'phone'>]-?: keyof HouseholdsTable };

/** In the order the API lists a member's fields (an update's `changed` list follows it). */
export const MEMBER_COLUMNS = {
  name: 'name',
  gender: 'gender',
  birthDate: 'birth_date',
  relation: 'relation',
  ethnicity: 'ethnicity',
  education: 'education',
  schoolStatus: 'school_status',
  health: 'health',
  disabilityCategory: 'disability_category',
  disabilityGrade: 'disability_grade',
  labourCapacity: 'labour_capacity',
  workPlace: 'work_place',
  workMonths: 'work_months',
  medicalInsured: 'medical_insured',
  pensionInsured: 'pension_insured',
  welfarePost: 'welfare_post',
} as const satisfies { [K in Exclude<keyof MemberInput, 'idNumber'>]-?: keyof MembersTable };

/** numeric columns: PostgreSQL's driver reads them as strings; the API shows numbers. */
const AMOUNTS = ['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer', 'expenseBusiness'] as const;

type HouseholdRow = Selectable<HouseholdsTable>;
type MemberRow = Selectable<MembersTable>;
type HC = typeof HOUSEHOLD_COLUMNS;
type MC = typeof MEMBER_COLUMNS;
type Amount = (typeof AMOUNTS)[number];

/** The columns holding the form fields (a list or an export selects them: `h.${c}`). */
export type HouseholdColumn = HC[keyof HC];
export type MemberColumn = MC[keyof MC];
export const householdColumns = Object.values(HOUSEHOLD_COLUMNS) as HouseholdColumn[];
export const memberColumns = Object.values(MEMBER_COLUMNS) as MemberColumn[];

export type HouseholdFieldValues = { [K in Exclude<keyof HC, Amount>]: HouseholdRow[HC[K]] } & { [K in Amount]: number };
export type MemberFieldValues = { [K in keyof MC]: MemberRow[MC[K]] };

/** The form fields of a stored household. */
export function householdFieldsOf(row: Pick<HouseholdRow, HouseholdColumn>): HouseholdFieldValues {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < HOUSEHOLD_PAIRS.length; i++) out[HOUSEHOLD_PAIRS[i]![0]] = row[HOUSEHOLD_PAIRS[i]![1]];
  for (const field of AMOUNTS) out[field] = Number(out[field]);
  return out as HouseholdFieldValues;
}

/** The form fields of a stored member; written into `into` when given (an export's row: one object, not three). */
export function memberFieldsOf<T extends object = object>(row: Pick<MemberRow, MemberColumn>, into?: T): T & MemberFieldValues {
  const out = (into ?? {}) as Record<string, unknown>;
  for (let i = 0; i < MEMBER_PAIRS.length; i++) out[MEMBER_PAIRS[i]![0]] = row[MEMBER_PAIRS[i]![1]];
  return out as T & MemberFieldValues;
}

/**
 * The tables as [field, column] pairs, made once: an export maps 100,000 rows through the two functions above, and
 * Object.entries on each call made 2.4 million short-lived arrays (the garbage collector took 4× the export's own time).
 */
const HOUSEHOLD_PAIRS = Object.entries(HOUSEHOLD_COLUMNS) as [keyof HC, HouseholdColumn][];
const MEMBER_PAIRS = Object.entries(MEMBER_COLUMNS) as [keyof MC, MemberColumn][];

/**
 * Household columns from form fields, only those given (an update's patch): the household number upper-cased, the
 * county taken from the village, the phone encrypted with its blind index and masked copy. Derived totals are left
 * to refresh_household_totals.
 */
export function householdRow(h: Partial<HouseholdFields>, cipher: FieldCipher): Partial<Insertable<HouseholdsTable>> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(HOUSEHOLD_COLUMNS)) {
    const value = h[field as keyof HC];
    if (value !== undefined) row[column] = value;
  }
  if (h.householdNo !== undefined) row.household_no = h.householdNo.toUpperCase();
  if (h.villageCode !== undefined) row.county_code = h.villageCode.slice(0, 6);
  if (h.phone !== undefined) {
    row.phone_enc = h.phone ? cipher.encrypt(h.phone) : null;
    row.phone_idx = h.phone ? cipher.blindIndex(h.phone) : null;
    row.phone_masked = h.phone ? h.phone.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2') : null;
  }
  return row;
}

/** Member columns: ID number encrypted with SM4, blind index for look-up, masked copy for display; unset fields null. */
export function memberRow(m: ValidMember, householdId: number, villageCode: string, cipher: FieldCipher): Insertable<MembersTable> {
  const py = namePinyin(m.name);
  const row: Record<string, unknown> = {
    household_id: householdId,
    village_code: villageCode,
    id_enc: cipher.encrypt(m.id.id),
    id_idx: cipher.blindIndex(m.id.id),
    id_masked: maskId(m.id.id),
    name_pinyin: py.full,
    name_initials: py.initials,
  };
  for (const [field, column] of Object.entries(MEMBER_COLUMNS)) row[column] = m[field as keyof MC] ?? null;
  row.welfare_post = m.welfarePost ?? false;
  return row as unknown as Insertable<MembersTable>;
}
