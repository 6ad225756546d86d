import { labelOf } from '../../shared/codes.js';

/**
 * The county household template (农户信息表): one row per member, household columns repeated on every member row.
 * One list of columns, in template order, for the export (so an exported file can be imported again) and the demo
 * data generator (which writes files in the template format the import pipeline reads). Headers are the names county
 * rolls use; the import matches them (and their synonyms) in src/modules/imports.
 */
export interface TemplateRow {
  householdNo: string;
  townshipName: string;
  villageName: string;
  villageCode: string;
  address: string | null;
  phone: string | null;
  category: string;
  monitoringType: string | null;
  exitYear: number | null;
  isDibao: boolean;
  isTekun: boolean;
  isRelocated: boolean;
  hasLeftBehind: boolean;
  housingRating: string | null;
  housingRatedOn: string | null;
  waterQuantityOk: boolean | null;
  waterQualityOk: boolean | null;
  waterAccessOk: boolean | null;
  waterSupplyOk: boolean | null;
  incomeYear: number | null;
  incomeWages: number;
  incomeBusiness: number;
  incomeProperty: number;
  incomeTransfer: number;
  expenseBusiness: number;
  memberCount: number | null;
  perCapitaIncome: number | null;
  // member
  name: string;
  idNumber: string;
  gender: 'M' | 'F';
  birthDate: string;
  relation: string;
  ethnicity: string | null;
  education: string | null;
  schoolStatus: string | null;
  health: string | null;
  disabilityCategory: string | null;
  disabilityGrade: number | null;
  labourCapacity: string | null;
  workPlace: string | null;
  workMonths: number | null;
  medicalInsured: boolean | null;
  pensionInsured: boolean | null;
  welfarePost: boolean;
}

export type CellValue = string | number | null;

export interface TemplateColumn {
  header: string;
  /** Column width in the .xlsx (characters). */
  width: number;
  /** Written as a number cell (amounts, years, counts); every other column is text. */
  numeric?: boolean;
  /** Derived by the system: written on export, ignored (recomputed) on import. */
  derived?: boolean;
  value(r: TemplateRow): CellValue;
}

const yesNo = (v: boolean | null | undefined): string => (v == null ? '' : v ? '是' : '否');
const GRADE = ['', '一级', '二级', '三级', '四级'];

export const TEMPLATE_COLUMNS: readonly TemplateColumn[] = [
  { header: '户编号', width: 16, value: (r) => r.householdNo },
  { header: '乡镇', width: 10, value: (r) => r.townshipName },
  { header: '村', width: 12, value: (r) => r.villageName },
  { header: '村代码', width: 14, value: (r) => r.villageCode },
  { header: '户类型', width: 10, value: (r) => labelOf('category', r.category) },
  { header: '监测对象类别', width: 14, value: (r) => labelOf('monitoringType', r.monitoringType) },
  { header: '脱贫年度', width: 9, numeric: true, value: (r) => r.exitYear },
  { header: '姓名', width: 10, value: (r) => r.name },
  { header: '身份证号', width: 21, value: (r) => r.idNumber },
  { header: '性别', width: 6, value: (r) => (r.gender === 'M' ? '男' : '女') },
  { header: '出生日期', width: 11, value: (r) => r.birthDate },
  { header: '与户主关系', width: 10, value: (r) => labelOf('relation', r.relation) },
  { header: '民族', width: 8, value: (r) => r.ethnicity },
  { header: '文化程度', width: 12, value: (r) => labelOf('education', r.education) },
  { header: '在校生状况', width: 10, value: (r) => labelOf('schoolStatus', r.schoolStatus) },
  { header: '健康状况', width: 10, value: (r) => labelOf('health', r.health) },
  { header: '残疾类别', width: 8, value: (r) => labelOf('disabilityCategory', r.disabilityCategory) },
  { header: '残疾等级', width: 8, value: (r) => (r.disabilityGrade ? GRADE[r.disabilityGrade]! : '') },
  { header: '劳动技能', width: 16, value: (r) => labelOf('labour', r.labourCapacity) },
  { header: '务工状况', width: 16, value: (r) => labelOf('workPlace', r.workPlace) },
  { header: '务工时间（月）', width: 12, numeric: true, value: (r) => r.workMonths },
  { header: '是否参加城乡居民基本医疗保险', width: 12, value: (r) => yesNo(r.medicalInsured) },
  { header: '是否参加城乡居民基本养老保险', width: 12, value: (r) => yesNo(r.pensionInsured) },
  { header: '是否公益岗位', width: 8, value: (r) => yesNo(r.welfarePost) },
  { header: '联系电话', width: 14, value: (r) => r.phone },
  { header: '家庭住址', width: 20, value: (r) => r.address },
  { header: '是否享受低保', width: 8, value: (r) => yesNo(r.isDibao) },
  { header: '是否特困供养', width: 8, value: (r) => yesNo(r.isTekun) },
  { header: '是否易地扶贫搬迁', width: 8, value: (r) => yesNo(r.isRelocated) },
  { header: '是否有留守人员', width: 8, value: (r) => yesNo(r.hasLeftBehind) },
  { header: '危房等级', width: 8, value: (r) => r.housingRating },
  { header: '住房鉴定日期', width: 11, value: (r) => r.housingRatedOn },
  { header: '饮水水量是否达标', width: 8, value: (r) => yesNo(r.waterQuantityOk) },
  { header: '饮水水质是否达标', width: 8, value: (r) => yesNo(r.waterQualityOk) },
  { header: '用水方便程度是否达标', width: 8, value: (r) => yesNo(r.waterAccessOk) },
  { header: '供水保证率是否达标', width: 8, value: (r) => yesNo(r.waterSupplyOk) },
  { header: '收入年度', width: 9, numeric: true, value: (r) => r.incomeYear },
  { header: '工资性收入', width: 11, numeric: true, value: (r) => r.incomeWages },
  { header: '生产经营性收入', width: 11, numeric: true, value: (r) => r.incomeBusiness },
  { header: '财产性收入', width: 11, numeric: true, value: (r) => r.incomeProperty },
  { header: '转移性收入', width: 11, numeric: true, value: (r) => r.incomeTransfer },
  { header: '生产经营性支出', width: 11, numeric: true, value: (r) => r.expenseBusiness },
  { header: '家庭人口数', width: 8, numeric: true, derived: true, value: (r) => r.memberCount },
  { header: '人均纯收入', width: 11, numeric: true, derived: true, value: (r) => r.perCapitaIncome },
];

export const TEMPLATE_HEADERS: readonly string[] = TEMPLATE_COLUMNS.map((c) => c.header);

/**
 * Formula injection (CSV/Excel injection): a text cell that begins with = + - @ (or a tab / carriage return) is
 * prefixed with an apostrophe so no spreadsheet ever evaluates it.
 */
export function escapeFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** The cells of one template row: text escaped, numbers kept as numbers, empty as null. */
export function templateCells(r: TemplateRow): CellValue[] {
  return TEMPLATE_COLUMNS.map((c) => {
    const v = c.value(r);
    if (v == null || v === '') return null;
    if (typeof v === 'number') return c.numeric ? v : escapeFormula(String(v));
    return escapeFormula(v);
  });
}

/** One CSV line (RFC 4180 quoting), without the line break. */
export function csvLine(cells: readonly CellValue[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    if (i) out += ',';
    const v = cells[i];
    if (v == null) continue;
    const s = typeof v === 'number' ? String(v) : v;
    out += /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  return out;
}
