import { defineErrors } from '../../core/errors.js';

/** The monitoring policy: this module's error codes. */
export const POLICY_ERRORS = defineErrors({
  POLICY_LEVEL: {
    status: 403,
    zh: '监测政策只能由省级或县级管理员制定',
    en: 'A monitoring policy is set by a province or county administrator',
  },
  POLICY_INVALID: { status: 400, zh: '监测政策有误：{reasonZh}', en: 'The policy is invalid: {reasonEn}' },
} as const);

type PolicyErrors = typeof POLICY_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends PolicyErrors {}
}

export { AppError } from '../../core/errors.js';
