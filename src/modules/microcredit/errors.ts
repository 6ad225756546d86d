import { defineErrors } from '../../core/errors.js';

/** Microcredit: this module's error codes, one per refusal. */
export const MICROCREDIT_ERRORS = defineErrors({
  MC_INVALID: { status: 400, zh: '“{field}”填写有误：{reasonZh}', en: 'Field "{field}" is invalid: {reasonEn}' },
  MC_LOAN_NOT_FOUND: { status: 404, zh: '贷款记录不存在', en: 'No such loan' },
  MC_HOUSEHOLD_NOT_FOUND: { status: 404, zh: '农户不存在', en: 'No such household' },
  MC_HOUSEHOLD_NOT_ELIGIBLE: { status: 409, zh: '该户不是脱贫户或监测户，不能办理小额信贷', en: 'The household is neither exited nor monitored: no microcredit' },
  MC_BORROWER_INVALID: { status: 409, zh: '借款人{reasonZh}', en: 'The borrower {reasonEn}' },
  MC_AMOUNT_OVER_LIMIT: { status: 400, zh: '贷款金额 {amount} 元超过本县上限 {limit} 元', en: 'The amount of {amount} yuan is over the county’s limit of {limit} yuan' },
  MC_TERM_OVER_LIMIT: { status: 400, zh: '贷款期限 {term} 个月超过本县上限 {limit} 个月', en: 'The term of {term} months is over the county’s limit of {limit} months' },
  MC_REPAY_OVER_BALANCE: { status: 409, zh: '还款本金 {principal} 元超过贷款余额 {balance} 元', en: 'The principal of {principal} yuan is more than the balance of {balance} yuan' },
  MC_LOAN_REPAID: { status: 409, zh: '该笔贷款已还清', en: 'The loan is repaid' },
  MC_EXTENSION_USED: { status: 409, zh: '该笔贷款已于 {on} 展期一次，不能再次展期', en: 'The loan was already extended once (on {on})' },
  MC_EXTENSION_TOO_LONG: {
    status: 400,
    zh: '展期后到期日不能晚于原到期日后 {months} 个月（{latest}）',
    en: 'An extension ends at most {months} months after the original due date ({latest})',
  },
  MC_SETTINGS_LEVEL: { status: 403, zh: '贷款限额由县级管理员设置', en: 'The limits are set by a county administrator' },
  MC_VERSION_CONFLICT: { status: 409, zh: '该笔贷款刚被他人修改，请刷新后重试', en: 'Someone else changed the loan first; reload and try again' },
} as const);

type MicrocreditErrors = typeof MICROCREDIT_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCatalog
  interface ErrorCatalog extends MicrocreditErrors {}
}

export { AppError } from '../../core/errors.js';
