import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses, Ok, Page } from '../../server/schemas.js';
import { getUser, listUsers } from './repo.js';
import { createUser } from './create-user.js';
import { updateUser } from './update-user.js';
import { resetPassword } from './reset-password.js';
import { activateAccount } from './activation.js';
import { visibleRoles } from './policy.js';
import { ActivateBody, CreateUserBody, CreateUserResult, IdParams, ListUsersQuery, ResetPasswordResult, UpdateUserBody, User } from './schemas.js';

export async function usersRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/users',
    {
      config: { auth: { permission: 'users.read' } },
      schema: {
        tags: ['users'],
        summary: 'Users in the caller’s area subtree',
        querystring: ListUsersQuery,
        response: { 200: Page(User), ...errorResponses },
      },
    },
    async (req) => {
      const { page = 1, pageSize = 20, ...rest } = req.query;
      const user = actorOf(req).user;
      return listUsers(deps.db, user, { ...rest, roles: visibleRoles(user), page, pageSize });
    },
  );

  app.get(
    '/api/users/:id',
    { config: { auth: { permission: 'users.read' } }, schema: { tags: ['users'], params: IdParams, response: { 200: User, ...errorResponses } } },
    async (req) => getUser(deps.db, actorOf(req).user, req.params.id, visibleRoles(actorOf(req).user)),
  );

  app.post(
    '/api/users',
    {
      config: { auth: { permission: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Create an account; the initial password (or, for an auditor or security administrator, an activation code) is returned once',
        body: CreateUserBody,
        response: { 200: CreateUserResult, ...errorResponses, 409: Type.Ref('ErrorBody') },
      },
    },
    async (req) => {
      const result = await createUser(deps.db, actorOf(req), req.body);
      req.audited = true;
      return result;
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { auth: { permission: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Change role, area, department, phone or status (disable/enable)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User, ...errorResponses },
      },
    },
    async (req) => {
      const user = await updateUser(deps.db, actorOf(req), req.params.id, req.body);
      req.audited = true;
      return user;
    },
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { auth: { permission: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Reset to a random password, shown once (an auditor or security administrator: a new activation code)',
        params: IdParams,
        response: { 200: ResetPasswordResult, ...errorResponses },
      },
    },
    async (req) => {
      const result = await resetPassword(deps.db, actorOf(req), req.params.id);
      req.audited = true;
      return result;
    },
  );

  app.post(
    '/api/auth/activate',
    {
      // Public: the owner has no password yet. The code's 80 random bits and its limit of wrong tries guard it.
      config: { auth: { public: true } },
      schema: {
        tags: ['users'],
        summary: 'Activate an account with its one-time code and choose its password (auditors, security administrators)',
        body: ActivateBody,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      req.audited = true;
      await activateAccount(deps.db, { ...req.body, ip: req.ip });
      return { ok: true as const };
    },
  );
}
