import { validateMember, type MemberInput } from '../../households/validate.js';
import type { RowReader } from './row-reader.js';
import { parseBool, parseDate, parseGender, parseGrade, parseInteger, text } from './values.js';

/** The member's side of a row: its fields read from the cells, then the registry's own member rules (validate.ts). */

export const MEMBER_FLAGS = ['medicalInsured', 'pensionInsured', 'welfarePost'] as const;

export type MemberCheck = ReturnType<typeof validateMember>;

/** The row's member as the registry's form would take it; a cell that cannot be read is a problem and left empty. */
export function readMember(r: RowReader, id: { value: string; lost: boolean }): MemberInput {
  if (id.lost) {
    r.problem(r.problems, 'idNumber', 'ID_NUMERIC', '身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”后重新填写', 'The ID number was stored as a number and lost its last digits; format the column as text');
  }
  // Every property present from the start, always in this order: one object shape for every row (properties added
  // one by one, in varying sets, left V8 with slow dictionary objects, and validateMember copies this one).
  const input: MemberInput = {
    idNumber: id.lost ? '' : id.value, name: text(r.cell('name')), relation: r.code('relation', 'relation') ?? '',
    gender: undefined, birthDate: undefined, ethnicity: undefined, education: undefined, schoolStatus: undefined,
    health: undefined, disabilityCategory: undefined, disabilityGrade: undefined, labourCapacity: undefined,
    workPlace: undefined, workMonths: undefined, medicalInsured: undefined, pensionInsured: undefined, welfarePost: undefined,
  };
  if (r.has('education')) input.education = r.code('education', 'education') ?? null;
  if (r.has('schoolStatus')) input.schoolStatus = r.code('schoolStatus', 'schoolStatus') ?? null;
  if (r.has('health')) input.health = r.code('health', 'health') ?? null;
  if (r.has('disabilityCategory')) input.disabilityCategory = r.code('disabilityCategory', 'disabilityCategory') ?? null;
  if (r.has('labourCapacity')) input.labourCapacity = r.code('labour', 'labourCapacity') ?? null;
  if (r.has('workPlace')) input.workPlace = r.code('workPlace', 'workPlace') ?? null;
  if (r.has('gender')) input.gender = r.parsed(r.problems, 'gender', parseGender(r.cell('gender')), '“男”或“女”', 'M or F') ?? null;
  if (r.has('birthDate')) input.birthDate = r.parsed(r.problems, 'birthDate', parseDate(r.cell('birthDate')), '日期（如 1980-01-31）', 'a date (1980-01-31)') ?? null;
  if (r.has('ethnicity')) input.ethnicity = text(r.cell('ethnicity')) || null;
  if (r.has('disabilityGrade')) input.disabilityGrade = r.parsed(r.problems, 'disabilityGrade', parseGrade(r.cell('disabilityGrade')), '一级至四级', 'grade 1–4') ?? null;
  if (r.has('workMonths')) input.workMonths = r.parsed(r.problems, 'workMonths', parseInteger(r.cell('workMonths')), '0–12 的月数', 'months 0–12') ?? null;
  for (const k of MEMBER_FLAGS) {
    // welfare_post is never null in the registry: an unreadable or empty cell is "no".
    if (r.has(k)) input[k] = r.parsed(r.problems, k, parseBool(r.cell(k)), '“是”或“否”', 'yes or no') ?? (k === 'welfarePost' ? false : null);
  }
  return input;
}

/** The registry's member rules on the row; an ID number Excel cut short was reported by readMember already. */
export function checkMember(r: RowReader, input: MemberInput, idLost: boolean): MemberCheck {
  const v = validateMember(input);
  for (const p of v.problems) {
    if (p.field === 'idNumber' && idLost) continue;
    r.fromField(r.problems, p);
  }
  return v;
}
