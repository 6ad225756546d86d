import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PassThrough } from 'node:stream';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { datasetProblems, datasetView, remapDataset, submitDatasetCase, uploadDataset } from './datasets.js';
import { startRun } from './match.js';
import { openPolicyList, openReport, writePolicyList, writeReport } from './report.js';
import {
  CandidateList, CandidateQuery, DatasetList, DatasetQuery, DatasetT, Decided, DecisionParams, Handled, HandleBody, IdParams, MappingBody, PageOnly, PreviewT,
  ProblemList, RuleBody, RuleList, RuleParams, RuleT, RunBody, RunList, RunQuery, RunT, StatsT, TemplateList, UploadQuery, WarningList, WarningQuery,
} from './schemas.js';
import { candidates, datasets, run, runs, stats, templates, warnings } from './views.js';
import { decide, handleWarning, listRules, previewRule, saveRule } from './warnings.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const more = { 409: { $ref: 'ErrorBody' }, 413: { $ref: 'ErrorBody' } } as const;

/** 部门筛查预警 API: each route its schema, its permission and one call. */
export async function screeningRoutes(app: App, deps: AppDeps) {
  const tags = ['screening'];

  app.get('/api/screening/templates', {
    config: { auth: { permission: 'screening.datasets' } },
    schema: { tags, summary: 'The built-in dataset templates of the departments (fields, required fields, synonyms)', response: { 200: TemplateList, ...errorResponses } },
  }, async () => templates());

  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: deps.config.importMaxBytes, files: 1, fields: 5, fieldSize: 4096, parts: 10 } });
    scoped.withTypeProvider<TypeBoxTypeProvider>().post('/api/screening/datasets', {
      config: { auth: { permission: 'screening.upload' } },
      schema: {
        tags, summary: 'Upload a department dataset for a template and month (multipart field "file"; correction=true for a new version of a submitted month)',
        consumes: ['multipart/form-data'], querystring: UploadQuery, response: { 201: DatasetT, ...errorResponses, ...more },
      },
    }, async (req, reply) => {
      const d = await uploadDataset(deps, actorOf(req), { file: () => req.file(), ...req.query });
      req.audited = true;
      return reply.status(201).send(d);
    });
  });

  app.get('/api/screening/datasets', {
    config: { auth: { permission: 'screening.datasets' } },
    schema: { tags, summary: 'Datasets: an officer his department’s, the county the submitted ones of its area', querystring: DatasetQuery, response: { 200: DatasetList, ...errorResponses } },
  }, async (req) => datasets(deps, actorOf(req).user, req.query));

  app.get('/api/screening/datasets/:id', {
    config: { auth: { permission: 'screening.datasets' } },
    schema: { tags, summary: 'A dataset: counts, match rate and the handling results sent back (no household details)', params: IdParams, response: { 200: DatasetT, ...errorResponses } },
  }, async (req) => datasetView(deps, actorOf(req).user, req.params.id));

  app.get('/api/screening/datasets/:id/problems', {
    config: { auth: { permission: 'screening.upload' } },
    schema: { tags, summary: 'The rows with problems (errors keep the dataset from being submitted)', params: IdParams, querystring: PageOnly, response: { 200: ProblemList, ...errorResponses } },
  }, async (req) => datasetProblems(deps, actorOf(req).user, req.params.id, req.query.page ?? 1, req.query.pageSize ?? 20));

  app.patch('/api/screening/datasets/:id/mapping', {
    config: { auth: { permission: 'screening.upload' } },
    schema: { tags, summary: 'Map columns of a draft (saved for the department’s next file) and read it again', params: IdParams, body: MappingBody, response: { 200: DatasetT, ...errorResponses, ...more } },
  }, async (req) => {
    const d = await remapDataset(deps, actorOf(req), req.params.id, req.body);
    req.audited = true;
    return d;
  });

  app.post('/api/screening/datasets/:id/submit', {
    config: { auth: { permission: 'screening.upload' } },
    schema: { tags, summary: 'Submit a draft without errors: immutable from now on (a correction is a new version)', params: IdParams, response: { 200: DatasetT, ...errorResponses, ...more } },
  }, async (req) => {
    const d = await submitDatasetCase(deps, actorOf(req), req.params.id);
    req.audited = true;
    return d;
  });

  app.post('/api/screening/datasets/:id/runs', {
    config: { auth: { permission: 'screening.run' } },
    schema: { tags, summary: 'Compare a submitted dataset with the registry (background job)', params: IdParams, body: RunBody, response: { 202: RunT, ...errorResponses, ...more } },
  }, async (req, reply) => {
    const id = await startRun(deps, actorOf(req), req.params.id, req.body);
    req.audited = true;
    return reply.status(202).send(await run(deps, actorOf(req).user, id));
  });

  app.get('/api/screening/runs', {
    config: { auth: { permission: 'screening.run' } },
    schema: { tags, summary: 'Runs of the caller’s area', querystring: RunQuery, response: { 200: RunList, ...errorResponses } },
  }, async (req) => runs(deps, actorOf(req).user, req.query));

  app.get('/api/screening/runs/:id', {
    config: { auth: { permission: 'screening.run' } },
    schema: { tags, summary: 'A run: progress and summary counts', params: IdParams, response: { 200: RunT, ...errorResponses } },
  }, async (req) => run(deps, actorOf(req).user, req.params.id));

  app.get('/api/screening/runs/:id/report', {
    config: { auth: { permission: 'screening.run' } },
    schema: {
      tags, summary: 'The matching report (.xlsx, one line per department row; audited)', params: IdParams,
      response: { 200: { description: 'The .xlsx workbook, streamed', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses, ...more },
    },
  }, async (req, reply) => {
    const r = await openReport(deps, actorOf(req), req.params.id);
    req.audited = true;
    const out = new PassThrough();
    const name = `匹配报告-${r.id}.xlsx`;
    void reply.header('Content-Type', XLSX).header('Content-Disposition', `attachment; filename="screening-${r.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    writeReport(deps, r, out).catch((err: unknown) => {
      req.log.error({ err }, 'screening report failed');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    return reply.send(out);
  });

  app.get('/api/screening/policy-list.xlsx', {
    config: { auth: { permission: 'screening.run' } },
    schema: {
      tags, summary: '政策找人: members entitled to a benefit and not receiving it, by benefit (.xlsx, ID numbers masked; audited)',
      response: { 200: { description: 'The .xlsx workbook, streamed', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    await openPolicyList(deps, actor);
    req.audited = true;
    const out = new PassThrough();
    void reply.header('Content-Type', XLSX).header('Content-Disposition', `attachment; filename="policy-list.xlsx"; filename*=UTF-8''${encodeURIComponent('政策找人.xlsx')}`);
    writePolicyList(deps, actor.user, out).catch((err: unknown) => {
      req.log.error({ err }, 'policy list failed');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    return reply.send(out);
  });

  app.get('/api/screening/candidates', {
    config: { auth: { permission: 'screening.run' } },
    schema: { tags, summary: 'The review queue: fuzzy candidates side by side with the registry member', querystring: CandidateQuery, response: { 200: CandidateList, ...errorResponses } },
  }, async (req) => candidates(deps, actorOf(req).user, req.query));

  app.post('/api/screening/candidates/:id/:decision', {
    config: { auth: { permission: 'screening.run' } },
    schema: { tags, summary: 'Confirm or reject a candidate (remembered for later runs)', params: DecisionParams, response: { 200: Decided, ...errorResponses, ...more } },
  }, async (req) => {
    const r = await decide(deps, actorOf(req), req.params.id, req.params.decision === 'confirm' ? 'confirmed' : 'rejected');
    req.audited = true;
    return r;
  });

  app.get('/api/screening/rules', {
    config: { auth: { permission: 'screening.run' } },
    schema: { tags, summary: 'The rules in force for the caller’s county', response: { 200: RuleList, ...errorResponses } },
  }, async (req) => listRules(deps, actorOf(req).user));

  app.patch('/api/screening/rules/:rule', {
    config: { auth: { permission: 'screening.rules' } },
    schema: { tags, summary: 'Change a rule (a new version)', params: RuleParams, body: RuleBody, response: { 200: RuleT, ...errorResponses } },
  }, async (req) => {
    const r = await saveRule(deps, actorOf(req), req.params.rule, req.body);
    req.audited = true;
    return r;
  });

  app.post('/api/screening/rules/:rule/preview', {
    config: { auth: { permission: 'screening.run' } },
    schema: { tags, summary: 'What-if: the warnings a changed rule would raise on current data, by township and category', params: RuleParams, body: RuleBody, response: { 200: PreviewT, ...errorResponses } },
  }, async (req) => previewRule(deps, actorOf(req).user, req.params.rule, req.body));

  app.get('/api/screening/warnings', {
    config: { auth: { permission: 'screening.warnings' } },
    schema: { tags, summary: 'The warnings of the caller’s area with due dates', querystring: WarningQuery, response: { 200: WarningList, ...errorResponses } },
  }, async (req) => warnings(deps, actorOf(req).user, req.query));

  app.post('/api/screening/warnings/:id/handle', {
    config: { auth: { permission: 'screening.handle' } },
    schema: { tags, summary: 'Handle a warning: open a case, dismiss with a reason, or mark the member deceased', params: IdParams, body: HandleBody, response: { 200: Handled, ...errorResponses, ...more } },
  }, async (req) => {
    const r = await handleWarning(deps, actorOf(req), req.params.id, req.body);
    req.audited = true;
    return r;
  });

  app.get('/api/screening/stats', {
    config: { auth: { permission: 'screening.run' } },
    schema: { tags, summary: 'Handling rate and overdue warnings by township and department', response: { 200: StatsT, ...errorResponses } },
  }, async (req) => stats(deps, actorOf(req).user));
}
