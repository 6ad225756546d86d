import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { AppError } from '../../core/errors.js';
import { hasUnstorableChar } from '../../core/text.js';
import { codeInScope } from '../../core/scope.js';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { BigId, errorResponses, Ok, Page, RowId } from '../../server/schemas.js';
import { recordAudit } from '../audit/audit.repository.js';
import { auditActor } from '../users/users.service.js';
import { FIELD_KEYS, FIELDS, type MappedColumn, type MappingOverride } from './header.js';
import { createJob, storedFileName } from './import.service.js';
import { dispatchImport } from './import.jobs.js';
import { cancelJob } from './job-record.js';
import { getJobDto, listJobs, loadVisibleJob, templateVisible } from './import.query.js';
import { CheckBody, CommitBody, FieldInfo, ImportJob, ListQuery, Template, TemplateBody, UploadQuery } from './schemas.js';
import { sniffFile } from './sniff.js';
import { buildBlankTemplate } from './blank-template.js';

const Id = Type.Object({ id: BigId() }); // import jobs: bigserial
const TemplateId = Type.Object({ id: RowId() });
const more = { 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody'), 413: Type.Ref('ErrorBody') };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const REQUIRED: string[] = ['idNumber', 'name', 'householdNo', 'relation'];

/** 导入 API: upload → dry run (background) → the user reads the problems, adjusts the mapping → commit → report. */
export async function importsRoutes(app: App, deps: AppDeps) {
  const { db, config } = deps;
  const log = (err: unknown) => app.log.error({ err }, 'import job failed');

  // Multipart only here: the upload streams to disk under DATA_DIR/imports (mode 600), never into memory.
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: config.importMaxBytes, files: 1, fields: 5, fieldSize: 4096, parts: 10 } });
    scoped.withTypeProvider<TypeBoxTypeProvider>().post('/api/imports', {
      config: { auth: { permission: 'registry.import' } },
      schema: {
        tags: ['registry'],
        summary: 'Upload an .xlsx or .csv file of households and members (multipart field "file"); the dry run starts in the background',
        consumes: ['multipart/form-data'],
        querystring: UploadQuery,
        response: { 202: ImportJob, ...errorResponses, ...more },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      let part;
      try {
        part = await req.file();
      } catch (err) {
        throw (err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ? new AppError('UNSUPPORTED_MEDIA_TYPE') : err;
      }
      if (!part) throw new AppError('IMPORT_FILE_EMPTY');
      // The one string of an upload the request guard (server/validation.ts) cannot see: its file name.
      if (hasUnstorableChar(part.filename ?? '')) {
        part.file.resume();
        throw new AppError('VALIDATION_FAILED', { reason: 'file.filename must not contain NUL characters or unpaired surrogates' });
      }
      const limit = `${Math.round(config.importMaxBytes / 1024 / 1024)} MB`;
      const tmp = storedFileName(config, 'upload');
      const cleanup = () => fs.promises.rm(tmp, { force: true });
      try {
        await pipeline(part.file, fs.createWriteStream(tmp, { mode: 0o600 }));
        if (part.file.truncated) throw new AppError('IMPORT_FILE_TOO_LARGE', { limit });
      } catch (err) {
        await cleanup();
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('IMPORT_FILE_TOO_LARGE', { limit });
        throw err;
      }
      let info;
      try {
        // Empty, not a spreadsheet, a zip bomb: refused now, and nothing is kept.
        info = await sniffFile(tmp);
      } catch (err) {
        await cleanup();
        throw err;
      }
      const filePath = tmp.replace(/\.upload$/, `.${info.type}`);
      await fs.promises.rename(tmp, filePath);
      let override: MappingOverride | undefined;
      let headerRow = req.query.headerRow;
      if (req.query.templateId) {
        const t = await db.selectFrom('import_templates').selectAll().where('id', '=', req.query.templateId).executeTakeFirst();
        if (!t || !templateVisible(t, actor.user)) {
          await fs.promises.rm(filePath, { force: true });
          throw new AppError('IMPORT_TEMPLATE_NOT_FOUND');
        }
        override = t.mapping as MappingOverride;
        headerRow ??= t.header_row ?? undefined;
      }
      const fileName = (part.filename ?? '').replace(/[\\/]/g, '_') || 'upload';
      const id = await createJob(deps, actor, { fileName, filePath, info, override, headerRow });
      await dispatchImport(deps, { jobId: id, action: 'check' }, log);
      return reply.status(202).send(await getJobDto(db, actor.user, id, req.lang));
    });
  });

  app.get('/api/imports', {
    config: { auth: { permission: 'registry.import' } },
    schema: { tags: ['registry'], summary: 'Import jobs created in the user’s area (newest first)', querystring: ListQuery, response: { 200: Page(ImportJob), ...errorResponses } },
  }, async (req) => {
    const user = actorOf(req).user;
    const { page = 1, pageSize = 20, state, mine } = req.query;
    return listJobs(db, user, { page, pageSize, state, mine, userId: user.id }, req.lang);
  });

  app.get('/api/imports/fields', {
    config: { auth: { permission: 'registry.import' } },
    schema: { tags: ['registry'], summary: 'The fields a column can be mapped to, with the column names recognised for each', response: { 200: Type.Array(FieldInfo), ...errorResponses } },
  }, async () => FIELD_KEYS.map((key) => ({ key, zh: FIELDS[key].zh, en: FIELDS[key].en, level: FIELDS[key].level, synonyms: [...FIELDS[key].synonyms], required: REQUIRED.includes(key) })));

  // Static path: Fastify prefers it over /api/imports/:id.
  app.get('/api/imports/template.xlsx', {
    config: { auth: { permission: 'registry.import' } },
    schema: {
      tags: ['registry'],
      summary: 'The blank import template (.xlsx): the columns the import reads, drop-down lists, instructions, and the villages of the user’s area with their codes',
      response: { 200: { description: 'The .xlsx workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses },
    },
  }, async (req, reply) => {
    const user = actorOf(req).user;
    const body = await buildBlankTemplate(db, user, user.areaName);
    const name = `农户导入模板-${user.areaName}.xlsx`;
    return reply
      .header('Content-Type', XLSX)
      .header('Content-Disposition', `attachment; filename="household-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(body);
  });

  app.get('/api/imports/:id', {
    config: { auth: { permission: 'registry.import' } },
    schema: { tags: ['registry'], summary: 'State, progress, counts, column mapping and the first 200 problems of an import job', params: Id, response: { 200: ImportJob, ...errorResponses } },
  }, async (req) => getJobDto(db, actorOf(req).user, req.params.id, req.lang));

  app.post('/api/imports/:id/check', {
    config: { auth: { permission: 'registry.import' } },
    schema: { tags: ['registry'], summary: 'Run the dry run again with an adjusted column mapping (or header row)', params: Id, body: CheckBody, response: { 202: ImportJob, ...errorResponses, ...more } },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const job = await loadVisibleJob(db, actor.user, req.params.id);
    if (job.files_removed_at && job.state !== 'cancelled') throw new AppError('IMPORT_FILE_EXPIRED', { days: config.importRetentionDays });
    const override = JSON.stringify({ columns: req.body.mapping ?? (job.mapping_override as { columns?: MappingOverride } | null)?.columns ?? {}, headerRow: req.body.headerRow ?? null });
    const r = await db
      .updateTable('import_jobs')
      .set({ state: 'checking', mapping_override: override, error_code: null, error_message: null, updated_at: sql`now()` })
      .where('id', '=', job.id)
      .where('state', 'in', ['checked', 'failed'])
      .where('finished_at', 'is', null)
      .where('files_removed_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('IMPORT_STATE', { state: job.state });
    await dispatchImport(deps, { jobId: job.id, action: 'check' }, log);
    return reply.status(202).send(await getJobDto(db, actor.user, job.id, req.lang));
  });

  app.post('/api/imports/:id/commit', {
    config: { auth: { permission: 'registry.import' } },
    schema: {
      tags: ['registry'],
      summary: 'Import: all_or_nothing (refused while any row has an error) or valid_only (households with a bad row are skipped); optional adjusted mapping re-checks first',
      params: Id,
      body: CommitBody,
      response: { 202: ImportJob, ...errorResponses, ...more },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const job = await loadVisibleJob(db, actor.user, req.params.id);
    const { mode, mapping } = req.body;
    const current = (job.mapping_override as { columns?: MappingOverride; headerRow?: number | null } | null) ?? {};
    const recheck = mapping !== undefined && JSON.stringify(mapping) !== JSON.stringify(current.columns ?? {});
    if (job.state !== 'checked' || job.finished_at) throw new AppError('IMPORT_STATE', { state: job.state });
    if (job.files_removed_at) throw new AppError('IMPORT_FILE_EXPIRED', { days: config.importRetentionDays });
    const counts = job.counts as { rows: { error: number; skipped: number } } | null;
    if (!recheck && mode === 'all_or_nothing' && counts?.rows && counts.rows.error + counts.rows.skipped > 0) {
      throw new AppError('IMPORT_HAS_ERRORS', { count: counts.rows.error + counts.rows.skipped });
    }
    const r = await db
      .updateTable('import_jobs')
      .set({
        state: recheck ? 'checking' : 'importing',
        mode,
        error_code: null,
        error_message: null,
        updated_at: sql`now()`,
        ...(recheck ? { mapping_override: JSON.stringify({ columns: mapping, headerRow: current.headerRow ?? null }) } : {}),
      })
      .where('id', '=', job.id)
      .where('state', '=', 'checked')
      .where('files_removed_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('IMPORT_STATE', { state: job.state });
    await dispatchImport(deps, { jobId: job.id, action: 'commit', mode, recheck }, log);
    return reply.status(202).send(await getJobDto(db, actor.user, job.id, req.lang));
  });

  app.post('/api/imports/:id/cancel', {
    config: { auth: { permission: 'registry.import' } },
    schema: {
      tags: ['registry'],
      summary: 'Cancel an import that is not being written (uploaded, checking, checked, failed): a running dry run stops; staging tables, upload and report are deleted; audited',
      params: Id,
      response: { 200: ImportJob, ...errorResponses, ...more },
    },
  }, async (req) => {
    const actor = actorOf(req);
    const job = await loadVisibleJob(db, actor.user, req.params.id);
    await cancelJob(deps, actor, job.id);
    req.audited = true;
    return getJobDto(db, actor.user, job.id, req.lang);
  });

  app.get('/api/imports/:id/report', {
    config: { auth: { permission: 'registry.import' } },
    schema: { tags: ['registry'], summary: 'The report: the original rows with 导入状态 and 错误说明 columns (.xlsx, streamed; audited)', params: Id,
      response: { 200: { description: 'The report workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses, 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody') } },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const job = await loadVisibleJob(db, actor.user, req.params.id);
    if (job.state === 'cancelled') throw new AppError('IMPORT_STATE', { state: job.state });
    if (job.files_removed_at) throw new AppError('IMPORT_REPORT_EXPIRED', { days: config.importRetentionDays });
    if (!job.report_path || !fs.existsSync(job.report_path)) throw new AppError('IMPORT_REPORT_MISSING');
    await recordAudit(db, { ...auditActor(actor), action: 'registry.import_report', targetType: 'import_job', targetId: job.id, detail: { file: job.file_name, state: job.state } });
    const base = job.file_name.replace(/\.[^.]*$/, '') || 'import';
    const name = `${base}-导入结果.xlsx`;
    void reply.header('Content-Type', XLSX).header('Content-Disposition', `attachment; filename="import-${job.id}-report.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    return reply.send(fs.createReadStream(job.report_path));
  });

  // ---- templates (导入模板): saved column mappings, shared along the area tree
  const templateDto = (t: { id: number; name: string; area_code: string; mapping: unknown; header_row: number | null; created_by_name?: string | null; updated_at: Date }) => ({
    id: t.id,
    name: t.name,
    areaCode: t.area_code,
    mapping: t.mapping as Record<string, string | null>,
    headerRow: t.header_row,
    createdBy: t.created_by_name ?? null,
    updatedAt: new Date(t.updated_at).toISOString(),
  });

  app.get('/api/imports/templates', {
    config: { auth: { permission: 'registry.import' } },
    schema: { tags: ['registry'], summary: 'Saved column mappings visible to the user', response: { 200: Type.Array(Template), ...errorResponses } },
  }, async (req) => {
    const user = actorOf(req).user;
    const rows = await db.selectFrom('import_templates as t').leftJoin('users as u', 'u.id', 't.created_by').selectAll('t').select('u.username as created_by_name').orderBy('t.name').execute();
    return rows.filter((t) => templateVisible(t, user)).map(templateDto);
  });

  app.post('/api/imports/templates', {
    config: { auth: { permission: 'registry.import' } },
    schema: { tags: ['registry'], summary: 'Save a column mapping under a name (replaces the same name in the user’s area); from a mapping or from an import job', body: TemplateBody, response: { 200: Template, ...errorResponses } },
  }, async (req) => {
    const actor = actorOf(req);
    let mapping: MappingOverride | undefined = req.body.mapping;
    let headerRow = req.body.headerRow ?? null;
    if (req.body.jobId) {
      const job = await loadVisibleJob(db, actor.user, req.body.jobId);
      const cols = (job.mapping as { columns?: MappedColumn[] } | null)?.columns ?? [];
      mapping = { ...Object.fromEntries(cols.filter((c) => c.header).map((c) => [c.header, c.field])), ...(mapping ?? {}) };
      headerRow ??= job.header_row;
    }
    if (!mapping || !Object.keys(mapping).length) throw new AppError('IMPORT_MAPPING_INVALID', { reason: '模板没有任何列 / the template maps no column' });
    const row = await db
      .insertInto('import_templates')
      .values({ name: req.body.name.trim(), area_code: actor.user.areaCode, area_level: actor.user.areaLevel, mapping: JSON.stringify(mapping), header_row: headerRow, created_by: actor.user.id })
      .onConflict((oc) => oc.columns(['area_code', 'name']).doUpdateSet({ mapping: JSON.stringify(mapping), header_row: headerRow, created_by: actor.user.id, updated_at: sql`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return templateDto({ ...row, created_by_name: actor.user.username });
  });

  app.delete('/api/imports/templates/:id', {
    config: { auth: { permission: 'registry.import' } },
    schema: { tags: ['registry'], params: TemplateId, response: { 200: Ok, ...errorResponses } },
  }, async (req) => {
    const user = actorOf(req).user;
    const t = await db.selectFrom('import_templates').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!t || !templateVisible(t, user)) throw new AppError('IMPORT_TEMPLATE_NOT_FOUND');
    // Only the area that owns a template (or one above it) may delete it.
    if (!codeInScope(t.area_code, user)) throw new AppError('OUT_OF_SCOPE');
    await db.deleteFrom('import_templates').where('id', '=', t.id).execute();
    return { ok: true as const };
  });
}
