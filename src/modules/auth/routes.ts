import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses, Ok } from '../../server/schemas.js';
import { ROLE_PERMISSIONS } from '../../shared/roles.js';
import type { SessionUser } from '../../server/context.js';
import { changePassword, login } from './auth.service.js';
import { destroySession, resolveSession, SESSION_COOKIE } from './session.js';
import { recordAudit } from '../audit/audit.repository.js';
import { auditActor } from '../users/users.service.js';

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  areaCode: Type.String(),
  areaLevel: Type.Integer(),
  areaName: Type.String(),
  department: Type.Union([Type.Null(), Type.String()]),
  mustChangePassword: Type.Boolean(),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.String(),
});

function meBody(user: SessionUser, csrfToken: string) {
  return { ...user, permissions: [...ROLE_PERMISSIONS[user.role]], csrfToken };
}

export async function authRoutes(app: App, deps: AppDeps) {
  const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string) => {
    const secure = deps.config.cookieSecure === 'auto' ? req.protocol === 'https' : deps.config.cookieSecure;
    void reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure });
  };

  app.post(
    '/api/auth/login',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Type.Object({ user: Me, mustChangePassword: Type.Boolean() }), 423: Type.Ref('ErrorBody'), ...errorResponses },
      },
    },
    async (req, reply) => {
      // A new session id at every login; any session the browser had is ended first.
      if (req.sessionId) await destroySession(deps.db, req.sessionId);
      // Login audits itself, success and every failure; a request refused before it (a bad body) falls to the net.
      req.audited = true;
      const result = await login(deps.db, deps.config, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
      setCookie(req, reply, result.token);
      const session = await resolveSession(deps.db, deps.config, result.token);
      return { user: meBody(session!.user, result.csrfToken), mustChangePassword: result.mustChangePassword };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { auth: { duringPasswordChange: true } },
      schema: { tags: ['auth'], summary: 'Sign out; ends the session', response: { 200: Ok, ...errorResponses } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await destroySession(deps.db, req.sessionId!);
      await recordAudit(deps.db, { ...auditActor(actor), action: 'auth.logout' });
      req.audited = true;
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { auth: { duringPasswordChange: true } },
      schema: { tags: ['auth'], summary: 'The signed-in user, permissions and CSRF token', response: { 200: Me, ...errorResponses } },
    },
    async (req) => meBody(actorOf(req).user, req.csrfToken!),
  );

  app.post(
    '/api/auth/password',
    {
      config: { auth: { duringPasswordChange: true } },
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password',
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await changePassword(deps.db, actorOf(req), req.sessionId!, req.body);
      req.audited = true;
      return { ok: true as const };
    },
  );
}
