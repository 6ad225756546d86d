import { maskId, parseIdNumber } from '../../../core/idcard.js';
import type { FieldCipher } from '../../../core/field-crypto.js';
import { codeFromLabel, type CodeTable } from '../../../shared/codes.js';
import { validateHouseholdFields, validateMember, type FieldProblem, type HouseholdFields, type MemberInput } from '../../households/validate.js';
import { namePinyin } from '../../households/pinyin.js';
import { FIELDS, type FieldKey, type HeaderResult } from './header.js';
import type { Cell } from '../parse/sheet.js';
import { BAD, identifierText, normalisePhone, parseAmount, parseBool, parseDate, parseGender, parseGrade, parseInteger, parseRating, text, type Parsed } from './values.js';
import type { VillageResolver } from './village.js';

/**
 * One member row of the file → one staging row: the member and its household's columns, validated with the
 * registry's own rules (validate.ts), ID number encrypted and indexed exactly as the forms store it. Every problem
 * names the column (as written in the file) and says why, in Chinese and English.
 */
export interface RowProblem {
  column: string;
  field: string;
  code: string;
  zh: string;
  en: string;
}

/** The staging row (column names of import_stage.job_<id>); null fields are left out. */
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

const NOT_NULL_FLAGS = new Set<FieldKey>(['isDibao', 'isTekun', 'isRelocated', 'hasLeftBehind', 'welfarePost']);
const MEMBER_FLAGS = ['medicalInsured', 'pensionInsured', 'welfarePost'] as const;
const HOUSEHOLD_FLAGS = ['isDibao', 'isTekun', 'isRelocated', 'hasLeftBehind', 'waterQuantityOk', 'waterQualityOk', 'waterAccessOk', 'waterSupplyOk'] as const;
const AMOUNTS = ['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer', 'expenseBusiness'] as const;

export interface RowMapper {
  map(rowNo: number, cells: Cell[]): StagedRow;
}

export function createRowMapper(header: HeaderResult, villages: VillageResolver, cipher: FieldCipher, currentYear = new Date().getFullYear()): RowMapper {
  const idx = header.index;
  const col = (field: string) => {
    const i = idx[field as FieldKey];
    return i === undefined ? ((FIELDS as Record<string, { zh: string }>)[field]?.zh ?? field) : header.columns[i]!.header;
  };
  const has = (k: FieldKey) => idx[k] !== undefined;
  let lastPhone = '';
  let lastPhoneEnc: [string, string, string] | null = null;

  // Per-row state and helpers, created once (not per row: a million rows).
  let cells: Cell[] = [];
  let problems: RowProblem[] = [];
  let hhProblems: RowProblem[] = [];
  const cell = (k: FieldKey): Cell | undefined => {
    const i = idx[k];
    return i === undefined ? undefined : cells[i];
  };
  const problem = (list: RowProblem[], field: string, code: string, zh: string, en: string) => list.push({ column: col(field), field, code, zh, en });
  const fromField = (list: RowProblem[], p: FieldProblem) => problem(list, p.field, p.code, p.zh, p.en);
  function parsed<T>(list: RowProblem[], k: FieldKey, v: Parsed<T>, expect: string, expectEn: string): T | undefined {
    if (v !== BAD) return v;
    problem(list, k, 'VALUE_INVALID', `“${text(cell(k))}”无法识别，应填${expect}`, `"${text(cell(k))}" is not understood; expected ${expectEn}`);
    return undefined;
  }
  // Labels repeat on every row: each (table, label) is looked up once.
  const codeCache = new Map<CodeTable, Map<string, string>>();
  const code = (table: CodeTable, k: FieldKey): string | undefined => {
    const raw = text(cell(k));
    if (!raw) return undefined;
    let labels = codeCache.get(table);
    if (!labels) codeCache.set(table, (labels = new Map()));
    let hit = labels.get(raw);
    if (hit === undefined) {
      hit = codeFromLabel(table, raw) ?? raw;
      if (labels.size > 10_000) labels.clear();
      labels.set(raw, hit);
    }
    return hit;
  };
  // Once per file, not per row (a million Date objects); a file imported across midnight keeps the first day.
  const today = new Date().toISOString().slice(0, 10);

  return {
    map(rowNo, rowCells) {
      cells = rowCells;
      problems = [];
      hhProblems = [];

      // ---- member
      const id = identifierText(cell('idNumber'));
      if (id.lost) problem(problems, 'idNumber', 'ID_NUMERIC', '身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”后重新填写', 'The ID number was stored as a number and lost its last digits; format the column as text');
      // Every property present from the start, always in this order: one object shape for every row (properties added
      // one by one, in varying sets, left V8 with slow dictionary objects, and validateMember copies this one).
      const input: MemberInput = {
        idNumber: id.lost ? '' : id.value, name: text(cell('name')), relation: code('relation', 'relation') ?? '',
        gender: undefined, birthDate: undefined, ethnicity: undefined, education: undefined, schoolStatus: undefined,
        health: undefined, disabilityCategory: undefined, disabilityGrade: undefined, labourCapacity: undefined,
        workPlace: undefined, workMonths: undefined, medicalInsured: undefined, pensionInsured: undefined, welfarePost: undefined,
      };
      if (has('education')) input.education = code('education', 'education') ?? null;
      if (has('schoolStatus')) input.schoolStatus = code('schoolStatus', 'schoolStatus') ?? null;
      if (has('health')) input.health = code('health', 'health') ?? null;
      if (has('disabilityCategory')) input.disabilityCategory = code('disabilityCategory', 'disabilityCategory') ?? null;
      if (has('labourCapacity')) input.labourCapacity = code('labour', 'labourCapacity') ?? null;
      if (has('workPlace')) input.workPlace = code('workPlace', 'workPlace') ?? null;
      if (has('gender')) input.gender = parsed(problems, 'gender', parseGender(cell('gender')), '“男”或“女”', 'M or F') ?? null;
      if (has('birthDate')) input.birthDate = parsed(problems, 'birthDate', parseDate(cell('birthDate')), '日期（如 1980-01-31）', 'a date (1980-01-31)') ?? null;
      if (has('ethnicity')) input.ethnicity = text(cell('ethnicity')) || null;
      if (has('disabilityGrade')) input.disabilityGrade = parsed(problems, 'disabilityGrade', parseGrade(cell('disabilityGrade')), '一级至四级', 'grade 1–4') ?? null;
      if (has('workMonths')) input.workMonths = parsed(problems, 'workMonths', parseInteger(cell('workMonths')), '0–12 的月数', 'months 0–12') ?? null;
      for (const k of MEMBER_FLAGS) {
        if (has(k)) input[k] = parsed(problems, k, parseBool(cell(k)), '“是”或“否”', 'yes or no') ?? (NOT_NULL_FLAGS.has(k) ? false : null);
      }
      const v = validateMember(input);
      for (const p of v.problems) {
        if (p.field === 'idNumber' && id.lost) continue;
        fromField(problems, p);
      }

      // ---- household and place
      const no = identifierText(cell('householdNo'));
      const householdNo = no.value.replace(/\s/g, '').toUpperCase();
      if (no.lost) problem(problems, 'householdNo', 'HOUSEHOLD_NO_NUMERIC', '户编号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”', 'The household number was stored as a number and lost digits; format the column as text');
      else if (!householdNo) problem(problems, 'householdNo', 'HOUSEHOLD_NO_EMPTY', '户编号为空', 'Household number is empty');
      const place = villages.resolve({
        code: has('villageCode') ? text(cell('villageCode')) || undefined : undefined,
        village: text(cell('village')) || undefined,
        township: text(cell('township')) || undefined,
        county: text(cell('county')) || undefined,
      });
      if (!place.ok) problem(problems, has('villageCode') && text(cell('villageCode')) ? 'villageCode' : 'village', place.code, place.zh, place.en);
      const villageCode = place.ok ? place.code : undefined;

      const h: Partial<HouseholdFields> = {
        householdNo: householdNo || undefined, villageCode, address: undefined, phone: undefined, category: undefined,
        monitoringType: undefined, exitYear: undefined, isDibao: undefined, isTekun: undefined, isRelocated: undefined,
        hasLeftBehind: undefined, housingRating: undefined, housingRatedOn: undefined, waterQuantityOk: undefined,
        waterQualityOk: undefined, waterAccessOk: undefined, waterSupplyOk: undefined, incomeYear: undefined,
        incomeWages: undefined, incomeBusiness: undefined, incomeProperty: undefined, incomeTransfer: undefined,
        expenseBusiness: undefined,
      };
      if (has('address')) h.address = text(cell('address')) || null;
      if (has('phone')) h.phone = normalisePhone(cell('phone')) || null;
      if (has('category') || has('monitoringType')) {
        const rawCat = text(cell('category'));
        let category = rawCat ? codeFromLabel('category', rawCat) : undefined;
        let type = has('monitoringType') ? text(cell('monitoringType')) : '';
        let monitoringType = type ? codeFromLabel('monitoringType', type) : undefined;
        if (rawCat && !category) {
          // 户类型 written as the monitoring category itself (脱贫不稳定户 …).
          monitoringType = codeFromLabel('monitoringType', rawCat) ?? monitoringType;
          if (monitoringType && !type) type = rawCat;
          if (!monitoringType) problem(hhProblems, 'category', 'CODE_UNKNOWN', `户类型“${rawCat}”不在代码表中（脱贫户、监测户、一般农户）`, `Household type "${rawCat}" is not in the code table`);
        }
        if (type && !monitoringType) problem(hhProblems, 'monitoringType', 'CODE_UNKNOWN', `监测对象类别“${type}”不在代码表中`, `Monitoring category "${type}" is not in the code table`);
        // A monitored household is monitored whatever else it is (an exited household can be 脱贫不稳定户).
        if (monitoringType) category = 'monitored';
        h.category = (category ?? 'ordinary') as HouseholdFields['category'];
        h.monitoringType = (monitoringType ?? null) as HouseholdFields['monitoringType'];
      }
      if (has('exitYear')) h.exitYear = parsed(hhProblems, 'exitYear', parseInteger(cell('exitYear')), '年份（如 2019）', 'a year') ?? null;
      if (has('incomeYear')) h.incomeYear = parsed(hhProblems, 'incomeYear', parseInteger(cell('incomeYear')), '年份（如 2024）', 'a year') ?? null;
      for (const k of HOUSEHOLD_FLAGS) {
        if (has(k)) h[k] = parsed(hhProblems, k, parseBool(cell(k)), '“是”或“否”', 'yes or no') ?? (NOT_NULL_FLAGS.has(k) ? false : null) as never;
      }
      if (has('housingRating')) h.housingRating = parsed(hhProblems, 'housingRating', parseRating(cell('housingRating')), 'A、B、C 或 D 级', 'A, B, C or D') ?? null;
      if (has('housingRatedOn')) h.housingRatedOn = parsed(hhProblems, 'housingRatedOn', parseDate(cell('housingRatedOn')), '日期（如 2023-05-01）', 'a date') ?? null;
      for (const k of AMOUNTS) {
        if (has(k)) h[k] = parsed(hhProblems, k, parseAmount(cell(k)), '金额（元）', 'an amount in yuan') ?? 0;
      }
      for (const p of validateHouseholdFields(h, currentYear)) {
        if (p.field === 'householdNo' || p.field === 'villageCode') {
          if (p.field === 'householdNo' && householdNo) fromField(problems, p);
        } else fromField(hhProblems, p);
      }
      if (h.housingRatedOn && h.housingRatedOn > today) {
        problem(hhProblems, 'housingRatedOn', 'DATE_FUTURE', '住房鉴定日期晚于今天', 'The housing rating date is in the future');
      }

      // ---- the staging row (only non-empty values: json_to_recordset reads a missing key as null)
      // Every column present from the start (one object shape for all rows: the chunk's column arrays read fast).
      const out: StagedRow = {
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
        problems: null, hh_problems: null,
      };
      out.household_no = householdNo || null;
      if (villageCode) {
        out.village_code = villageCode;
        out.county_code = villageCode.slice(0, 6);
      }
      let parsedId = v.value?.id;
      if (!parsedId && !id.lost) {
        const r = parseIdNumber(input.idNumber);
        if (r.ok) parsedId = r.value;
      }
      if (parsedId) {
        out.id_idx = cipher.blindIndex(parsedId.id);
        out.id_masked = maskId(parsedId.id);
      }
      out.name = input.name || null;
      out.relation = input.relation || null;
      if (v.value && problems.length === 0) {
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
      out.address = h.address ?? null;
      if (h.phone) {
        if (h.phone !== lastPhone || !lastPhoneEnc) {
          lastPhone = h.phone;
          lastPhoneEnc = [cipher.blindIndex(h.phone), cipher.encrypt(h.phone), h.phone.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2')];
        }
        [out.phone_idx, out.phone_enc, out.phone_masked] = lastPhoneEnc;
      }
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
      if (problems.length) out.problems = problems;
      if (hhProblems.length) out.hh_problems = hhProblems;
      return out;
    },
  };
}
