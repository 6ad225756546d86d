import { codeFromLabel } from '../../../shared/codes.js';
import { validateHouseholdFields, type HouseholdFields } from '../../households/validate.js';
import type { RowReader } from './row-reader.js';
import { identifierText, normalisePhone, parseAmount, parseBool, parseDate, parseInteger, parseRating, text } from './values.js';
import type { VillageResolver } from './village.js';

/**
 * The household's side of a row: its number and village (problems of the member row: without them the row belongs
 * nowhere), and its own columns (problems of the household: they come from the household's source row).
 */

const HOUSEHOLD_FLAGS = ['isDibao', 'isTekun', 'isRelocated', 'hasLeftBehind', 'waterQuantityOk', 'waterQualityOk', 'waterAccessOk', 'waterSupplyOk'] as const;
/** Flags the registry never leaves empty: an empty or unreadable cell is "no". */
const NOT_NULL_FLAGS = new Set<string>(['isDibao', 'isTekun', 'isRelocated', 'hasLeftBehind']);
/** A 脱贫户 row of a file without a 脱贫年度 column (and no year given for the file). */
export const EXIT_YEAR_COLUMN_MISSING = 'EXIT_YEAR_COLUMN_MISSING';
/** A 脱贫户 imported without its exit year (no column, no year for the file): a warning, the household flagged. */
export const EXIT_YEAR_PENDING = 'EXIT_YEAR_PENDING';
export const EXIT_YEAR_PENDING_ZH = '文件没有“脱贫年度”列：脱贫户的脱贫年度留空导入，标为“待补全”（可在“列对应”步骤为整个文件填写一个脱贫年度，或导入后在户信息中补填）';
export const EXIT_YEAR_COLUMN_MISSING_ZH = '文件没有“脱贫年度”列，脱贫户须填写脱贫年度：请在“列对应”步骤为整个文件填写一个脱贫年度，或在文件中加上该列';
const AMOUNTS = ['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer', 'expenseBusiness'] as const;

export interface Place {
  /** Upper case, no spaces; '' when missing or lost. */
  householdNo: string;
  /** The village found by code or by name; undefined when none was. */
  villageCode: string | undefined;
}

/** The household number and the village (by code, or by the names of village, township and county). */
export function readPlace(r: RowReader, villages: VillageResolver): Place {
  const no = identifierText(r.cell('householdNo'));
  const householdNo = no.value.replace(/\s/g, '').toUpperCase();
  if (no.lost) r.problem(r.problems, 'householdNo', 'HOUSEHOLD_NO_NUMERIC', '户编号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”', 'The household number was stored as a number and lost digits; format the column as text');
  else if (!householdNo) r.problem(r.problems, 'householdNo', 'HOUSEHOLD_NO_EMPTY', '户编号为空', 'Household number is empty');
  const byCode = r.has('villageCode') ? text(r.cell('villageCode')) || undefined : undefined;
  const place = villages.resolve({
    code: byCode,
    village: text(r.cell('village')) || undefined,
    township: text(r.cell('township')) || undefined,
    county: text(r.cell('county')) || undefined,
  });
  if (!place.ok) r.problem(r.problems, byCode ? 'villageCode' : 'village', place.code, place.zh, place.en);
  return { householdNo, villageCode: place.ok ? place.code : undefined };
}

/** The household's columns the file fills, checked with the registry's household rules. */
export function readHousehold(r: RowReader, place: Place, currentYear: number, today: string, fileExitYear?: number): Partial<HouseholdFields> {
  // One object shape for every row, as readMember's.
  const h: Partial<HouseholdFields> = {
    householdNo: place.householdNo || undefined, villageCode: place.villageCode, address: undefined, phone: undefined, category: undefined,
    monitoringType: undefined, exitYear: undefined, isDibao: undefined, isTekun: undefined, isRelocated: undefined,
    hasLeftBehind: undefined, housingRating: undefined, housingRatedOn: undefined, waterQuantityOk: undefined,
    waterQualityOk: undefined, waterAccessOk: undefined, waterSupplyOk: undefined, incomeYear: undefined,
    incomeWages: undefined, incomeBusiness: undefined, incomeProperty: undefined, incomeTransfer: undefined,
    expenseBusiness: undefined,
  };
  const hp = r.hhProblems;
  if (r.has('address')) h.address = text(r.cell('address')) || null;
  if (r.has('phone')) h.phone = normalisePhone(r.cell('phone')) || null;
  if (r.has('category') || r.has('monitoringType')) readCategory(r, h);
  if (r.has('exitYear')) h.exitYear = r.parsed(hp, 'exitYear', parseInteger(r.cell('exitYear')), '年份（如 2019）', 'a year') ?? null;
  // No 脱贫年度 column: the one year given for the whole file in the mapping step, for its 脱贫户 only.
  else if (fileExitYear && h.category === 'exited') h.exitYear = fileExitYear;
  if (r.has('incomeYear')) h.incomeYear = r.parsed(hp, 'incomeYear', parseInteger(r.cell('incomeYear')), '年份（如 2024）', 'a year') ?? null;
  for (const k of HOUSEHOLD_FLAGS) {
    if (r.has(k)) h[k] = r.parsed(hp, k, parseBool(r.cell(k)), '“是”或“否”', 'yes or no') ?? (NOT_NULL_FLAGS.has(k) ? false : null) as never;
  }
  if (r.has('housingRating')) h.housingRating = r.parsed(hp, 'housingRating', parseRating(r.cell('housingRating')), 'A、B、C 或 D 级', 'A, B, C or D') ?? null;
  if (r.has('housingRatedOn')) h.housingRatedOn = r.parsed(hp, 'housingRatedOn', parseDate(r.cell('housingRatedOn')), '日期（如 2023-05-01）', 'a date') ?? null;
  for (const k of AMOUNTS) {
    if (r.has(k)) h[k] = r.parsed(hp, k, parseAmount(r.cell(k)), '金额（元）', 'an amount in yuan') ?? 0;
  }
  checkHousehold(r, h, place.householdNo, currentYear, today);
  return h;
}

/**
 * 户类型 and 监测对象类别: a monitored household is monitored whatever else it is (an exited household can be
 * 脱贫不稳定户), and the type column may hold the monitoring category itself.
 */
function readCategory(r: RowReader, h: Partial<HouseholdFields>): void {
  const rawCat = text(r.cell('category'));
  let category = rawCat ? codeFromLabel('category', rawCat) : undefined;
  let type = r.has('monitoringType') ? text(r.cell('monitoringType')) : '';
  let monitoringType = type ? codeFromLabel('monitoringType', type) : undefined;
  if (rawCat && !category) {
    // 户类型 written as the monitoring category itself (脱贫不稳定户 …).
    monitoringType = codeFromLabel('monitoringType', rawCat) ?? monitoringType;
    if (monitoringType && !type) type = rawCat;
    if (!monitoringType) r.problem(r.hhProblems, 'category', 'CODE_UNKNOWN', `户类型“${rawCat}”不在代码表中（脱贫户、监测户、一般农户）`, `Household type "${rawCat}" is not in the code table`);
  }
  if (type && !monitoringType) r.problem(r.hhProblems, 'monitoringType', 'CODE_UNKNOWN', `监测对象类别“${type}”不在代码表中`, `Monitoring category "${type}" is not in the code table`);
  if (monitoringType) category = 'monitored';
  h.category = (category ?? 'ordinary') as HouseholdFields['category'];
  h.monitoringType = (monitoringType ?? null) as HouseholdFields['monitoringType'];
}

/**
 * The registry's household rules. The household number's problems belong to the member row (readPlace reported an
 * empty one already); the village was found or reported by readPlace.
 */
function checkHousehold(r: RowReader, h: Partial<HouseholdFields>, householdNo: string, currentYear: number, today: string): void {
  for (const p of validateHouseholdFields(h, currentYear)) {
    if (p.field === 'householdNo' || p.field === 'villageCode') {
      if (p.field === 'householdNo' && householdNo) r.fromField(r.problems, p);
    } else if (p.code === 'EXIT_YEAR_MISSING' && !r.has('exitYear')) {
      // The file has no such column and no year was given for the file: the household is imported with its year
      // empty and flagged for completion (a warning, said once for the file: registry-checks.ts exitYearPending);
      // the registry's form asks for the year at the household's next edit.
    } else r.fromField(r.hhProblems, p);
  }
  if (h.housingRatedOn && h.housingRatedOn > today) {
    r.problem(r.hhProblems, 'housingRatedOn', 'DATE_FUTURE', '住房鉴定日期晚于今天', 'The housing rating date is in the future');
  }
}
