/**
 * The one error class of Fangpin. Every failure a user can meet has a stable code, an HTTP status and a message in
 * Chinese and English; clients receive `{code, message, details?}` and never a stack trace.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '提交的数据不符合要求：{reason}', en: 'The request is invalid: {reason}' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是合法的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { status: 413, zh: '请求内容过大（上限 {limit}）', en: 'The request body is too large (limit {limit})' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, zh: '请求的资源不存在', en: 'The requested resource does not exist' },
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  AUTH_INVALID: { status: 401, zh: '用户名或密码错误', en: 'Wrong user name or password' },
  AUTH_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins: the account is locked, try again in {minutes} minutes',
  },
  AUTH_DISABLED: { status: 403, zh: '账号已停用，请联系管理员', en: 'This account is disabled; contact your administrator' },
  SESSION_EXPIRED: { status: 401, zh: '登录已超时，请重新登录', en: 'Your session has expired; please sign in again' },
  CSRF_INVALID: { status: 403, zh: '安全校验失败，请刷新页面后重试', en: 'Security check failed; reload the page and try again' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码', en: 'You must change your password first' },
  PASSWORD_WEAK: {
    status: 400,
    zh: '密码不符合要求：至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名',
    en: 'Password too weak: at least 10 characters, 3 of upper case, lower case, digits and symbols, and not containing the user name',
  },
  PASSWORD_WRONG: { status: 400, zh: '原密码不正确', en: 'The current password is wrong' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  OUT_OF_SCOPE: { status: 403, zh: '该数据不在您的管辖区域内', en: 'This record is outside your area' },
  USERNAME_TAKEN: { status: 409, zh: '用户名“{username}”已被使用', en: 'The user name "{username}" is taken' },
  ROLE_AREA_MISMATCH: {
    status: 400,
    zh: '角色“{roleZh}”不能设在{levelZh}级区划上',
    en: 'Role "{roleEn}" cannot sit on a {levelEn}-level area',
  },
  DEPARTMENT_REQUIRED: { status: 400, zh: '部门数据员必须指定部门', en: 'A department officer needs a department' },
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
  REGISTRY_INVALID: { status: 400, zh: '填写有误：{summary}', en: 'Please correct the form: {summary}' },
  HOUSEHOLD_NO_TAKEN: { status: 409, zh: '户编号 {householdNo} 在本县已存在', en: 'Household number {householdNo} already exists in this county' },
  PERSON_ACTIVE_ELSEWHERE: {
    status: 409,
    zh: '身份证号 {idMasked} 的人员已在其他户（{householdNo}）中',
    en: 'The person {idMasked} is already active in another household ({householdNo})',
  },
  VERSION_CONFLICT: { status: 409, zh: '该户已被他人修改，请刷新后重试', en: 'Someone else changed this household; reload and try again' },
  MEMBER_NOT_ACTIVE: { status: 409, zh: '该成员已不在户内', en: 'This member is no longer active in the household' },
  IMPORT_FILE_EMPTY: { status: 400, zh: '文件是空的，没有可导入的数据', en: 'The file is empty: nothing to import' },
  IMPORT_FILE_TYPE: { status: 400, zh: '文件不是 Excel（.xlsx）或 CSV 表格', en: 'The file is not an Excel (.xlsx) or CSV spreadsheet' },
  IMPORT_FILE_TOO_LARGE: { status: 413, zh: '文件过大（上限 {limit}）', en: 'The file is too large (limit {limit})' },
  IMPORT_ZIP_BOMB: { status: 400, zh: '文件解压后异常庞大，已拒绝（疑似压缩炸弹）', en: 'The file expands to an abnormal size and was refused (zip bomb?)' },
  IMPORT_NO_HEADER: { status: 400, zh: '找不到表头行：须包含“身份证号”和“姓名”列', en: 'No header row found: it needs ID number and name columns' },
  IMPORT_HAS_ERRORS: { status: 409, zh: '文件中有 {count} 行错误，请修正后再导入，或选择只导入正确的行', en: '{count} rows have errors: fix the file, or import the valid rows only' },
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
  AREA_IMPORT_LEVEL: {
    status: 400,
    zh: '只能按省、市、县或乡镇代码导入（连同其下所有村），{code} 是村级代码',
    en: 'Import takes a province, city, county or township code (with all villages below); {code} is a village',
  },
  DB_BUSY: {
    status: 503,
    zh: '数据正在批量写入（如首次导入全县农户），请稍后再试',
    en: 'The data is being written in bulk (a large import); try again shortly',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  // The state machine (core/state-machine.ts): a step refused, or lost to someone acting at the same moment.
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    zh: '{entityZh}当前为“{stateZh}”，不能办理“{stepZh}”',
    en: 'The {entityEn} is "{stateEn}": "{stepEn}" is not possible now',
  },
  TRANSITION_ROLE: { status: 403, zh: '{roleZh}不能办理“{stepZh}”', en: '"{stepEn}" cannot be done by {roleEn}' },
  TRANSITION_LEVEL: { status: 403, zh: '“{stepZh}”须由{levelZh}级人员办理', en: '"{stepEn}" is done at {levelEn} level' },
  TRANSITION_REFUSED: { status: 409, zh: '不能办理“{stepZh}”：{reasonsZh}', en: '"{stepEn}" is refused: {reasonsEn}' },
  STATE_CONFLICT: {
    status: 409,
    zh: '{entityZh}刚被他人处理，现为“{stateZh}”，请刷新后重试',
    en: 'Someone else acted on this {entityEn} first (it is now "{stateEn}"); reload and try again',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误，请稍后再试或联系管理员', en: 'Internal server error; try again later' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'zh' | 'en';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly details?: unknown;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) {
    super(formatMessage(code, params, 'en'));
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.params = params;
    this.details = details;
  }

  toBody(lang: Lang): { code: ErrorCode; message: string; details?: unknown } {
    const body: { code: ErrorCode; message: string; details?: unknown } = {
      code: this.code,
      message: formatMessage(this.code, this.params, lang),
    };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export function formatMessage(code: ErrorCode, params: Record<string, string | number>, lang: Lang): string {
  return ERRORS[code][lang].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}
