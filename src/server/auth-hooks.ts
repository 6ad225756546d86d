import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type Lang } from '../core/errors.js';
import { resolveSession, SESSION_COOKIE } from '../modules/auth/session.js';
import { recordAudit } from '../modules/audit/repo.js';
import { can } from '../core/permissions.js';
import type { AppDeps } from './deps.js';
import type { Actor } from './context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requestLang(req: FastifyRequest): Lang {
  const explicit = req.headers['x-lang'];
  const value = (Array.isArray(explicit) ? explicit[0] : explicit) ?? req.headers['accept-language'] ?? '';
  return value.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** The signed-in actor; route handlers call this after the auth hook has run. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.user) throw new AppError('AUTH_REQUIRED');
  return { user: req.user, ip: req.ip };
}

/**
 * Session, CSRF, forced password change and permission, for every /api route, from the route's `config.auth`.
 * Then the audit net: a state-changing request whose domain code wrote no entry (e.g. it failed) still gets one.
 */
export function installAuthHooks(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('user', undefined);
  app.decorateRequest('sessionId', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('lang', 'zh');
  app.decorateRequest('audited', false);
  app.decorateRequest('errorCode', undefined);

  app.addHook('onRequest', async (req) => {
    req.lang = requestLang(req);
  });

  // onRequest, before the body is parsed and validated: an anonymous client learns nothing from a 400, and the audit
  // entry of a request that fails validation still names its user.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs') || req.is404) return;
    const auth = req.routeOptions.config?.auth ?? {};
    let session;
    try {
      session = await resolveSession(deps.db, deps.config, req.cookies[SESSION_COOKIE]);
    } catch (err) {
      if (!auth.public) throw err;
    }
    if (session) {
      req.user = session.user;
      req.sessionId = session.sessionId;
      req.csrfToken = session.csrfToken;
    }
    if (auth.public) return;
    if (!req.user) throw new AppError('AUTH_REQUIRED');
    if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== req.csrfToken) throw new AppError('CSRF_INVALID');
    if (req.user.mustChangePassword && !auth.duringPasswordChange) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (auth.permission && !can(req.user.role, auth.permission)) throw new AppError('FORBIDDEN');
  });

  // onSend, not onResponse: the entry is committed before the client gets the answer.
  app.addHook('onSend', async (req, reply) => {
    if (SAFE_METHODS.has(req.method) || req.audited || !req.url.startsWith('/api/')) return;
    const route = req.routeOptions.url ?? req.url.split('?')[0]!;
    try {
      await recordAudit(deps.db, {
        userId: req.user?.id ?? null,
        username: req.user?.username ?? null,
        areaCode: req.user?.areaCode ?? null,
        ip: req.ip,
        action: `${req.method} ${route}`,
        ...auditTarget(route, req.params, req.body),
        outcome: reply.statusCode < 400 ? 'ok' : 'fail',
        detail: { status: reply.statusCode, ...(req.errorCode ? { code: req.errorCode } : {}) },
      });
    } catch (err) {
      req.log.error({ err }, 'audit write failed');
    }
  });
}

/** What a request that wrote no entry of its own acted on: `/api/users/:id` → user <id>; a body's username or code. */
function auditTarget(route: string, params: unknown, body: unknown): { targetType: string | null; targetId: string | null } {
  const type = /^\/api\/([a-z]+)/.exec(route)?.[1]?.replace(/s$/, '') ?? null;
  const p = (params ?? {}) as Record<string, unknown>;
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const id = [p.id, p.code, b.username, b.code].find((v) => typeof v === 'string' || typeof v === 'number');
  return { targetType: type, targetId: id === undefined ? null : String(id).slice(0, 64) };
}
