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
});

export const AuditQuery = Type.Object({
  username: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  targetType: Type.Optional(Type.String({ maxLength: 32 })),
  targetId: Type.Optional(Type.String({ maxLength: 64 })),
  outcome: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('fail')])),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  ...PageQuery,
});
