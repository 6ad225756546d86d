import { AppError } from '../errors.js';
import { cellText, type Cell, type SheetRow } from '../parse/sheet.js';

/**
 * The fields an import file can fill, with the column names county rolls use for them. Matching ignores spaces,
 * line breaks, "*" marks and full/half-width parentheses; a name with a unit in parentheses (工资性收入（元）) matches
 * without it.
 */
export interface FieldDef {
  zh: string;
  en: string;
  level: 'member' | 'household' | 'place';
  synonyms: string[];
}

const f = (zh: string, en: string, level: FieldDef['level'], synonyms: string[] = []): FieldDef => ({ zh, en, level, synonyms: [zh, ...synonyms] });

export const FIELDS = {
  idNumber: f('身份证号', 'ID number', 'member', ['身份证号码', '证件号码', '公民身份号码', '身份证', '证件号', '身份证件号码', '成员身份证号', '成员身份证号码', '居民身份证号码', '身份证号(残疾证号)']),
  name: f('姓名', 'Name', 'member', ['成员姓名', '家庭成员姓名', '人员姓名', '户成员姓名']),
  householdNo: f('户编号', 'Household number', 'household', ['户号', '家庭编号', '户编码', '农户编号', '户主编号']),
  // The head each row names: checked against the head registered under the household number (a number that
  // collides with another family's must not merge the two). Never written: the head is the row whose relation is 户主.
  headName: f('户主姓名', 'Head of household', 'household', ['户主', '户主名称', '户主名字']),
  headIdNumber: f('户主身份证号', 'Head’s ID number', 'household', ['户主身份证号码', '户主证件号码', '户主身份证', '户主公民身份号码']),
  relation: f('与户主关系', 'Relation to the head', 'member', ['与户主的关系', '家庭关系', '与户主关系(称谓)']),
  county: f('县', 'County', 'place', ['县(市、区)', '县(市区)', '县区', '县名称']),
  township: f('乡镇', 'Township', 'place', ['乡(镇)', '乡镇名称', '乡镇(街道)', '乡(镇、街道)', '镇', '乡']),
  village: f('村', 'Village', 'place', ['行政村', '村名称', '村名', '所在村', '村委会', '村(社区)', '行政村名称']),
  villageCode: f('村代码', 'Village code', 'place', ['村编码', '行政村代码', '村区划代码', '村级区划代码', '行政区划代码', '区划代码']),
  address: f('家庭住址', 'Address', 'household', ['住址', '地址', '详细地址', '家庭地址']),
  phone: f('联系电话', 'Phone', 'household', ['电话', '手机号', '手机号码', '联系方式', '户主联系电话']),
  category: f('户类型', 'Household type', 'household', ['户属性', '农户类型', '户类别', '农户属性']),
  monitoringType: f('监测对象类别', 'Monitoring category', 'household', ['监测类型', '监测户类型', '监测对象类型']),
  exitYear: f('脱贫年度', 'Exit year', 'household', ['脱贫年份', '脱贫时间']),
  isDibao: f('是否享受低保', 'Minimum living allowance (低保)', 'household', ['是否低保户', '是否低保', '低保']),
  isTekun: f('是否特困供养', 'Extreme-poverty support (特困)', 'household', ['是否特困', '特困供养', '是否特困户']),
  isRelocated: f('是否易地扶贫搬迁', 'Relocated (易地搬迁)', 'household', ['是否易地搬迁', '易地扶贫搬迁', '是否搬迁户']),
  hasLeftBehind: f('是否有留守人员', 'Has left-behind members', 'household', ['是否留守']),
  housingRating: f('危房等级', 'Housing safety rating', 'household', ['住房安全等级', '房屋安全等级', '房屋等级']),
  housingRatedOn: f('住房鉴定日期', 'Housing rated on', 'household', ['危房鉴定日期', '房屋鉴定日期']),
  waterQuantityOk: f('饮水水量是否达标', 'Water quantity adequate', 'household', ['水量', '水量是否达标']),
  waterQualityOk: f('饮水水质是否达标', 'Water quality adequate', 'household', ['水质', '水质是否达标']),
  waterAccessOk: f('用水方便程度是否达标', 'Water access adequate', 'household', ['用水方便程度', '取水方便程度']),
  waterSupplyOk: f('供水保证率是否达标', 'Water supply reliable', 'household', ['供水保证率']),
  incomeYear: f('收入年度', 'Income year', 'household', ['收入年份']),
  incomeWages: f('工资性收入', 'Wage income', 'household', ['工资收入', '务工收入']),
  incomeBusiness: f('生产经营性收入', 'Business income', 'household', ['经营性收入', '生产经营收入']),
  incomeProperty: f('财产性收入', 'Property income', 'household', ['财产收入']),
  incomeTransfer: f('转移性收入', 'Transfer income', 'household', ['转移收入']),
  expenseBusiness: f('生产经营性支出', 'Business expenses', 'household', ['经营性支出', '生产经营支出']),
  gender: f('性别', 'Gender', 'member'),
  birthDate: f('出生日期', 'Birth date', 'member', ['出生年月日', '出生年月', '生日']),
  ethnicity: f('民族', 'Ethnicity', 'member'),
  education: f('文化程度', 'Education', 'member', ['学历', '文化水平']),
  schoolStatus: f('在校生状况', 'School status', 'member', ['在校生情况', '在校状况', '在校情况']),
  health: f('健康状况', 'Health', 'member', ['身体状况']),
  disabilityCategory: f('残疾类别', 'Disability category', 'member', ['残疾类型']),
  disabilityGrade: f('残疾等级', 'Disability grade', 'member', ['残疾级别']),
  labourCapacity: f('劳动技能', 'Labour capacity', 'member', ['劳动能力', '劳动力状况']),
  workPlace: f('务工状况', 'Work place', 'member', ['务工地点', '务工区域', '务工所在地', '务工情况']),
  workMonths: f('务工时间(月)', 'Months of work', 'member', ['务工时间', '务工月数', '务工时长']),
  medicalInsured: f('是否参加城乡居民基本医疗保险', 'Medical insurance', 'member', ['是否参加基本医疗保险', '是否参加医疗保险', '是否参加城乡居民医疗保险', '参加城乡居民基本医疗保险', '是否参加医保']),
  pensionInsured: f('是否参加城乡居民基本养老保险', 'Pension insurance', 'member', ['是否参加基本养老保险', '是否参加养老保险', '是否参加城乡居民养老保险', '参加城乡居民基本养老保险']),
  welfarePost: f('是否公益岗位', 'Public-welfare post', 'member', ['是否公益性岗位', '公益岗位', '是否参加公益岗位']),
} as const satisfies Record<string, FieldDef>;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

/** 身份证号码 *、 工资性收入（元） → comparable form. */
export function normaliseHeader(h: string): string {
  return h
    .replace(/[\s\u3000*＊★☆:：]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();
}

const SYNONYMS = new Map<string, FieldKey>();
for (const key of FIELD_KEYS) for (const s of FIELDS[key].synonyms) SYNONYMS.set(normaliseHeader(s), key);

/** A column name → the field it fills, or undefined (unknown columns are ignored). */
export function fieldForHeader(header: string): FieldKey | undefined {
  const n = normaliseHeader(header);
  if (!n) return undefined;
  return SYNONYMS.get(n) ?? SYNONYMS.get(n.replace(/\([^)]*\)/g, ''));
}

/** The user's adjustments: column name as written in the file → field key, or null to ignore the column. */
export type MappingOverride = Record<string, string | null>;

export interface MappedColumn {
  /** 0-based column index. */
  index: number;
  header: string;
  field: FieldKey | null;
  /** How the field was found: by synonym, by the user's mapping, or left unmapped. */
  source: 'synonym' | 'user' | 'none' | 'duplicate';
}

export interface HeaderResult {
  /** Row number (1-based) of the header; data starts on the next row (or the one after a two-row header). */
  headerRow: number;
  dataStartRow: number;
  columns: MappedColumn[];
  /** field → column index. */
  index: Partial<Record<FieldKey, number>>;
}

export const HEADER_SCAN_ROWS = 20;

function matcher(override?: MappingOverride) {
  const user = new Map<string, string | null>();
  for (const [k, v] of Object.entries(override ?? {})) user.set(normaliseHeader(k), v);
  return (header: string): { field: FieldKey | null; source: MappedColumn['source'] } => {
    const n = normaliseHeader(header);
    if (user.has(n)) {
      const v = user.get(n);
      return { field: v ? (v as FieldKey) : null, source: 'user' };
    }
    const s = fieldForHeader(header);
    return { field: s ?? null, source: s ? 'synonym' : 'none' };
  };
}

export function validateOverride(override: MappingOverride | undefined): void {
  for (const [k, v] of Object.entries(override ?? {})) {
    if (v && !(v in FIELDS)) throw new AppError('IMPORT_MAPPING_INVALID', { reason: `“${k}” → ${v}：没有这个字段 / no such field` });
  }
}

/**
 * The header row: the first of the first 20 rows with an ID-number column and a name column (title rows and merged
 * cells above it are skipped). A two-row header (a group title such as 收入情况 over 工资性收入 …) is read as one:
 * when the row below has no ID number and names known fields, its names win for those columns.
 */
export function detectHeader(rows: SheetRow[], override?: MappingOverride, headerRowHint?: number): HeaderResult | undefined {
  const match = matcher(override);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (headerRowHint && row.rowNo !== headerRowHint) continue;
    const names = row.cells.map((c) => headerText(c));
    const fields = names.map((n) => match(n));
    const has = (k: FieldKey) => fields.some((x) => x.field === k);
    if (!headerRowHint && !(has('idNumber') && has('name'))) continue;
    let dataStartRow = row.rowNo + 1;
    const next = rows[i + 1];
    if (next && next.rowNo === row.rowNo + 1) {
      const idCol = fields.findIndex((x) => x.field === 'idNumber');
      const sub = next.cells.map((c) => headerText(c));
      const subFields = sub.map((n) => match(n));
      if (!cellText(next.cells[idCol]) && subFields.some((x) => x.field)) {
        for (let c = 0; c < Math.max(names.length, sub.length); c++) {
          if (subFields[c]?.field || (!names[c] && sub[c])) {
            names[c] = sub[c]!;
            fields[c] = subFields[c]!;
          }
        }
        dataStartRow = next.rowNo + 1;
      }
    }
    return buildColumns(row.rowNo, dataStartRow, names, fields);
  }
  return undefined;
}

function headerText(c: Cell | undefined): string {
  return cellText(c).replace(/\s+/g, ' ').trim();
}

function buildColumns(headerRow: number, dataStartRow: number, names: string[], fields: { field: FieldKey | null; source: MappedColumn['source'] }[]): HeaderResult {
  const index: Partial<Record<FieldKey, number>> = {};
  const columns: MappedColumn[] = names.map((header, i) => {
    const { field, source } = fields[i] ?? { field: null, source: 'none' as const };
    if (field && index[field] === undefined) {
      index[field] = i;
      return { index: i, header, field, source };
    }
    return { index: i, header, field: null, source: field ? 'duplicate' : source };
  });
  return { headerRow, dataStartRow, columns, index };
}

/** The header names of a field's column (for messages): 身份证号码, or the field's own name when it has no column. */
export function columnLabel(header: HeaderResult, field: FieldKey | string): string {
  const i = header.index[field as FieldKey];
  return i === undefined ? ((FIELDS as Record<string, FieldDef>)[field]?.zh ?? field) : header.columns[i]!.header;
}

/** Fields a file must have (the village, by name or code, is checked apart: read-stage.ts). */
const REQUIRED: FieldKey[] = ['idNumber', 'name', 'householdNo', 'relation'];

/** The fields a column can be mapped to, as the API lists them (GET /api/imports/fields). */
export function fieldInfos() {
  return FIELD_KEYS.map((key) => ({ key, zh: FIELDS[key].zh, en: FIELDS[key].en, level: FIELDS[key].level, synonyms: [...FIELDS[key].synonyms], required: REQUIRED.includes(key) }));
}
