import { Type } from 'typebox';
import { PageQuery } from '../../server/schemas.js';

/** An audit entry as the API shows it. */
export const Entry = Type.Object({
  seq: Type.Integer(),
  ts: Type.String(),
  userId: Type.Union([Type.Null(), Type.Integer()]),
  username: Type.Union([Type.Null(), Type.String()]),
  areaCode: Type.Union([Type.Null(), Type.String()]),
  ip: Type.Union([Type.Null(), Type.String()]),
  action: Type.String(),
  targetType: Type.Union([Type.Null(), Type.String()]),
  targetId: Type.Union([Type.Null(), Type.String()]),
  outcome: Type.String(),
  detail: Type.Unknown(),
  hash: Type.String(),
  target: Type.Union([
    Type.Null(),
    Type.Object({ label: Type.String(), householdId: Type.Union([Type.Null(), Type.Integer()]) }),
  ], { description: 'the object in words (a household by number and head, a member by name and household, a user by name) when it is still there and in scope' }),
});

/** One known action and its labels (GET /api/audit/actions). */
export const ActionLabel = Type.Object({ action: Type.String(), zh: Type.String(), en: Type.String() });

export const AuditQuery = Type.Object({
  username: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64, description: 'a prefix of the action code' })),
  actions: Type.Optional(Type.String({ maxLength: 2000, description: 'any of these actions, comma-separated (codes from GET /api/audit/actions)' })),
  targetType: Type.Optional(Type.String({ maxLength: 32 })),
  targetId: Type.Optional(Type.String({ maxLength: 64 })),
  outcome: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('fail')])),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  ...PageQuery,
});
