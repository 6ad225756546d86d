/**
 * The one way the web app talks to the server: JSON over fetch with the session cookie, the CSRF token on every
 * state-changing request, the chosen language, and errors as `ApiError` carrying the server's `{code, message}`.
 */
import type { Lang } from './i18n';
import { translate } from './i18n';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: string;
  areaCode: string;
  areaLevel: number;
  areaName: string;
  department: string | null;
  mustChangePassword: boolean;
  permissions: string[];
  csrfToken: string;
}

export interface Area {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  hasChildren: boolean;
}
export interface AreaSearchHit extends Area {
  pathName: string;
}
export interface AreaDetail extends Area {
  path: { code: string; name: string }[];
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: string;
  areaCode: string;
  areaName: string;
  department: string | null;
  phone: string | null;
  status: 'active' | 'disabled';
  locked: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface AuditEntry {
  seq: number;
  ts: string;
  userId: number | null;
  username: string | null;
  areaCode: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  detail: unknown;
  hash: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Codes that mean "no valid session": the app goes back to the login page. */
export const SESSION_LOST_CODES = new Set(['SESSION_EXPIRED', 'AUTH_REQUIRED']);

interface ClientState {
  csrfToken: string;
  lang: Lang;
  /** Shows an error message to the user (antd message, set by the app shell). */
  notify: (text: string) => void;
  /** The session is gone (401 SESSION_EXPIRED / AUTH_REQUIRED). */
  onSessionLost: (err: ApiError) => void;
  /** The server insists on a password change first (403 PASSWORD_CHANGE_REQUIRED). */
  onPasswordChangeRequired: () => void;
}

const state: ClientState = {
  csrfToken: '',
  lang: 'zh',
  notify: (text) => console.error(text),
  onSessionLost: () => {},
  onPasswordChangeRequired: () => {},
};

export function configureApi(patch: Partial<ClientState>): void {
  Object.assign(state, patch);
}

export function setCsrfToken(token: string): void {
  state.csrfToken = token;
}

export interface RequestOptions {
  /** Do not show the error message (the caller shows it itself). */
  silent?: boolean;
  /** A 401 is an expected answer (the start-up "who am I"): do not redirect to the login page. */
  probe?: boolean;
  signal?: AbortSignal;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (state.lang === 'en') headers['Accept-Language'] = 'en';
  else headers['Accept-Language'] = 'zh-CN';
  if (method !== 'GET' && method !== 'HEAD') {
    headers['X-CSRF-Token'] = state.csrfToken;
  }
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: isForm ? (body as FormData) : body !== undefined ? JSON.stringify(body) : undefined,
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    const e = new ApiError(0, 'NETWORK', translate(state.lang, 'error.network'));
    if (!opts.silent) state.notify(e.message);
    throw e;
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (res.ok) return data as T;
  throw failure(res, data, opts);
}

/** Turns an error response into an ApiError, doing the session / password-change redirects and the message. */
function failure(res: Response, data: unknown, opts: RequestOptions): ApiError {
  const errBody = (data ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const err = new ApiError(
    res.status,
    typeof errBody.code === 'string' ? errBody.code : 'HTTP_' + res.status,
    typeof errBody.message === 'string' ? errBody.message : translate(state.lang, 'error.unexpected', { status: res.status }),
    errBody.details,
  );
  if (res.status === 401 && SESSION_LOST_CODES.has(err.code)) {
    if (!opts.probe) state.onSessionLost(err);
    return err;
  }
  if (res.status === 403 && err.code === 'PASSWORD_CHANGE_REQUIRED') {
    state.onPasswordChangeRequired();
    return err;
  }
  if (!opts.silent) state.notify(err.message);
  return err;
}

/** The file name a Content-Disposition header offers (filename* preferred), or the fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a file (GET with the session cookie) and hands it to the browser as a save, under the server's file name.
 * Errors arrive as JSON and are shown like any other API error.
 */
export async function download(path: string, query?: Query, fallbackName = 'download.xlsx'): Promise<string> {
  const headers: Record<string, string> = { 'Accept-Language': state.lang === 'en' ? 'en' : 'zh-CN' };
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { headers, credentials: 'same-origin' });
  } catch {
    const e = new ApiError(0, 'NETWORK', translate(state.lang, 'error.network'));
    state.notify(e.message);
    throw e;
  }
  if (!res.ok) {
    const text = await res.text();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    throw failure(res, data, {});
  }
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: RequestOptions) => request<T>('GET', withQuery(path, query), undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  /** multipart/form-data upload (the browser sets the boundary). */
  upload: <T>(path: string, form: FormData, opts?: RequestOptions) => request<T>('POST', path, form, opts),
};

/** Keeps the client's language in step with the UI. */
export function setApiLang(lang: Lang): void {
  state.lang = lang;
}
