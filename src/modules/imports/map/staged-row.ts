import { maskId, parseIdNumber, type ParsedId } from '../../../core/idcard.js';
import type { FieldCipher } from '../../../core/field-crypto.js';
import type { HouseholdFields, MemberInput } from '../../households/validate.js';
import { namePinyin } from '../../households/pinyin.js';
import type { FieldKey } from './header.js';
import type { MemberCheck } from './member.js';
import type { Place } from './household.js';

/**
 * The staging row (columns of import_stage.job_<id>) a file's row becomes: its member and its household's columns,
 * the ID number encrypted and indexed exactly as the forms store it, its problems. Every problem names the column (as
 * written in the file) and says why, in Chinese and English.
 */
export interface RowProblem {
  column: string;
  field: string;
  code: string;
  zh: string;
  en: string;
}

/** The staging row; null fields are left out. */
export type StagedRow = Record<string, string | number | boolean | RowProblem[] | null | undefined> & { row_no: number };

/** Household columns that a file fills, by field; a household's unmapped columns are never overwritten. */
export const HOUSEHOLD_FIELD_COLUMNS: Partial<Record<FieldKey, string[]>> = {
  address: ['address'],
  phone: ['phone_idx', 'phone_enc', 'phone_masked'],
  category: ['category', 'monitoring_type'],
  monitoringType: ['category', 'monitoring_type'],
  exitYear: ['exit_year'],
  isDibao: ['is_dibao'],
  isTekun: ['is_tekun'],
  isRelocated: ['is_relocated'],
  hasLeftBehind: ['has_left_behind'],
  housingRating: ['housing_rating'],
  housingRatedOn: ['housing_rated_on'],
  waterQuantityOk: ['water_quantity_ok'],
  waterQualityOk: ['water_quality_ok'],
  waterAccessOk: ['water_access_ok'],
  waterSupplyOk: ['water_supply_ok'],
  incomeYear: ['income_year'],
  incomeWages: ['income_wages'],
  incomeBusiness: ['income_business'],
  incomeProperty: ['income_property'],
  incomeTransfer: ['income_transfer'],
  expenseBusiness: ['expense_business'],
};

/** Member columns a file fills, by field (name and relation are always there). */
export const MEMBER_FIELD_COLUMNS: Partial<Record<FieldKey, string[]>> = {
  ethnicity: ['ethnicity'],
  education: ['education'],
  schoolStatus: ['school_status'],
  health: ['health'],
  disabilityCategory: ['disability_category'],
  disabilityGrade: ['disability_grade'],
  labourCapacity: ['labour_capacity'],
  workPlace: ['work_place'],
  workMonths: ['work_months'],
  medicalInsured: ['medical_insured'],
  pensionInsured: ['pension_insured'],
  welfarePost: ['welfare_post'],
};

/**
 * Every column present from the start, null (one object shape for all rows: the chunk's column arrays read fast).
 * json_to_recordset and unnest read a null as a missing value.
 */
export function emptyStagedRow(rowNo: number): StagedRow {
  return {
    row_no: rowNo,
    household_no: null, county_code: null, village_code: null, address: null, phone_idx: null, phone_enc: null,
    phone_masked: null, category: null, monitoring_type: null, exit_year: null, is_dibao: null, is_tekun: null,
    is_relocated: null, has_left_behind: null, housing_rating: null, housing_rated_on: null,
    water_quantity_ok: null, water_quality_ok: null, water_access_ok: null, water_supply_ok: null,
    income_year: null, income_wages: null, income_business: null, income_property: null, income_transfer: null,
    expense_business: null, id_enc: null, id_idx: null, id_masked: null, name: null, name_pinyin: null,
    name_initials: null, gender: null, birth_date: null, relation: null, ethnicity: null, education: null,
    school_status: null, health: null, disability_category: null, disability_grade: null, labour_capacity: null,
    work_place: null, work_months: null, medical_insured: null, pension_insured: null, welfare_post: null,
    head_name: null, head_id_idx: null, hh_filled: null, problems: null, hh_problems: null,
  };
}

export function placeColumns(out: StagedRow, place: Place): void {
  out.household_no = place.householdNo || null;
  if (place.villageCode) {
    out.village_code = place.villageCode;
    out.county_code = place.villageCode.slice(0, 6);
  }
}

/**
 * The member's columns. A row with any problem keeps only what finds it again (the blind index, the masked number,
 * name and relation, for the checks across rows and the report); only a clean row carries the encrypted number and
 * the member's data.
 */
export function memberColumns(out: StagedRow, input: MemberInput, v: MemberCheck, idLost: boolean, clean: boolean, cipher: FieldCipher): void {
  let parsedId: ParsedId | undefined = v.value?.id;
  if (!parsedId && !idLost) {
    const r = parseIdNumber(input.idNumber);
    if (r.ok) parsedId = r.value;
  }
  if (parsedId) {
    out.id_idx = cipher.blindIndex(parsedId.id);
    out.id_masked = maskId(parsedId.id);
  }
  out.name = input.name || null;
  out.relation = input.relation || null;
  if (!v.value || !clean) return;
  const m = v.value;
  const py = namePinyin(m.name);
  out.id_enc = cipher.encrypt(m.id.id);
  out.name = m.name;
  out.name_pinyin = py.full;
  out.name_initials = py.initials;
  out.gender = m.gender;
  out.birth_date = m.birthDate;
  out.ethnicity = m.ethnicity ?? null;
  out.education = m.education ?? null;
  out.school_status = m.schoolStatus ?? null;
  out.health = m.health ?? null;
  out.disability_category = m.disabilityCategory ?? null;
  out.disability_grade = m.disabilityGrade ?? null;
  out.labour_capacity = m.labourCapacity ?? null;
  out.work_place = m.workPlace ?? null;
  out.work_months = m.workMonths ?? null;
  out.medical_insured = m.medicalInsured ?? null;
  out.pension_insured = m.pensionInsured ?? null;
  out.welfare_post = m.welfarePost ?? false;
}

/** The phone's blind index, ciphertext and masked form; a household's rows repeat its phone, encrypted once. */
export function phoneColumns(cipher: FieldCipher): (phone: string) => [string, string, string] {
  let last = '';
  let lastColumns: [string, string, string] | null = null;
  return (phone) => {
    if (phone !== last || !lastColumns) {
      last = phone;
      lastColumns = [cipher.blindIndex(phone), cipher.encrypt(phone), phone.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2')];
    }
    return lastColumns;
  };
}

export function householdColumns(out: StagedRow, h: Partial<HouseholdFields>, phone: (phone: string) => [string, string, string]): void {
  out.address = h.address ?? null;
  if (h.phone) [out.phone_idx, out.phone_enc, out.phone_masked] = phone(h.phone);
  out.category = h.category ?? null;
  out.monitoring_type = h.monitoringType ?? null;
  out.exit_year = h.exitYear ?? null;
  out.is_dibao = h.isDibao ?? null;
  out.is_tekun = h.isTekun ?? null;
  out.is_relocated = h.isRelocated ?? null;
  out.has_left_behind = h.hasLeftBehind ?? null;
  out.housing_rating = h.housingRating ?? null;
  out.housing_rated_on = h.housingRatedOn ?? null;
  out.water_quantity_ok = h.waterQuantityOk ?? null;
  out.water_quality_ok = h.waterQualityOk ?? null;
  out.water_access_ok = h.waterAccessOk ?? null;
  out.water_supply_ok = h.waterSupplyOk ?? null;
  out.income_year = h.incomeYear ?? null;
  out.income_wages = h.incomeWages ?? null;
  out.income_business = h.incomeBusiness ?? null;
  out.income_property = h.incomeProperty ?? null;
  out.income_transfer = h.incomeTransfer ?? null;
  out.expense_business = h.expenseBusiness ?? null;
}
