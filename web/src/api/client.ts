/**
 * The one way the web app talks to the server: JSON over fetch with the session cookie, the CSRF token on every
 * state-changing request, the chosen language, and errors as `ApiError` carrying the server's `{code, message}`.
 *
 * Calls are typed by path and method from schema.gen.ts, which `npm run gen:api` generates from the server's OpenAPI
 * document: `api.get('/api/users/{id}', { path: { id } })` answers the route's 200 body, and a wrong path, parameter or
 * body does not compile.
 */
import type { paths } from './schema.gen';
import { translate, type Lang } from '../i18n';

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

// ---------------------------------------------------------------- types from the generated schema

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
/** The paths that have an operation for method M. */
export type PathsOf<M extends Method> = { [P in keyof paths]: [paths[P][M]] extends [undefined] ? never : P }[keyof paths];

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : R extends { content?: never } ? void : unknown;
type Responses<O> = O extends { responses: infer R } ? R : never;
/** The success body of an operation: 200, or 201 (created), or 202 (accepted: a background job started). */
type SuccessOf<O> =
  Responses<O> extends { 200: infer R }
    ? JsonOf<R>
    : Responses<O> extends { 201: infer R }
      ? JsonOf<R>
      : Responses<O> extends { 202: infer R }
        ? JsonOf<R>
        : void;

/** Path parameters may be given as the address bar's strings (a route's `:id`): the server validates them. */
type PathPart<O> = O extends { parameters: { path: infer Pp } } ? ([Pp] extends [never] ? object : { path: { [K in keyof Pp]: Pp[K] | string } }) : object;
type QueryPart<O> = O extends { parameters: { query: infer Q } }
  ? [Q] extends [never]
    ? object
    : { query: Q }
  : O extends { parameters: { query?: infer Q } }
    ? [NonNullable<Q>] extends [never]
      ? object
      : { query?: Q }
    : object;
type BodyPart<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? { body?: B }
    : object;

/** What a call may say besides its parameters. */
export interface RequestOptions {
  /** Do not show the error message (the caller shows it itself). */
  silent?: boolean;
  /** A 401 is an expected answer (the start-up "who am I"): do not redirect to the login page. */
  probe?: boolean;
  signal?: AbortSignal;
}

/** A call's parameters: `path` when the route has some, `query`, `body` (JSON), and the options. */
export type CallInit<P extends keyof paths, M extends Method> = PathPart<Operation<P, M>> &
  QueryPart<Operation<P, M>> &
  BodyPart<Operation<P, M>> &
  RequestOptions;

/** The JSON an operation answers with. */
export type ResponseOf<P extends keyof paths, M extends Method> = SuccessOf<Operation<P, M>>;
/** An operation's query parameters. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> = NonNullable<Operation<P, M> extends { parameters: { query?: infer Q } } ? Q : never>;
/** An operation's JSON body. */
export type BodyOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

// ---------------------------------------------------------------- state set by the app shell

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

/** Keeps the client's language in step with the UI. */
export function setApiLang(lang: Lang): void {
  state.lang = lang;
}

// ---------------------------------------------------------------- requests

type QueryValue = string | number | boolean | null | undefined;

/** `/api/users/{id}` with `{ id: 7 }` → `/api/users/7`, then the query's non-empty values. */
export function urlOf(template: string, pathParams?: object, query?: object): string {
  const p = (pathParams ?? {}) as Record<string, QueryValue>;
  const path = template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(p[k] ?? '')));
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, QueryValue>)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

function langHeader(): string {
  return state.lang === 'en' ? 'en' : 'zh-CN';
}

interface RawInit extends RequestOptions {
  path?: object;
  query?: object;
  body?: unknown;
}

async function request(method: string, template: string, init: RawInit = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': langHeader() };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = state.csrfToken;
  const isForm = typeof FormData !== 'undefined' && init.body instanceof FormData;
  // A state-changing call without a body still sends `{}`: the server's routes expect a JSON object.
  const body = init.body ?? (method === 'POST' ? {} : undefined);
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(urlOf(template, init.path, init.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: isForm ? (body as FormData) : body !== undefined ? JSON.stringify(body) : undefined,
      signal: init.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    const e = new ApiError(0, 'NETWORK', translate(state.lang, 'error.network'));
    if (!init.silent) state.notify(e.message);
    throw e;
  }

  const data = parseJson(await res.text());
  if (res.ok) return data;
  throw failure(res, data, init);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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

/** `init` may be left out only when the operation needs none of path, query or body. */
type InitArg<P extends keyof paths, M extends Method> = object extends CallInit<P, M> ? [init?: CallInit<P, M>] : [init: CallInit<P, M>];

function caller<M extends Method>(method: M) {
  return <P extends PathsOf<M>>(path: P, ...[init]: InitArg<P, M>): Promise<ResponseOf<P, M>> =>
    request(method.toUpperCase(), path, init as RawInit) as Promise<ResponseOf<P, M>>;
}

export const api = {
  get: caller('get'),
  post: caller('post'),
  patch: caller('patch'),
  /** multipart/form-data upload (the browser sets the boundary); the route's body is not JSON, so not typed here. */
  upload: <P extends PathsOf<'post'>>(path: P, form: FormData, opts: RequestOptions & { query?: QueryOf<P, 'post'> } = {}): Promise<ResponseOf<P, 'post'>> =>
    request('POST', path, { ...opts, body: form }) as Promise<ResponseOf<P, 'post'>>,
};

// ---------------------------------------------------------------- downloads

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
export async function download<P extends PathsOf<'get'>>(path: P, init: CallInit<P, 'get'>, fallbackName = 'download.xlsx'): Promise<string> {
  const raw = init as RawInit;
  let res: Response;
  try {
    res = await fetch(urlOf(path, raw.path, raw.query), { headers: { 'Accept-Language': langHeader() }, credentials: 'same-origin' });
  } catch {
    const e = new ApiError(0, 'NETWORK', translate(state.lang, 'error.network'));
    state.notify(e.message);
    throw e;
  }
  if (!res.ok) throw failure(res, parseJson(await res.text()), {});
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
