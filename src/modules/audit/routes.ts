import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses, Page, PageQuery } from '../../server/schemas.js';
import { listAudit } from './audit.service.js';
import { checkpointSource, verifyAuditLog } from './checkpoints.js';

const Entry = Type.Object({
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

export async function auditRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/audit',
    {
      config: { auth: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log (who, when, what, target) within the caller’s scope',
        querystring: Type.Object({
          username: Type.Optional(Type.String({ maxLength: 64 })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          targetType: Type.Optional(Type.String({ maxLength: 32 })),
          targetId: Type.Optional(Type.String({ maxLength: 64 })),
          outcome: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('fail')])),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          ...PageQuery,
        }),
        response: { 200: Page(Entry), ...errorResponses },
      },
    },
    async (req) => {
      const { page = 1, pageSize = 20, ...rest } = req.query;
      return listAudit(deps.db, actorOf(req).user, { ...rest, page, pageSize });
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { auth: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Verify the SM3 hash chain against its checkpoints; lists every break (broken: the first)',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            lastSeq: Type.Integer(),
            problems: Type.Array(Type.Object({ seq: Type.Integer(), kind: Type.String(), reason: Type.String() })),
            broken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
            anchors: Type.Optional(Type.Object({ checked: Type.Integer(), lastAnchoredSeq: Type.Union([Type.Null(), Type.Integer()]), unanchored: Type.Integer() })),
          }),
          ...errorResponses,
        },
      },
    },
    async () => verifyAuditLog(deps.db, checkpointSource(deps.config, { create: false })),
  );
}
