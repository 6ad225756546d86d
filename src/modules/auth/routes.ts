import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses, Ok } from '../../server/schemas.js';
import { permissionsOf } from '../../core/permissions.js';
import type { SessionUser } from '../../server/context.js';
import { signIn } from './login.js';
import { logout } from './logout.js';
import { changePassword } from './change-password.js';
import { SESSION_COOKIE } from './session.js';
import { LoginBody, Me, PasswordBody } from './schemas.js';

function meBody(user: SessionUser, csrfToken: string) {
  return { ...user, permissions: permissionsOf(user.role), csrfToken };
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
        body: LoginBody,
        response: { 200: Type.Object({ user: Me, mustChangePassword: Type.Boolean() }), 423: Type.Ref('ErrorBody'), ...errorResponses },
      },
    },
    async (req, reply) => {
      // Login audits itself, success and every failure; a request refused before it (a bad body) falls to the net.
      req.audited = true;
      const result = await signIn(deps.db, deps.config, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'], previousSessionId: req.sessionId });
      setCookie(req, reply, result.token);
      return { user: meBody(result.user, result.csrfToken), mustChangePassword: result.mustChangePassword };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { auth: { duringPasswordChange: true } },
      schema: { tags: ['auth'], summary: 'Sign out; ends the session', response: { 200: Ok, ...errorResponses } },
    },
    async (req, reply) => {
      await logout(deps.db, actorOf(req), req.sessionId!);
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
        body: PasswordBody,
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
