import { defineErrors } from '../../core/errors.js';

/** The administrative tree: this module's error codes. Its code imports `AppError` from here, which loads them. */
export const AREAS_ERRORS = defineErrors({
  AREA_NOT_FOUND: { status: 404, zh: '区划代码 {code} 不存在', en: 'Area code {code} does not exist' },
  AREA_CODE_UNKNOWN: {
    status: 400,
    zh: '区划代码 {code} 在国家区划库中不存在',
    en: 'Area code {code} is not in the national division data',
  },
  AREA_CODE_INVALID: {
    status: 400,
    zh: '区划代码 {code} 格式不正确（应为 2、4、6、9 或 12 位数字）',
    en: 'Area code {code} is malformed (2, 4, 6, 9 or 12 digits)',
  },
  AREA_IMPORT_LEVEL: {
    status: 400,
    zh: '只能按省、市、县或乡镇代码导入（连同其下所有村），{code} 是村级代码',
    en: 'Import takes a province, city, county or township code (with all villages below); {code} is a village',
  },
} as const);

type AreasErrors = typeof AREAS_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends AreasErrors {}
}

export { AppError } from '../../core/errors.js';
