import { parseIdNumber, ID_PROBLEM_TEXT, type ParsedId } from '../../core/idcard.js';
import { codesOf, normaliseEthnicity, type CodeTable } from '../../shared/codes.js';

/**
 * Field rules of the registry, shared by the forms (API) and the import: one place decides what a valid member and
 * household are. Problems carry the field, a stable code and both languages, so an import report can say
 * "第 12 行 身份证号：校验位错误" and the form can mark the field.
 */
export interface FieldProblem {
  field: string;
  code: string;
  zh: string;
  en: string;
}

export interface MemberInput {
  idNumber: string;
  name: string;
  relation: string;
  gender?: 'M' | 'F' | null;
  birthDate?: string | null;
  ethnicity?: string | null;
  education?: string | null;
  schoolStatus?: string | null;
  health?: string | null;
  disabilityCategory?: string | null;
  disabilityGrade?: number | null;
  labourCapacity?: string | null;
  workPlace?: string | null;
  workMonths?: number | null;
  medicalInsured?: boolean | null;
  pensionInsured?: boolean | null;
  welfarePost?: boolean | null;
}

export interface ValidMember extends Omit<MemberInput, 'gender' | 'birthDate'> {
  id: ParsedId;
  gender: 'M' | 'F';
  birthDate: string;
}

export interface HouseholdFields {
  householdNo: string;
  villageCode: string;
  address?: string | null;
  phone?: string | null;
  category: 'exited' | 'monitored' | 'ordinary';
  monitoringType?: 'unstable_exited' | 'marginal' | 'sudden_hardship' | null;
  exitYear?: number | null;
  isDibao?: boolean;
  isTekun?: boolean;
  isRelocated?: boolean;
  hasLeftBehind?: boolean;
  housingRating?: 'A' | 'B' | 'C' | 'D' | null;
  housingRatedOn?: string | null;
  waterQuantityOk?: boolean | null;
  waterQualityOk?: boolean | null;
  waterAccessOk?: boolean | null;
  waterSupplyOk?: boolean | null;
  incomeYear?: number | null;
  incomeWages?: number;
  incomeBusiness?: number;
  incomeProperty?: number;
  incomeTransfer?: number;
  expenseBusiness?: number;
}

const p = (field: string, code: string, zh: string, en: string): FieldProblem => ({ field, code, zh, en });

const CODE_FIELDS: [keyof MemberInput, CodeTable, string][] = [
  ['relation', 'relation', '与户主关系'],
  ['education', 'education', '文化程度'],
  ['schoolStatus', 'schoolStatus', '在校生状况'],
  ['health', 'health', '健康状况'],
  ['disabilityCategory', 'disabilityCategory', '残疾类别'],
  ['labourCapacity', 'labour', '劳动技能'],
  ['workPlace', 'workPlace', '务工状况'],
];

/**
 * A name: Chinese characters of every CJK block — the basic block, Extensions A to G (生僻字 such as 𠮷 and 𪚥 lie in
 * the supplementary planes, GB 18030-2022) and the compatibility ideographs — Latin letters (测试户主A, minority names
 * in Latin script) and the middle dot of transliterated names (阿卜杜·热合曼). At most 30 characters (code points).
 */
const NAME = /^[\p{Script=Han}A-Za-z·]{1,30}$/u;

/** Spaces removed; the middle dots people type (‧ ・ ･ • ∙ ⋅) become U+00B7 ·. */
export function normaliseName(raw: string): string {
  return raw.replace(/\s+/g, '').replace(/[\u2027\u30fb\uff65\u2022\u2219\u22c5]/g, '·');
}

export function validateMember(m: MemberInput): { value?: ValidMember; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const parsed = parseIdNumber(m.idNumber);
  if (!parsed.ok) {
    const t = ID_PROBLEM_TEXT[parsed.problem];
    problems.push(p('idNumber', `ID_${parsed.problem.toUpperCase()}`, t.zh, t.en));
  }
  const name = normaliseName(m.name ?? '');
  if (!name) problems.push(p('name', 'NAME_EMPTY', '姓名为空', 'Name is empty'));
  else if (!NAME.test(name)) {
    problems.push(p('name', 'NAME_INVALID', '姓名只能包含汉字、字母和间隔号“·”', 'Name may hold Chinese characters, letters and “·” only'));
  }
  for (const [field, table, label] of CODE_FIELDS) {
    const v = m[field];
    if (field === 'relation' && !v) problems.push(p('relation', 'RELATION_EMPTY', '与户主关系为空', 'Relation to the head is empty'));
    if (v != null && v !== '' && !codesOf(table).includes(String(v))) {
      problems.push(p(field, 'CODE_UNKNOWN', `${label}“${String(v)}”不在代码表中`, `${field} "${String(v)}" is not in the code table`));
    }
  }
  if (m.disabilityGrade != null && (m.disabilityGrade < 1 || m.disabilityGrade > 4)) {
    problems.push(p('disabilityGrade', 'GRADE_RANGE', '残疾等级应为一级至四级', 'Disability grade must be 1–4'));
  }
  if (m.health === 'disabled' && !m.disabilityCategory) {
    problems.push(p('disabilityCategory', 'DISABILITY_CATEGORY_MISSING', '健康状况为残疾时须填写残疾类别', 'A disabled member needs a disability category'));
  }
  if (m.health !== 'disabled' && (m.disabilityCategory || m.disabilityGrade)) {
    problems.push(p('health', 'DISABILITY_WITHOUT_HEALTH', '填写了残疾类别或等级，但健康状况不是残疾', 'Disability given but health is not "disabled"'));
  }
  const ethnicity = normaliseEthnicity(m.ethnicity);
  if (ethnicity === undefined) {
    problems.push(p('ethnicity', 'ETHNICITY_UNKNOWN', `民族“${String(m.ethnicity)}”不是 56 个民族之一（其他民族请填“其他（名称）”）`, `Ethnicity "${String(m.ethnicity)}" is none of the 56 groups (write 其他（name） for another)`));
  }
  if (m.workMonths != null && (m.workMonths < 0 || m.workMonths > 12 || !Number.isInteger(m.workMonths))) {
    problems.push(p('workMonths', 'WORK_MONTHS_RANGE', '务工时间应为 0–12 个月', 'Months of work must be 0–12'));
  }
  if (!parsed.ok) return { problems };
  const id = parsed.value;
  if (m.gender && m.gender !== id.gender) {
    problems.push(p('gender', 'GENDER_MISMATCH', '性别与身份证号不一致', 'Gender does not match the ID number'));
  }
  if (m.birthDate && m.birthDate !== id.birthDate) {
    problems.push(p('birthDate', 'BIRTH_MISMATCH', `出生日期与身份证号不一致（应为 ${id.birthDate}）`, `Birth date does not match the ID number (${id.birthDate})`));
  }
  if (problems.length) return { problems };
  // Every field named (not `...m`): the import validates a million of these, and a spread copy cost a third of this
  // function. The type makes a field added to MemberInput an error here until it is copied.
  const value: { [K in keyof Required<ValidMember>]: ValidMember[K] } = {
    idNumber: m.idNumber, name, relation: m.relation, id, gender: id.gender, birthDate: id.birthDate,
    ethnicity: ethnicity ?? null, education: m.education, schoolStatus: m.schoolStatus, health: m.health,
    disabilityCategory: m.disabilityCategory, disabilityGrade: m.disabilityGrade, labourCapacity: m.labourCapacity,
    workPlace: m.workPlace, workMonths: m.workMonths, medicalInsured: m.medicalInsured, pensionInsured: m.pensionInsured,
    welfarePost: m.welfarePost,
  };
  return { value, problems };
}

export function validateHouseholdFields(h: Partial<HouseholdFields>, currentYear = new Date().getFullYear()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (h.householdNo !== undefined && !/^[0-9A-Za-z-]{1,30}$/.test(h.householdNo)) {
    problems.push(p('householdNo', 'HOUSEHOLD_NO_INVALID', '户编号只能包含数字、字母和“-”，最长 30 位', 'Household number: digits, letters and "-", up to 30'));
  }
  if (h.villageCode !== undefined && !/^\d{12}$/.test(h.villageCode)) {
    problems.push(p('villageCode', 'VILLAGE_CODE_INVALID', '村代码应为 12 位数字', 'Village code must be 12 digits'));
  }
  if (h.category === 'monitored' && !h.monitoringType) {
    problems.push(p('monitoringType', 'MONITORING_TYPE_MISSING', '监测户须填写监测对象类别', 'A monitored household needs its monitoring category'));
  }
  if (h.category && h.category !== 'monitored' && h.monitoringType) {
    problems.push(p('monitoringType', 'MONITORING_TYPE_UNEXPECTED', '只有监测户才有监测对象类别', 'Only monitored households have a monitoring category'));
  }
  if (h.category === 'exited' && !h.exitYear) {
    problems.push(p('exitYear', 'EXIT_YEAR_MISSING', '脱贫户须填写脱贫年度', 'An exited household needs its exit year'));
  }
  if (h.exitYear != null && (h.exitYear < 2013 || h.exitYear > currentYear)) {
    problems.push(p('exitYear', 'EXIT_YEAR_RANGE', `脱贫年度应在 2013–${currentYear} 之间`, `Exit year must be 2013–${currentYear}`));
  }
  if (h.phone && !/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(h.phone)) {
    problems.push(p('phone', 'PHONE_INVALID', '联系电话应为 11 位手机号或带区号的固定电话', 'Phone: an 11-digit mobile or a landline with area code'));
  }
  for (const f of ['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer', 'expenseBusiness'] as const) {
    const v = h[f];
    if (v != null && (!Number.isFinite(v) || v < 0 || v > 1e8)) {
      problems.push(p(f, 'AMOUNT_RANGE', '金额应为 0 至 1 亿元之间的数字', 'Amounts must be between 0 and 100,000,000 yuan'));
    }
  }
  return problems;
}

/** Among the active members: exactly one head. */
export function headProblems(relations: string[]): FieldProblem[] {
  const heads = relations.filter((r) => r === 'head').length;
  if (heads === 1) return [];
  return heads === 0
    ? [p('relation', 'NO_HEAD', '户内没有户主', 'The household has no head')]
    : [p('relation', 'MANY_HEADS', `户内有 ${heads} 个户主，只能有一个`, `The household has ${heads} heads; exactly one is allowed`)];
}

/** Per-capita net income = (wages + business + property + transfers − business expenses) / household size. */
export function perCapitaIncome(h: Pick<HouseholdFields, 'incomeWages' | 'incomeBusiness' | 'incomeProperty' | 'incomeTransfer' | 'expenseBusiness'>, size: number): number | null {
  if (size <= 0) return null;
  const net = (h.incomeWages ?? 0) + (h.incomeBusiness ?? 0) + (h.incomeProperty ?? 0) + (h.incomeTransfer ?? 0) - (h.expenseBusiness ?? 0);
  return Math.round((net / size) * 100) / 100;
}
