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
} as const);

type UsersErrors = typeof USERS_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends UsersErrors {}
}

export { AppError } from '../../core/errors.js';
