import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses, Page } from '../../server/schemas.js';
import { getUser, listUsers } from './repo.js';
import { createUser } from './create-user.js';
import { updateUser } from './update-user.js';
import { resetPassword } from './reset-password.js';
import { CreateUserBody, IdParams, ListUsersQuery, UpdateUserBody, User } from './schemas.js';

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
      return listUsers(deps.db, actorOf(req).user, { ...rest, page, pageSize });
    },
  );

  app.get(
    '/api/users/:id',
    { config: { auth: { permission: 'users.read' } }, schema: { tags: ['users'], params: IdParams, response: { 200: User, ...errorResponses } } },
    async (req) => getUser(deps.db, actorOf(req).user, req.params.id),
  );

  app.post(
    '/api/users',
    {
      config: { auth: { permission: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Create an account; the initial password is returned once',
        body: CreateUserBody,
        response: { 200: Type.Object({ user: User, initialPassword: Type.String() }), ...errorResponses, 409: Type.Ref('ErrorBody') },
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
      schema: { tags: ['users'], summary: 'Reset to a random password, shown once', params: IdParams, response: { 200: Type.Object({ password: Type.String() }), ...errorResponses } },
    },
    async (req) => {
      const result = await resetPassword(deps.db, actorOf(req), req.params.id);
      req.audited = true;
      return result;
    },
  );
}
