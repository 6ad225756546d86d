import { defineErrors } from '../../core/errors.js';

/** Department data screening (部门筛查预警): this module's error codes. */
export const SCREENING_ERRORS = defineErrors({
  SCREENING_TEMPLATE_UNKNOWN: { status: 400, zh: '没有这个数据模板：{template}', en: 'No such dataset template: {template}' },
  SCREENING_TEMPLATE_DEPARTMENT: { status: 403, zh: '“{templateZh}”不是本部门的数据模板', en: '“{templateEn}” is not a template of your department' },
  SCREENING_NO_DEPARTMENT: { status: 403, zh: '账号未指定部门，不能上传部门数据', en: 'Your account has no department' },
  SCREENING_PERIOD_SUBMITTED: {
    status: 409,
    zh: '{period} 的“{templateZh}”已提交（第 {version} 版）；如需更正，请以更正方式上传新版本',
    en: '{period} “{templateEn}” is already submitted (version {version}); upload a correction as a new version',
  },
  SCREENING_FILE_EMPTY: { status: 400, zh: '没有收到文件，或文件为空', en: 'No file, or the file is empty' },
  SCREENING_FILE_TOO_LARGE: { status: 413, zh: '文件超过 {limit}', en: 'The file is larger than {limit}' },
  SCREENING_DATASET_NOT_FOUND: { status: 404, zh: '数据集不存在', en: 'No such dataset' },
  SCREENING_DATASET_SUBMITTED: { status: 409, zh: '数据集已提交，不能修改；更正请上传新版本', en: 'The dataset is submitted and cannot change; upload a new version' },
  SCREENING_DATASET_NOT_SUBMITTED: { status: 409, zh: '数据集尚未提交，不能比对', en: 'The dataset is not submitted yet' },
  SCREENING_DATASET_HAS_ERRORS: {
    status: 409,
    zh: '数据集有 {count} 处问题须先更正（文件或行级错误），不能提交',
    en: 'The dataset has {count} problems to fix first (file or row errors)',
  },
  SCREENING_HEADER_NOT_FOUND: {
    status: 400,
    zh: '前 20 行中找不到表头（需要“姓名”列，以及“身份证号”或“出生日期”列）：文件可能不是“{templateZh}”模板',
    en: 'No header in the first 20 rows (a name column and an ID number or birth date column): the file may not be a “{templateEn}” file',
  },
  SCREENING_MAPPING_INVALID: { status: 400, zh: '列映射有误：“{column}”→ {field}：没有这个字段', en: 'Mapping invalid: “{column}” → {field}: no such field' },
  SCREENING_RUN_ACTIVE: { status: 409, zh: '该数据集的比对正在进行', en: 'A run of this dataset is already in progress' },
  SCREENING_RUN_NOT_FOUND: { status: 404, zh: '比对任务不存在', en: 'No such run' },
  SCREENING_RUN_NOT_DONE: { status: 409, zh: '比对尚未完成', en: 'The run has not finished' },
  SCREENING_THRESHOLDS: { status: 400, zh: '自动关联阈值须不低于待确认阈值（0–1）', en: 'The auto-link threshold must be at least the review threshold (0–1)' },
  SCREENING_CANDIDATE_NOT_FOUND: { status: 404, zh: '候选不存在', en: 'No such candidate' },
  SCREENING_CANDIDATE_DECIDED: { status: 409, zh: '该候选已处理', en: 'This candidate has been decided' },
  SCREENING_RULE_UNKNOWN: { status: 404, zh: '没有这条规则：{rule}', en: 'No such rule: {rule}' },
  SCREENING_RULE_PARAM: { status: 400, zh: '规则参数“{param}”有误：{reasonZh}', en: 'Rule parameter “{param}” invalid: {reasonEn}' },
  SCREENING_WARNING_NOT_FOUND: { status: 404, zh: '预警不存在', en: 'No such warning' },
  SCREENING_WARNING_HANDLED: { status: 409, zh: '该预警已处理', en: 'This warning has been handled' },
  SCREENING_HANDLE_INPUT: { status: 400, zh: '处理预警须填写 {field}', en: 'Handling the warning needs {field}' },
} as const);

type ScreeningErrors = typeof SCREENING_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends ScreeningErrors {}
}

export { AppError } from '../../core/errors.js';
