import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses, Page } from '../../server/schemas.js';
import { listAudit } from './repo-browse.js';
import { checkpointSource, verifyAuditLog } from './checkpoints.js';
import { ActionLabel, AuditQuery, Entry } from './schemas.js';
import { auditActions } from './catalogue.js';

export async function auditRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/audit',
    {
      config: { auth: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log (who, when, what, target) within the caller’s scope',
        querystring: AuditQuery,
        response: { 200: Page(Entry), ...errorResponses },
      },
    },
    async (req) => {
      const { page = 1, pageSize = 20, actions, ...rest } = req.query;
      const list = actions?.split(',').map((a) => a.trim()).filter(Boolean);
      return listAudit(deps.db, actorOf(req).user, { ...rest, actions: list, page, pageSize });
    },
  );

  app.get(
    '/api/audit/actions',
    {
      config: { auth: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'The known audit actions with their Chinese and English labels (each module declares its own)',
        response: { 200: Type.Array(ActionLabel), ...errorResponses },
      },
    },
    async () => auditActions(),
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
            broken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
            problems: Type.Array(Type.Object({ seq: Type.Integer(), kind: Type.String(), reason: Type.String() })),
            anchors: Type.Optional(Type.Object({ checked: Type.Integer(), lastAnchoredSeq: Type.Union([Type.Null(), Type.Integer()]), unanchored: Type.Integer() })),
          }),
          ...errorResponses,
        },
      },
    },
    async () => verifyAuditLog(deps.db, checkpointSource(deps.config, { create: false })),
  );
}
