import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { getArea, listChildren, publicChildren, searchAreas } from './repo.js';
import { importAreas } from './import-areas.js';
import { Area, ChildrenQuery, CodeParams, ImportBody, SearchQuery } from './schemas.js';

export async function areasRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/areas',
    {
      config: { auth: { permission: 'areas.read' } },
      schema: {
        tags: ['areas'],
        summary: 'Children of an area (lazy tree); without parent, the caller’s own root',
        querystring: ChildrenQuery,
        response: { 200: Type.Array(Area), ...errorResponses },
      },
    },
    async (req) => listChildren(deps.db, actorOf(req).user, req.query.parent),
  );

  app.get(
    '/api/areas/public',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['areas'],
        summary: 'Children of an area for the public self-declaration page (no account; names only); without parent, the provinces',
        querystring: ChildrenQuery,
        response: { 200: Type.Array(Area), 400: { $ref: 'ErrorBody' } },
      },
    },
    async (req) => publicChildren(deps.db, req.query.parent),
  );

  app.get(
    '/api/areas/search',
    {
      config: { auth: { permission: 'areas.read' } },
      schema: {
        tags: ['areas'],
        summary: 'Search areas by name fragment or code prefix within the caller’s scope',
        querystring: SearchQuery,
        response: { 200: Type.Array(Type.Intersect([Area, Type.Object({ pathName: Type.String() })])), ...errorResponses },
      },
    },
    async (req) => searchAreas(deps.db, actorOf(req).user, req.query.q, req.query.limit),
  );

  app.get(
    '/api/areas/:code',
    {
      config: { auth: { permission: 'areas.read' } },
      schema: {
        tags: ['areas'],
        params: CodeParams,
        response: { 200: Type.Intersect([Area, Type.Object({ path: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) })]), ...errorResponses },
      },
    },
    async (req) => getArea(deps.db, actorOf(req).user, req.params.code),
  );

  app.post(
    '/api/areas/import',
    {
      config: { auth: { permission: 'areas.import' } },
      schema: {
        tags: ['areas'],
        summary: 'Import a province, city, county or township subtree from the national division data',
        body: ImportBody,
        response: {
          200: Type.Object({ code: Type.String(), name: Type.String(), total: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const result = await importAreas(deps.db, actorOf(req), req.body.code);
      req.audited = true;
      return result;
    },
  );
}
