import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { databaseUp } from './repo.js';

export async function healthRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/health',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.Union([Type.Literal('embedded'), Type.Literal('external')]), version: Type.String() }),
          503: Type.Object({ status: Type.Literal('down'), database: Type.String(), version: Type.String() }),
        },
      },
    },
    async (_req, reply) => {
      if (await databaseUp(deps.db)) return { status: 'ok' as const, database: deps.databaseMode, version: deps.version };
      return reply.status(503).send({ status: 'down' as const, database: deps.databaseMode, version: deps.version });
    },
  );
}
