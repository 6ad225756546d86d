import type { Department } from '../../shared/roles.js';
import { normaliseHeader } from '../imports/map/header.js';
import { BAD, parseAmount, parseBool, parseDate, parseGender, parseGrade, parseRating, text, type Parsed } from '../imports/map/values.js';
import { cellText, type Cell, type SheetRow } from '../imports/parse/sheet.js';

/**
 * The built-in dataset templates (数据模板) of the departments: each a list of fields with the column names the
 * departments' files use for them (header matching as in the registry import: imports/map/header.ts normaliseHeader).
 * Every template has the person fields (name, ID number, birth date, gender, village code) and its own.
 */
export type FieldType = 'text' | 'date' | 'amount' | 'bool' | 'grade' | 'rating' | 'gender' | 'id';

export interface TemplateField {
  key: string;
  zh: string;
  en: string;
  type: FieldType;
  required: boolean;
  synonyms: string[];
  /** For text fields with a fixed set of values: the accepted values (after trimming). */
  values?: readonly string[];
}

export interface DatasetTemplate {
  key: string;
  department: Department;
  zh: string;
  en: string;
  fields: TemplateField[];
}

const fld = (key: string, zh: string, en: string, type: FieldType, required: boolean, synonyms: string[] = [], values?: readonly string[]): TemplateField => ({
  key, zh, en, type, required, synonyms: [zh, ...synonyms], ...(values ? { values } : {}),
});

/** The person every department row names. An ID number or a birth date is needed to match (checked per row). */
const PERSON: TemplateField[] = [
  fld('name', '姓名', 'Name', 'text', true, ['人员姓名', '参保人姓名', '患者姓名', '学生姓名', '户主姓名', '残疾人姓名', '死者姓名', '受灾人姓名', '申请人姓名', '救助对象姓名']),
  fld('idNumber', '身份证号', 'ID number', 'id', false, ['身份证号码', '证件号码', '公民身份号码', '身份证', '证件号', '居民身份证号码', '参保人身份证号', '学生身份证号', '残疾人证号']),
  fld('birthDate', '出生日期', 'Birth date', 'date', false, ['出生年月日', '出生年月', '生日']),
  fld('gender', '性别', 'Gender', 'gender', false),
  fld('villageCode', '村代码', 'Village code', 'text', false, ['行政区划代码', '区划代码', '村级区划代码', '村编码']),
  fld('address', '住址', 'Address', 'text', false, ['家庭住址', '地址', '户籍地址', '详细地址']),
];

const t = (key: string, department: Department, zh: string, en: string, own: TemplateField[]): DatasetTemplate => ({ key, department, zh, en, fields: [...PERSON, ...own] });

export const TEMPLATES: readonly DatasetTemplate[] = [
  t('medical', 'medical_insurance', '医保结算', 'Medical settlements', [
    fld('settledOn', '结算日期', 'Settled on', 'date', true, ['结算时间', '出院日期', '就诊日期']),
    fld('total', '医疗总费用', 'Total cost', 'amount', true, ['总费用', '医疗费用总额', '费用总额']),
    fld('fundPaid', '基本医保支付', 'Paid by basic insurance', 'amount', false, ['统筹支付', '基本医疗保险支付', '基金支付']),
    fld('criticalPaid', '大病保险支付', 'Critical-illness insurance', 'amount', false, ['大病保险']),
    fld('aidPaid', '医疗救助支付', 'Medical aid', 'amount', false, ['医疗救助']),
    fld('selfPaid', '个人自付', 'Self-paid', 'amount', true, ['个人自付费用', '自付金额', '个人负担', '个人支付']),
    fld('visitType', '就诊类型', 'Visit type', 'text', false, ['住院门诊', '就医类型'], ['住院', '门诊', '门特', '门诊慢特病']),
  ]),
  t('civil_aid', 'civil_affairs', '民政救助名册（低保/特困/临时救助）', 'Social assistance rolls', [
    fld('benefit', '救助类型', 'Benefit', 'text', true, ['保障类型', '救助类别', '类别'], ['低保', '特困', '临时救助']),
    fld('startedOn', '开始日期', 'Since', 'date', false, ['享受日期', '纳入日期', '救助日期']),
    fld('amount', '金额', 'Amount', 'amount', false, ['救助金额', '保障金额', '月保障金']),
  ]),
  t('education', 'education', '学籍与辍学', 'Enrolment and drop-outs', [
    fld('school', '学校', 'School', 'text', false, ['学校名称', '就读学校']),
    fld('grade', '年级', 'Grade', 'text', false, ['就读年级']),
    fld('status', '在校状态', 'Status', 'text', true, ['学籍状态', '在读状态', '状态'], ['在校', '辍学', '未入学', '休学', '毕业']),
    fld('aid', '是否享受教育资助', 'Education aid', 'bool', false, ['教育资助', '是否资助']),
  ]),
  t('housing', 'housing', '住房安全鉴定', 'Housing safety ratings', [
    fld('rating', '鉴定等级', 'Rating', 'rating', true, ['危房等级', '住房安全等级', '房屋安全等级']),
    fld('ratedOn', '鉴定日期', 'Rated on', 'date', false, ['鉴定时间']),
  ]),
  t('disability', 'disability', '残疾人证', 'Disability certificates', [
    fld('category', '残疾类别', 'Category', 'text', true, ['残疾类型']),
    fld('grade', '残疾等级', 'Grade', 'grade', true, ['残疾级别']),
    fld('issuedOn', '发证日期', 'Issued on', 'date', false, ['办证日期', '持证日期']),
    fld('careSubsidy', '是否享受护理补贴', 'Care subsidy', 'bool', false, ['重度残疾人护理补贴', '护理补贴']),
  ]),
  t('public_security', 'public_security', '死亡、户籍迁移与交通事故', 'Deaths, hukou moves, accidents', [
    fld('event', '事项', 'Event', 'text', true, ['变动类型', '事件类型', '类型'], ['死亡', '户口迁出', '交通事故']),
    fld('eventOn', '发生日期', 'Date', 'date', true, ['变动日期', '死亡日期', '迁出日期', '事故日期']),
  ]),
  t('emergency', 'emergency', '受灾户', 'Disaster-affected households', [
    fld('disaster', '灾害类型', 'Disaster', 'text', true, ['灾种', '受灾类型']),
    fld('loss', '损失金额', 'Loss', 'amount', false, ['直接经济损失', '损失']),
    fld('eventOn', '受灾日期', 'Date', 'date', false, ['灾害发生日期']),
  ]),
  t('employment', 'human_resources', '就业、失业与养老金', 'Employment, unemployment, pension', [
    fld('status', '就业状态', 'Status', 'text', true, ['状态', '人员状态'], ['就业', '失业', '领取养老金']),
    fld('since', '起始日期', 'Since', 'date', false, ['登记日期', '开始日期']),
    fld('amount', '月金额', 'Monthly amount', 'amount', false, ['养老金', '失业金', '金额']),
  ]),
  t('water', 'water', '饮水问题', 'Water supply problems', [
    fld('problem', '问题类型', 'Problem', 'text', true, ['饮水问题', '问题']),
    fld('reportedOn', '发现日期', 'Reported on', 'date', false, ['上报日期']),
  ]),
  t('industry', 'agriculture', '产业项目失败', 'Failed industry projects', [
    fld('project', '项目名称', 'Project', 'text', true, ['产业项目', '项目']),
    fld('loss', '损失金额', 'Loss', 'amount', false, ['损失']),
    fld('reportedOn', '发现日期', 'Reported on', 'date', false, ['上报日期']),
  ]),
];

export function templateOf(key: string): DatasetTemplate | undefined {
  return TEMPLATES.find((x) => x.key === key);
}

/** The user's mapping: column name as written in the file → field key, or null to ignore the column. */
export type Mapping = Record<string, string | null>;

export interface ColumnMap {
  headerRow: number;
  columns: { index: number; header: string; field: string | null }[];
  index: Record<string, number>;
}

/**
 * The header row of a department file: the first of its first 20 rows naming the person (a name column) and an ID
 * number or a birth date column (title rows above are skipped). The user's mapping wins over the synonyms.
 */
export function detectColumns(tpl: DatasetTemplate, rows: SheetRow[], mapping: Mapping = {}, headerRowHint?: number): ColumnMap | undefined {
  const syn = new Map<string, string>();
  for (const f of tpl.fields) for (const s of f.synonyms) syn.set(normaliseHeader(s), f.key);
  const user = new Map<string, string | null>();
  for (const [k, v] of Object.entries(mapping)) user.set(normaliseHeader(k), v);
  const fieldOf = (h: string): string | null => {
    const n = normaliseHeader(h);
    if (!n) return null;
    if (user.has(n)) return user.get(n) ?? null;
    return syn.get(n) ?? syn.get(n.replace(/\([^)]*\)/g, '')) ?? null;
  };
  for (const row of rows) {
    if (headerRowHint && row.rowNo !== headerRowHint) continue;
    const names = row.cells.map((c) => cellText(c).replace(/\s+/g, ' ').trim());
    const index: Record<string, number> = {};
    const columns = names.map((header, i) => {
      const f = fieldOf(header);
      if (f && index[f] === undefined) {
        index[f] = i;
        return { index: i, header, field: f };
      }
      return { index: i, header, field: null };
    });
    if (!headerRowHint && !(index.name !== undefined && (index.idNumber !== undefined || index.birthDate !== undefined))) continue;
    return { headerRow: row.rowNo, columns, index };
  }
  return undefined;
}

/** The template's required fields the file has no column for. */
export function missingColumns(tpl: DatasetTemplate, cols: ColumnMap): TemplateField[] {
  const missing = tpl.fields.filter((f) => f.required && cols.index[f.key] === undefined);
  if (cols.index.idNumber === undefined && cols.index.birthDate === undefined) missing.push(tpl.fields.find((f) => f.key === 'idNumber')!);
  return missing;
}

export interface CellProblem {
  field: string;
  column: string;
  severity: 'error' | 'warning';
  code: string;
  zh: string;
  en: string;
}

/** A cell → its value by the field's type; BAD when it cannot be read. */
export function readValue(f: TemplateField, c: Cell | undefined): Parsed<string | number | boolean> {
  switch (f.type) {
    case 'date':
      return parseDate(c);
    case 'amount':
      return parseAmount(c);
    case 'bool':
      return parseBool(c);
    case 'grade':
      return parseGrade(c);
    case 'rating':
      return parseRating(c);
    case 'gender':
      return parseGender(c);
    default: {
      const v = text(c);
      if (!v) return undefined;
      if (f.values && !f.values.includes(v)) return BAD;
      return v;
    }
  }
}
