import { defineErrors } from '../../core/errors.js';

/** The registry import (upload, check, commit, report): this module's error codes. Its code imports `AppError` from here, which loads them. */
export const IMPORTS_ERRORS = defineErrors({
  IMPORT_FILE_EMPTY: { status: 400, zh: '文件是空的，没有可导入的数据', en: 'The file is empty: nothing to import' },
  IMPORT_FILE_TYPE: { status: 400, zh: '文件不是 Excel（.xlsx）或 CSV 表格', en: 'The file is not an Excel (.xlsx) or CSV spreadsheet' },
  IMPORT_FILE_TOO_LARGE: { status: 413, zh: '文件过大（上限 {limit}）', en: 'The file is too large (limit {limit})' },
  IMPORT_ZIP_BOMB: { status: 400, zh: '文件解压后异常庞大，已拒绝（疑似压缩炸弹）', en: 'The file expands to an abnormal size and was refused (zip bomb?)' },
  IMPORT_NO_HEADER: { status: 400, zh: '找不到表头行：须包含“身份证号”和“姓名”列', en: 'No header row found: it needs ID number and name columns' },
  IMPORT_HAS_ERRORS: { status: 409, zh: '文件中有 {count} 行错误，请修正后再导入，或选择只导入正确的行', en: '{count} rows have errors: fix the file, or import the valid rows only' },
  IMPORT_NO_AREAS: {
    status: 409,
    zh: '系统中尚未导入行政区划，文件中的村都无法识别。请先导入区划：npx fangpin areas import <县代码>（如 140430），再导入农户',
    en: 'No area tree is loaded, so no village of the file can be found. Load it first: npx fangpin areas import <county code> (e.g. 140430), then import the households',
  },
  IMPORT_NOT_FOUND: { status: 404, zh: '导入任务不存在', en: 'Import job not found' },
  IMPORT_TOO_MANY_ROWS: { status: 413, zh: '文件超过 {limit} 行，请拆分后分批导入', en: 'The file has more than {limit} rows: split it and import the parts' },
  IMPORT_MAPPING_INVALID: { status: 400, zh: '列对应关系有误：{reason}', en: 'The column mapping is invalid: {reason}' },
  IMPORT_TEMPLATE_NOT_FOUND: { status: 404, zh: '导入模板不存在', en: 'Import template not found' },
  IMPORT_REPORT_MISSING: { status: 404, zh: '导入报告尚未生成', en: 'The import report is not ready' },
  IMPORT_INTERRUPTED: { status: 409, zh: '导入在进行中被中断（服务重启），请重新预检', en: 'The import was interrupted (server restart); run the check again' },
  IMPORT_STATE: { status: 409, zh: '导入任务当前状态为“{state}”，不能执行此操作', en: 'The import job is "{state}"; this action is not possible' },
  IMPORT_NOT_CANCELLABLE: {
    status: 409,
    zh: '导入任务{stateZh}，不能取消（只能取消尚未开始写入的导入）',
    en: 'The import job {stateEn}: it cannot be cancelled (only an import not yet being written can)',
  },
  IMPORT_CANCELLED: { status: 409, zh: '导入任务已取消', en: 'The import job was cancelled' },
  IMPORT_REPORT_EXPIRED: {
    status: 410,
    zh: '导入报告已超过保留期限（{days} 天）被删除，无法再下载',
    en: 'The import report was deleted after the retention period ({days} days) and can no longer be downloaded',
  },
  IMPORT_FILE_EXPIRED: {
    status: 410,
    zh: '上传的文件已超过保留期限（{days} 天）被删除，请重新上传',
    en: 'The uploaded file was deleted after the retention period ({days} days); upload it again',
  },
} as const);

type ImportsErrors = typeof IMPORTS_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends ImportsErrors {}
}

export { AppError } from '../../core/errors.js';
