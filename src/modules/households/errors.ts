import { defineErrors } from '../../core/errors.js';

/** The household registry (forms, members): this module's error codes. Its code imports `AppError` from here, which loads them. */
export const HOUSEHOLDS_ERRORS = defineErrors({
  REGISTRY_INVALID: { status: 400, zh: '填写有误：{summary}', en: 'Please correct the form: {summary}' },
  HOUSEHOLD_NO_TAKEN: { status: 409, zh: '户编号 {householdNo} 在本县已存在', en: 'Household number {householdNo} already exists in this county' },
  PERSON_ACTIVE_ELSEWHERE: {
    status: 409,
    zh: '身份证号 {idMasked} 的人员已在其他户（{householdNo}）中',
    en: 'The person {idMasked} is already active in another household ({householdNo})',
  },
  // The same two refusals where the other household lies outside the user's area: no ID number, name, household
  // number or place of someone he may not see, only that it cannot be used here (issue 14: no existence oracle).
  PERSON_NOT_REGISTRABLE: {
    status: 409,
    zh: '该人员不能在此登记，请联系县级或上级主管部门核实',
    en: 'This person cannot be registered here; contact the county or a higher level to check',
  },
  HOUSEHOLD_NO_UNAVAILABLE: {
    status: 409,
    zh: '该户编号不能在此使用，请换一个编号，或联系县级或上级主管部门核实',
    en: 'This household number cannot be used here; choose another or contact the county or a higher level',
  },
  VERSION_CONFLICT: { status: 409, zh: '该户已被他人修改，请刷新后重试', en: 'Someone else changed this household; reload and try again' },
  MEMBER_NOT_ACTIVE: { status: 409, zh: '该成员已不在户内', en: 'This member is no longer active in the household' },
} as const);

type HouseholdsErrors = typeof HOUSEHOLDS_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends HouseholdsErrors {}
}

export { AppError } from '../../core/errors.js';
