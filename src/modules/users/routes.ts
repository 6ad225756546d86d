import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses, Page, PageQuery, RowId } from '../../server/schemas.js';
import { DEPARTMENTS, ROLES } from '../../shared/roles.js';
import { createUser, getUser, listUsers, resetPassword, updateUser } from './users.service.js';

const RoleT = Type.Union(ROLES.map((r) => Type.Literal(r)));
const DeptT = Type.Union([Type.Null(), ...DEPARTMENTS.map((d) => Type.Literal(d))]);
const StatusT = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);
const Phone = Type.Union([Type.Null(), Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })]);

const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  areaCode: Type.String(),
  areaName: Type.String(),
  department: Type.Union([Type.Null(), Type.String()]),
  phone: Type.Union([Type.Null(), Type.String()]),
  status: Type.String(),
  locked: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Type.Union([Type.Null(), Type.String()]),
  createdAt: Type.String(),
});
const IdParams = Type.Object({ id: RowId() });

export async function usersRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/users',
    {
      config: { auth: { permission: 'users.read' } },
      schema: {
        tags: ['users'],
        summary: 'Users in the caller’s area subtree',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 64 })),
          role: Type.Optional(RoleT),
          status: Type.Optional(StatusT),
          areaCode: Type.Optional(Type.String({ maxLength: 12 })),
          ...PageQuery,
        }),
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
        body: Type.Object({
          username: Type.String({ pattern: '^[a-zA-Z0-9_.-]{3,32}$' }),
          displayName: Type.String({ minLength: 1, maxLength: 50 }),
          role: RoleT,
          areaCode: Type.String({ minLength: 2, maxLength: 12 }),
          department: Type.Optional(DeptT),
          phone: Type.Optional(Phone),
          password: Type.Optional(Type.String({ maxLength: 200 })),
        }),
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
        body: Type.Object({
          displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          role: Type.Optional(RoleT),
          areaCode: Type.Optional(Type.String({ minLength: 2, maxLength: 12 })),
          department: Type.Optional(DeptT),
          phone: Type.Optional(Phone),
          status: Type.Optional(StatusT),
        }),
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
