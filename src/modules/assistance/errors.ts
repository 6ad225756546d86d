import { defineErrors } from '../../core/errors.js';

/** Assistance (帮扶): this module's error codes. */
export const ASSISTANCE_ERRORS = defineErrors({
  ASSIST_NOT_ASSIGNED: { status: 403, zh: '该户不是您的帮扶户', en: 'This household is not paired with you' },
  ASSIST_NOT_MONITORED: { status: 409, zh: '该户当前不是监测对象，不能制定帮扶计划', en: 'The household is not monitored now: no plan can be made' },
  ASSIST_FIELD: { status: 400, zh: '“{field}”填写有误：{reasonZh}', en: 'Field "{field}" is invalid: {reasonEn}' },
  ASSIST_MEASURE_NOT_FOUND: { status: 404, zh: '帮扶措施不存在', en: 'No such measure' },
  ASSIST_CATALOGUE_NOT_FOUND: { status: 404, zh: '措施目录项不存在', en: 'No such catalogue item' },
  ASSIST_CATALOGUE_NAME_TAKEN: { status: 409, zh: '措施目录中已有“{name}”', en: 'The catalogue already has "{name}"' },
  ASSIST_COUNTY_REQUIRED: { status: 400, zh: '请选择县', en: 'Choose a county' },
  ASSIST_VERSION_CONFLICT: { status: 409, zh: '该措施刚被他人修改，请刷新后重试', en: 'Someone else changed this measure; reload and try again' },
  ASSIST_HELPER_INVALID: { status: 400, zh: '帮扶责任人有误：{reasonZh}', en: 'Helper invalid: {reasonEn}' },
  ASSIST_FILE_INVALID: { status: 400, zh: '文件有误：{reasonZh}', en: 'The file is invalid: {reasonEn}' },
  ASSIST_FILE_ROWS: { status: 400, zh: '文件中有 {count} 行有误，未保存任何数据', en: '{count} rows of the file are wrong; nothing was saved' },
  ASSIST_VISIT_ID_TAKEN: { status: 409, zh: '该走访记录编号已被使用', en: 'This visit id is already used' },
} as const);

type AssistanceErrors = typeof ASSISTANCE_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCatalog
  interface ErrorCatalog extends AssistanceErrors {}
}

export { AppError } from '../../core/errors.js';
