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
  // {reasonZh}/{reasonEn}: the first rule broken (PASSWORD_REASON_TEXT); details.reason names it for the web app.
  PASSWORD_WEAK: { status: 400, zh: '密码不符合要求：{reasonZh}', en: 'Password too weak: {reasonEn}' },
  PASSWORD_WRONG: { status: 400, zh: '原密码不正确', en: 'The current password is wrong' },
} as const);

/** Why a password is refused (password-rules.ts), as PASSWORD_WEAK says it. */
export const PASSWORD_REASON_TEXT = {
  length: { zh: '至少 10 位（空格不计）', en: 'at least 10 characters, not counting spaces' },
  classes: { zh: '须包含大写字母、小写字母、数字、符号中的至少三类', en: 'use at least 3 of upper case, lower case, digits and symbols' },
  repeated: { zh: '不能由同一个字符或同一段字符反复组成', en: 'it must not be one character or one chunk repeated' },
  keyboard: { zh: '不能是键盘上相邻按键的连续组合（如 qwerty、1qaz2wsx）', en: 'it must not be a walk along the keyboard (qwerty, 1qaz2wsx …)' },
  sequence: { zh: '不能是连续的字母或数字（如 abcd、1234）', en: 'it must not be a run of letters or digits (abcd, 1234 …)' },
  common: { zh: '这是常见密码或其简单变形，很容易被猜中', en: 'it is a common password or a simple variant of one, easily guessed' },
  contains_name: { zh: '不能包含用户名或姓名（包括倒写和拼音）', en: 'it must not contain the user name or the person’s name (nor reversed or in pinyin)' },
  contains_phone: { zh: '不能包含手机号（包括倒写）', en: 'it must not contain the phone number (nor reversed)' },
  reused: { zh: '不能与最近 5 次用过的密码相同', en: 'it must not be one of the last 5 passwords used' },
} as const;

type AuthErrors = typeof AUTH_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends AuthErrors {}
}

export { AppError } from '../../core/errors.js';
