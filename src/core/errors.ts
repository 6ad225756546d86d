/**
 * The one error class of Fangpin. Every failure a user can meet has a stable code, an HTTP status and a message in
 * Chinese and English; clients receive `{code, message, details?}` and never a stack trace.
 *
 * Core keeps the codes any request can meet (validation, scope, permission, the database being busy); each module
 * declares its own in its `errors.ts` with `defineErrors`, which adds them here and to the `ErrorCatalog` type: an
 * AppError of a module's code (HOUSEHOLD_NO_TAKEN, with its parameters) is type-checked wherever it is written.
 */
export interface ErrorDef {
  status: number;
  zh: string;
  en: string;
}

export type ErrorTable = Record<string, ErrorDef>;

export const CORE_ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '提交的数据不符合要求：{reason}', en: 'The request is invalid: {reason}' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是合法的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { status: 413, zh: '请求内容过大（上限 {limit}）', en: 'The request body is too large (limit {limit})' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, zh: '请求的资源不存在', en: 'The requested resource does not exist' },
  // The request pipeline's own checks (server/auth-hooks.ts), met on every module's routes.
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  CSRF_INVALID: { status: 403, zh: '安全校验失败，请刷新页面后重试', en: 'Security check failed; reload the page and try again' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码', en: 'You must change your password first' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  OUT_OF_SCOPE: { status: 403, zh: '该数据不在您的管辖区域内', en: 'This record is outside your area' },
  DB_BUSY: {
    status: 503,
    zh: '数据正在批量写入（如首次导入全县农户），请稍后再试',
    en: 'The data is being written in bulk (a large import); try again shortly',
  },
  DB_UNAVAILABLE: {
    status: 503,
    zh: '数据库暂时无法连接（可能正在重启），请稍后再试',
    en: 'The database cannot be reached right now (it may be restarting); try again shortly',
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
} as const satisfies ErrorTable;

type CoreErrors = typeof CORE_ERRORS;

/**
 * Every code, by declaration merging: core's here, each module's in its errors.ts
 * (`declare module '../../core/errors.js' { interface ErrorCatalog extends ThisModulesErrors {} }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into by the modules' errors.ts
export interface ErrorCatalog extends CoreErrors {}

export type ErrorCode = keyof ErrorCatalog & string;
export type Lang = 'zh' | 'en';

const registry = new Map<string, ErrorDef>(Object.entries(CORE_ERRORS));

/**
 * Adds a module's codes to the table `AppError` reads. Called by the module's errors.ts as it loads, so a module's
 * code that imports `AppError` from there can throw them in any process (server, CLI, a test of one function). A code
 * declared twice with another text is a programming error and stops the process at start.
 */
export function defineErrors<T extends ErrorTable>(table: T): T {
  for (const [code, def] of Object.entries(table)) {
    const known = registry.get(code);
    if (known && (known.status !== def.status || known.zh !== def.zh || known.en !== def.en)) {
      throw new Error(`error code ${code} is declared twice, differently`);
    }
    registry.set(code, def);
  }
  return table;
}

/** The codes known so far (core's and those of the modules loaded). */
export function knownErrors(): ReadonlyMap<string, ErrorDef> {
  return registry;
}

function errorDef(code: string): ErrorDef {
  const def = registry.get(code);
  // Only a module whose errors.ts was never loaded gets here: import AppError from that errors.ts.
  if (!def) throw new Error(`error code ${code} is not loaded: import AppError from its module's errors.ts`);
  return def;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly details?: unknown;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) {
    super(formatMessage(code, params, 'en'));
    this.name = 'AppError';
    this.code = code;
    this.status = errorDef(code).status;
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
  return errorDef(code)[lang].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}
