import { defineErrors } from '../../core/errors.js';

/** The monitoring chain: this module's error codes. */
export const MONITORING_ERRORS = defineErrors({
  CASE_OPEN_EXISTS: {
    status: 409,
    zh: '该户已有未办结的案件 {caseNo}，不能重复发起',
    en: 'This household already has an open case, {caseNo}',
  },
  CASE_CHANNEL_ROLE: { status: 403, zh: '{roleZh}不能通过“{channelZh}”发起案件', en: '{roleEn} cannot open a case through {channelEn}' },
  CASE_NOT_FOUND: { status: 404, zh: '案件不存在', en: 'No such case' },
  CASE_STEP_INVALID: { status: 400, zh: '“{field}”填写有误：{reasonZh}', en: 'Field "{field}" is invalid: {reasonEn}' },
  CASE_STEP_DATA: { status: 400, zh: '办理“{stepZh}”须填写 {field}', en: '"{stepEn}" needs {field}' },
  CASE_HOUSEHOLD_REQUIRED: { status: 400, zh: '请先关联该申请所属的农户', en: 'Link the application to its household first' },
  ELIMINATION_REFUSED: { status: 409, zh: '暂不能风险消除：{reasonsZh}', en: 'Risk elimination is refused: {reasonsEn}' },
  INCOME_NOT_MONITORED: { status: 409, zh: '该户不是监测对象，收支核算请在入户核实中填写', en: 'The household is not monitored: record its income in a case’s home visit' },
  CASE_NO_NOTICE: { status: 409, zh: '该案件尚未进入村内公示环节', en: 'The case has not reached its public notice' },
  REPORT_DATES_ORDER: { status: 400, zh: '“{field}”填写有误：开始日期晚于结束日期', en: 'Field "{field}" is invalid: the start is after the end' },
  APPLY_ID_INVALID: { status: 400, zh: '身份证号有误：{reasonZh}', en: 'ID number invalid: {reasonEn}' },
  APPLY_VILLAGE_UNKNOWN: { status: 400, zh: '所选村不存在', en: 'No such village' },
  APPLY_CONSENT_REQUIRED: { status: 400, zh: '请阅读并同意授权承诺', en: 'Please read and accept the consent' },
  APPLY_NOT_FOUND: { status: 404, zh: '未找到与案件编号和身份证号相符的申请', en: 'No application matches this case number and ID number' },
} as const);

type MonitoringErrors = typeof MONITORING_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends MonitoringErrors {}
}

export { AppError } from '../../core/errors.js';
