import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { ASSIGN_FILE_MAX_BYTES, assignOne, helpers, importAssignments } from './assign.js';
import { addCatalogueItem, catalogue, editCatalogueItem, schedule, updateSchedule } from './catalogue.js';
import { addMeasure, editMeasure, getPlan } from './plan.js';
import { listVisits, myHouseholds, overdueVisits, recordVisit } from './visits.js';
import { warnings } from './warnings.js';
import { overdueXlsx, warningsXlsx } from './export.js';
import {
  AreaQuery,
  AssignBody,
  Assigned,
  AssignImported,
  CatalogueBody,
  CatalogueItem,
  CataloguePatch,
  CountyQuery,
  HelperList,
  HelperQuery,
  IdParams,
  MeasureBody,
  MeasurePatch,
  MeasureT,
  MyHouseholds,
  OverdueList,
  PlanT,
  RowIdParams,
  ScheduleBody,
  ScheduleT,
  VisitBody,
  VisitList,
  VisitRecorded,
  WarningList,
  WarningQuery,
} from './schemas.js';
import { Type } from 'typebox';

const conflict = { 409: { $ref: 'ErrorBody' } } as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxResponse = { description: 'The .xlsx workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } };
const attachment = (ascii: string, zh: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(zh)}`;

/** 帮扶 API: catalogue and schedule, plans, warnings, pairings, visits. Each route: schema, permission, one call. */
export async function assistanceRoutes(app: App, deps: AppDeps) {
  const tags = ['assistance'];
  const read = { auth: { permission: 'assistance.read' as const } };

  app.get('/api/assistance/catalogue', {
    config: read,
    schema: { tags, summary: 'The county’s measure catalogue (一户一策 measures by the national groups)', querystring: CountyQuery, response: { 200: Type.Array(CatalogueItem), ...errorResponses } },
  }, async (req) => catalogue(deps.db, actorOf(req).user, req.query.countyCode));

  app.post('/api/assistance/catalogue', {
    config: { auth: { permission: 'assistance.configure' } },
    schema: { tags, summary: 'Add an item to the county’s measure catalogue', body: CatalogueBody, response: { 200: CatalogueItem, ...errorResponses, ...conflict } },
  }, async (req) => {
    req.audited = true;
    return addCatalogueItem(deps.db, actorOf(req), req.body);
  });

  app.patch('/api/assistance/catalogue/:id', {
    config: { auth: { permission: 'assistance.configure' } },
    schema: { tags, summary: 'Rename, reorder or retire a catalogue item', params: RowIdParams, body: CataloguePatch, response: { 200: CatalogueItem, ...errorResponses, ...conflict } },
  }, async (req) => {
    req.audited = true;
    return editCatalogueItem(deps.db, actorOf(req), req.params.id, req.body);
  });

  app.get('/api/assistance/settings', {
    config: read,
    schema: { tags, summary: 'The county’s visit schedule in months (monitored, exited, left-behind)', querystring: CountyQuery, response: { 200: ScheduleT, ...errorResponses } },
  }, async (req) => schedule(deps.db, actorOf(req).user, req.query.countyCode));

  app.patch('/api/assistance/settings', {
    config: { auth: { permission: 'assistance.configure' } },
    schema: { tags, summary: 'Set the county’s visit schedule', body: ScheduleBody, response: { 200: ScheduleT, ...errorResponses } },
  }, async (req) => {
    req.audited = true;
    return updateSchedule(deps.db, actorOf(req), req.body);
  });

  app.get('/api/assistance/households/:id/plan', {
    config: read,
    schema: { tags, summary: 'A household’s plan (一户一策): record, members, measures, helper, warnings', params: IdParams, response: { 200: PlanT, ...errorResponses } },
  }, async (req) => getPlan(deps, actorOf(req).user, req.params.id));

  app.post('/api/assistance/households/:id/measures', {
    config: { auth: { permission: 'assistance.plan' } },
    schema: { tags, summary: 'Add a measure to a monitored household’s plan', params: IdParams, body: MeasureBody, response: { 200: MeasureT, ...errorResponses, ...conflict } },
  }, async (req) => {
    req.audited = true;
    return addMeasure(deps, actorOf(req), req.params.id, req.body);
  });

  app.patch('/api/assistance/measures/:id', {
    config: { auth: { permission: 'assistance.plan' } },
    schema: { tags, summary: 'Edit a measure or mark it done (the version shown)', params: IdParams, body: MeasurePatch, response: { 200: MeasureT, ...errorResponses, ...conflict } },
  }, async (req) => {
    req.audited = true;
    return editMeasure(deps, actorOf(req), req.params.id, req.body);
  });

  app.get('/api/assistance/warnings', {
    config: read,
    schema: { tags, summary: 'Assistance warnings of the area with counts by township', querystring: WarningQuery, response: { 200: WarningList, ...errorResponses } },
  }, async (req) => warnings(deps, actorOf(req).user, req.query));

  // Static paths before nothing that could take them: .xlsx of the same lists, audited.
  app.get('/api/assistance/warnings.xlsx', {
    config: read,
    schema: { tags, summary: 'The warnings as .xlsx (no ID numbers or phones; audited)', querystring: WarningQuery, response: { 200: xlsxResponse, ...errorResponses } },
  }, async (req, reply) => {
    const buf = await warningsXlsx(deps, actorOf(req), req.query);
    req.audited = true;
    return reply.header('Content-Type', XLSX).header('Content-Disposition', attachment('assistance-warnings.xlsx', '帮扶预警.xlsx')).send(buf);
  });

  app.get('/api/assistance/overdue.xlsx', {
    config: read,
    schema: { tags, summary: 'Overdue visits as .xlsx (no ID numbers or phones; audited)', querystring: AreaQuery, response: { 200: xlsxResponse, ...errorResponses } },
  }, async (req, reply) => {
    const buf = await overdueXlsx(deps, actorOf(req), req.query.areaCode);
    req.audited = true;
    return reply.header('Content-Type', XLSX).header('Content-Disposition', attachment('assistance-overdue.xlsx', '走访逾期.xlsx')).send(buf);
  });

  app.get('/api/assistance/helpers', {
    config: { auth: { permission: 'assistance.assign' } },
    schema: { tags, summary: 'Helper accounts that can be paired in the caller’s area', querystring: HelperQuery, response: { 200: HelperList, ...errorResponses } },
  }, async (req) => helpers(deps.db, actorOf(req).user, req.query.q));

  app.post('/api/assistance/assignments', {
    config: { auth: { permission: 'assistance.assign' } },
    schema: { tags, summary: 'Pair a helper with a household (the earlier pairing is kept in the history)', body: AssignBody, response: { 200: Assigned, ...errorResponses } },
  }, async (req) => {
    req.audited = true;
    return assignOne(deps, actorOf(req), req.body);
  });

  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: ASSIGN_FILE_MAX_BYTES, files: 1, fields: 2, fieldSize: 1024, parts: 3 } });
    scoped.withTypeProvider<TypeBoxTypeProvider>().post('/api/assistance/assignments/import', {
      config: { auth: { permission: 'assistance.assign' } },
      schema: {
        tags,
        summary: 'Pair helpers from an .xlsx file (户编号 + 帮扶责任人账号, or 帮扶责任人 + 联系电话): every row checked, all or nothing',
        consumes: ['multipart/form-data'],
        response: { 200: AssignImported, ...errorResponses, 415: { $ref: 'ErrorBody' } },
      },
    }, async (req) => {
      req.audited = true;
      return importAssignments(deps, actorOf(req), () => req.file());
    });
  });

  app.get('/api/assistance/mine', {
    config: { auth: { permission: 'assistance.visit' } },
    schema: { tags, summary: '我的帮扶户: the helper’s households, overdue visits first', response: { 200: MyHouseholds, ...errorResponses } },
  }, async (req) => myHouseholds(deps, actorOf(req).user));

  app.get('/api/assistance/overdue', {
    config: read,
    schema: { tags, summary: 'Overdue visits of the area by township and helper', querystring: AreaQuery, response: { 200: OverdueList, ...errorResponses } },
  }, async (req) => overdueVisits(deps, actorOf(req).user, req.query.areaCode));

  app.get('/api/assistance/households/:id/visits', {
    config: read,
    schema: { tags, summary: 'A household’s visits, newest first', params: IdParams, response: { 200: VisitList, ...errorResponses } },
  }, async (req) => listVisits(deps, actorOf(req).user, req.params.id));

  app.post('/api/assistance/households/:id/visits', {
    config: { auth: { permission: 'assistance.visit' } },
    schema: {
      tags,
      summary: 'Record a visit (idempotent by the client’s UUID); a new risk opens an identification case or names the open one',
      params: IdParams,
      body: VisitBody,
      response: { 200: VisitRecorded, ...errorResponses, ...conflict },
    },
  }, async (req) => {
    req.audited = true;
    return recordVisit(deps, actorOf(req), req.params.id, req.body);
  });
}
