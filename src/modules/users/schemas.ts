import { Type } from 'typebox';
import { DEPARTMENTS, ROLES } from '../../shared/roles.js';
import { PageQuery, RowId } from '../../server/schemas.js';

export const RoleT = Type.Union(ROLES.map((r) => Type.Literal(r)));
const DeptT = Type.Union([Type.Null(), ...DEPARTMENTS.map((d) => Type.Literal(d))]);
export const StatusT = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);
const Phone = Type.Union([Type.Null(), Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })]);

export const User = Type.Object({
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
  activationPending: Type.Boolean(),
  lastLoginAt: Type.Union([Type.Null(), Type.String()]),
  createdAt: Type.String(),
});
export const IdParams = Type.Object({ id: RowId() });

export const CreateUserBody = Type.Object({
  username: Type.String({ pattern: '^[a-zA-Z0-9_.-]{3,32}$' }),
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  role: RoleT,
  areaCode: Type.String({ minLength: 2, maxLength: 12 }),
  department: Type.Optional(DeptT),
  phone: Type.Optional(Phone),
  password: Type.Optional(Type.String({ maxLength: 200 })),
});

export const UpdateUserBody = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  role: Type.Optional(RoleT),
  areaCode: Type.Optional(Type.String({ minLength: 2, maxLength: 12 })),
  department: Type.Optional(DeptT),
  phone: Type.Optional(Phone),
  status: Type.Optional(StatusT),
});

export const ListUsersQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  role: Type.Optional(RoleT),
  status: Type.Optional(StatusT),
  areaCode: Type.Optional(Type.String({ maxLength: 12 })),
  ...PageQuery,
});

/** A one-time activation code, shown once to the administrator who issued it (never stored in clear). */
export const Activation = Type.Object({ code: Type.String(), expiresAt: Type.String() });

export const CreateUserResult = Type.Object({
  user: User,
  /** Working roles: the initial password, shown once, to be changed at first sign-in. */
  initialPassword: Type.Optional(Type.String()),
  /** Auditors and security administrators: the owner chooses his password with this code. */
  activation: Type.Optional(Activation),
});

export const ResetPasswordResult = Type.Object({ password: Type.Optional(Type.String()), activation: Type.Optional(Activation) });

export const ActivateBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  code: Type.String({ minLength: 1, maxLength: 40 }),
  newPassword: Type.String({ minLength: 1, maxLength: 200 }),
});
