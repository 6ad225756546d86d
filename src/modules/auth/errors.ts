import { defineErrors } from '../../core/errors.js';

/** Sign-in, sessions and passwords: this module's error codes. Its code imports `AppError` from here, which loads them. */
export const AUTH_ERRORS = defineErrors({
  AUTH_INVALID: { status: 401, zh: '用户名或密码错误', en: 'Wrong user name or password' },
  AUTH_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins: the account is locked, try again in {minutes} minutes',
  },
  AUTH_DISABLED: { status: 403, zh: '账号已停用，请联系管理员', en: 'This account is disabled; contact your administrator' },
  SESSION_EXPIRED: { status: 401, zh: '登录已超时，请重新登录', en: 'Your session has expired; please sign in again' },
  PASSWORD_WEAK: {
    status: 400,
    zh: '密码不符合要求：至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名',
    en: 'Password too weak: at least 10 characters, 3 of upper case, lower case, digits and symbols, and not containing the user name',
  },
  PASSWORD_WRONG: { status: 400, zh: '原密码不正确', en: 'The current password is wrong' },
} as const);

type AuthErrors = typeof AUTH_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends AuthErrors {}
}

export { AppError } from '../../core/errors.js';
