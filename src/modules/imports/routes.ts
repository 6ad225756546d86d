import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fs from 'node:fs';
import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { BigId, errorResponses, Ok, Page, RowId } from '../../server/schemas.js';
import { cancelImport } from './job/cancel.js';
import { getJobDto, listJobs } from './job/query.js';
import { requestCheck } from './job/recheck.js';
import { requestCommit } from './job/request-commit.js';
import { uploadImport } from './job/upload.js';
import { fieldInfos } from './map/header.js';
import { reportForDownload } from './report/download.js';
import { CheckBody, CommitBody, FieldInfo, ImportJob, ListQuery, Template, TemplateBody, UploadQuery } from './schemas.js';
import { buildBlankTemplate } from './template/blank-template.js';
import { listTemplates, removeTemplate, saveTemplate } from './template/saved.js';

const Id = Type.Object({ id: BigId() }); // import jobs: bigserial
const TemplateId = Type.Object({ id: RowId() });
const more = { 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody'), 413: Type.Ref('ErrorBody') };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const auth = { auth: { permission: 'registry.import' as const } };

/**
 * 导入 API: upload → dry run (background) → the user reads the problems, adjusts the mapping → commit → report. Each
 * route: its schema, its permission, one call (job/, report/, template/).
 */
export async function importsRoutes(app: App, deps: AppDeps) {
  const { db, config } = deps;
  const log = (err: unknown) => app.log.error({ err }, 'import job failed');

  // Multipart only here: the upload streams to disk (job/upload.ts), never into memory.
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: config.importMaxBytes, files: 1, fields: 5, fieldSize: 4096, parts: 10 } });
    scoped.withTypeProvider<TypeBoxTypeProvider>().post('/api/imports', {
      config: auth,
      schema: {
        tags: ['registry'],
        summary: 'Upload an .xlsx or .csv file of households and members (multipart field "file"); the dry run starts in the background',
        consumes: ['multipart/form-data'],
        querystring: UploadQuery,
        response: { 202: ImportJob, ...errorResponses, ...more },
      },
    }, async (req, reply) => reply.status(202).send(await uploadImport(deps, actorOf(req), { file: () => req.file(), ...req.query }, req.lang, log)));
  });

  app.get('/api/imports', {
    config: auth,
    schema: { tags: ['registry'], summary: 'Import jobs created in the user’s area (newest first)', querystring: ListQuery, response: { 200: Page(ImportJob), ...errorResponses } },
  }, async (req) => {
    const user = actorOf(req).user;
    const { page = 1, pageSize = 20, state, mine } = req.query;
    return listJobs(db, user, { page, pageSize, state, mine, userId: user.id }, req.lang);
  });

  app.get('/api/imports/fields', {
    config: auth,
    schema: { tags: ['registry'], summary: 'The fields a column can be mapped to, with the column names recognised for each', response: { 200: Type.Array(FieldInfo), ...errorResponses } },
  }, async () => fieldInfos());

  // Static path: Fastify prefers it over /api/imports/:id.
  app.get('/api/imports/template.xlsx', {
    config: auth,
    schema: {
      tags: ['registry'],
      summary: 'The blank import template (.xlsx): the columns the import reads, drop-down lists, instructions, and the villages of the user’s area with their codes',
      response: { 200: { description: 'The .xlsx workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses },
    },
  }, async (req, reply) => {
    const user = actorOf(req).user;
    const name = `农户导入模板-${user.areaName}.xlsx`;
    return reply
      .header('Content-Type', XLSX)
      .header('Content-Disposition', `attachment; filename="household-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(await buildBlankTemplate(db, user, user.areaName));
  });

  app.get('/api/imports/:id', {
    config: auth,
    schema: { tags: ['registry'], summary: 'State, progress, counts, column mapping and the first 200 problems of an import job', params: Id, response: { 200: ImportJob, ...errorResponses } },
  }, async (req) => getJobDto(db, actorOf(req).user, req.params.id, req.lang));

  app.post('/api/imports/:id/check', {
    config: auth,
    schema: { tags: ['registry'], summary: 'Run the dry run again with an adjusted column mapping (or header row)', params: Id, body: CheckBody, response: { 202: ImportJob, ...errorResponses, ...more } },
  }, async (req, reply) => {
    const job = await requestCheck(deps, actorOf(req), req.params.id, req.body, req.lang, log);
    req.audited = true;
    return reply.status(202).send(job);
  });

  app.post('/api/imports/:id/commit', {
    config: auth,
    schema: {
      tags: ['registry'],
      summary: 'Import: all_or_nothing (refused while any row has an error) or valid_only (households with a bad row are skipped); optional adjusted mapping re-checks first',
      params: Id,
      body: CommitBody,
      response: { 202: ImportJob, ...errorResponses, ...more },
    },
  }, async (req, reply) => {
    const job = await requestCommit(deps, actorOf(req), req.params.id, req.body, req.lang, log);
    req.audited = true;
    return reply.status(202).send(job);
  });

  app.post('/api/imports/:id/cancel', {
    config: auth,
    schema: {
      tags: ['registry'],
      summary: 'Cancel an import that is not being written (uploaded, checking, checked, failed): a running dry run stops; staging tables, upload and report are deleted; audited',
      params: Id,
      response: { 200: ImportJob, ...errorResponses, ...more },
    },
  }, async (req) => {
    const job = await cancelImport(deps, actorOf(req), req.params.id, req.lang);
    req.audited = true;
    return job;
  });

  app.get('/api/imports/:id/report', {
    config: auth,
    schema: { tags: ['registry'], summary: 'The report: the original rows with 导入状态 and 错误说明 columns (.xlsx, streamed; audited)', params: Id,
      response: { 200: { description: 'The report workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses, 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody') } },
  }, async (req, reply) => {
    const r = await reportForDownload(deps, actorOf(req), req.params.id);
    void reply.header('Content-Type', XLSX).header('Content-Disposition', `attachment; filename="${r.asciiName}"; filename*=UTF-8''${encodeURIComponent(r.name)}`);
    return reply.send(fs.createReadStream(r.path));
  });

  // ---- templates (导入模板): saved column mappings, shared along the area tree
  app.get('/api/imports/templates', {
    config: auth,
    schema: { tags: ['registry'], summary: 'Saved column mappings visible to the user', response: { 200: Type.Array(Template), ...errorResponses } },
  }, async (req) => listTemplates(db, actorOf(req).user));

  app.post('/api/imports/templates', {
    config: auth,
    schema: { tags: ['registry'], summary: 'Save a column mapping under a name (replaces the same name in the user’s area); from a mapping or from an import job', body: TemplateBody, response: { 200: Template, ...errorResponses } },
  }, async (req) => saveTemplate(db, actorOf(req), req.body));

  app.delete('/api/imports/templates/:id', {
    config: auth,
    schema: { tags: ['registry'], params: TemplateId, response: { 200: Ok, ...errorResponses } },
  }, async (req) => removeTemplate(db, actorOf(req).user, req.params.id));
}
