import { PassThrough } from 'node:stream';
import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses, Int32 } from '../../server/schemas.js';
import { prepareHouseholdExport, writeHouseholdsXlsx, type ExportFilter } from './households.export.js';
import { resolveTerm } from '../households/households.query.js';

/** The list's filters (GET /api/households), without paging and sorting, plus `full`. */
export const ExportQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 40 })),
  villageCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
  category: Type.Optional(Type.Union([Type.Literal('exited'), Type.Literal('monitored'), Type.Literal('ordinary')])),
  isDibao: Type.Optional(Type.Boolean()),
  isTekun: Type.Optional(Type.Boolean()),
  isRelocated: Type.Optional(Type.Boolean()),
  hasLeftBehind: Type.Optional(Type.Boolean()),
  full: Type.Optional(Type.Boolean()),
  // Accepted and ignored, so the list's query string can be passed on unchanged.
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  order: Type.Optional(Type.String({ maxLength: 4 })),
  page: Type.Optional(Int32()),
  pageSize: Type.Optional(Int32()),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function stamp(d = new Date()): string {
  // China time, YYYYMMDD-HHmm
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${s.slice(0, 10).replace(/-/g, '')}-${s.slice(11, 16).replace(':', '')}`;
}

export async function exportsRoutes(app: App, deps: AppDeps) {
  const { db, cipher } = deps;
  // Static paths: Fastify prefers them over GET /api/households/:id, so "export" is never taken for an id.
  for (const url of ['/api/households/export', '/api/households/export.xlsx']) {
    app.get(url, {
      config: { auth: { permission: 'registry.export' } },
      schema: {
        tags: ['registry'],
        summary: 'Export the filtered household list to .xlsx (streamed; one row per member; ID numbers masked unless full=true with registry.viewFullId; audited)',
        querystring: ExportQuery,
        response: {
          200: { description: 'The .xlsx workbook, streamed', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } },
          ...errorResponses,
        },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const { full, sort: _s, order: _o, page: _p, pageSize: _ps, ...filter } = req.query;
      // A letters-only term means what it means in the list: pinyin, or a household number when no name reads so.
      const f = await resolveTerm(db, cipher, actor.user, { ...filter, qIsHouseholdNo: undefined } as ExportFilter);
      // Permission for full numbers, scope of villageCode, row count and the audit entry: before any byte is sent.
      await prepareHouseholdExport(db, cipher, actor, f, { full });
      req.audited = true;
      const out = new PassThrough();
      const name = `农户信息-${stamp()}.xlsx`;
      void reply
        .header('Content-Type', XLSX)
        .header('Content-Disposition', `attachment; filename="households-${stamp()}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
      writeHouseholdsXlsx(db, cipher, actor, f, out, { full }).then(
        (r) => req.log.info({ rows: r.rows, households: r.households, full: !!full }, 'household export finished'),
        (err: unknown) => {
          req.log.error({ err }, 'household export failed');
          out.destroy(err instanceof Error ? err : new Error(String(err)));
        },
      );
      return reply.send(out);
    });
  }
}
