import { defineErrors } from '../../core/errors.js';

/** Account administration: this module's error codes. Its code imports `AppError` from here, which loads them. */
export const USERS_ERRORS = defineErrors({
  USERNAME_TAKEN: { status: 409, zh: '用户名“{username}”已被使用', en: 'The user name "{username}" is taken' },
  ROLE_AREA_MISMATCH: {
    status: 400,
    zh: '角色“{roleZh}”不能设在{levelZh}级区划上',
    en: 'Role "{roleEn}" cannot sit on a {levelEn}-level area',
  },
  DEPARTMENT_REQUIRED: { status: 400, zh: '部门数据员必须指定部门', en: 'A department officer needs a department' },
  // Separation of duties (三员分立): shared/roles.ts MANAGED_ROLES.
  ROLE_NOT_MANAGED: {
    status: 403,
    zh: '三员分立：您不能管理“{roleZh}”账号',
    en: 'Separation of duties: you cannot manage {roleEn} accounts',
  },
  ROLE_CHANGE_SEPARATED: {
    status: 400,
    zh: '三员分立：“{roleZh}”账号不能与其他角色互相转换，请新建账号',
    en: 'Separation of duties: a {roleEn} account cannot change to or from other roles; create a new account',
  },
  ACTIVATION_PASSWORD: {
    status: 400,
    zh: '“{roleZh}”账号的密码由本人激活时设置，管理员不能指定',
    en: 'A {roleEn} sets his own password at activation; an administrator cannot choose it',
  },
  // Unknown name, no code, wrong, used or replaced code answer alike: the page tells nobody which accounts wait.
  ACTIVATION_INVALID: {
    status: 400,
    zh: '用户名或激活码不正确，或激活码已使用、已作废',
    en: 'Wrong user name or activation code, or the code was used or withdrawn',
  },
  ACTIVATION_EXPIRED: {
    status: 400,
    zh: '激活码已过期，请联系安全保密管理员重新生成',
    en: 'The activation code has expired; ask your security administrator for a new one',
  },
} as const);

type UsersErrors = typeof USERS_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends UsersErrors {}
}

export { AppError } from '../../core/errors.js';
