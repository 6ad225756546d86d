import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { caseNoticeSheet, stepTimes, villageNoticeSheet, writeNoticeXlsx, writeSuspectsXlsx } from './reports.js';
import { CaseIdParams, HouseholdParams } from './schemas.js';
import { recordFollowUpIncome } from './record-income.js';
import { FollowUpIncome, FollowUpIncomeBody, StepTimes, StepTimesQuery, VillageParams } from './report-schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxResponse = { 200: { description: 'The .xlsx workbook, streamed', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses };

/** Streams a workbook whose data was read (and its scope checked) before the first byte. */
function sendXlsx(req: FastifyRequest, reply: FastifyReply, name: string, ascii: string, write: (out: Writable) => Promise<unknown>) {
  const out = new PassThrough();
  void reply.header('Content-Type', XLSX).header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  write(out).catch((err: unknown) => {
    req.log.error({ err }, `${ascii} failed`);
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply.send(out);
}

/** The monitoring chain's reports: notices and 疑点 as .xlsx, the time per step by township. */
export async function monitoringReportRoutes(app: App, deps: AppDeps) {
  const tags = ['monitoring'];
  app.get(
    '/api/monitoring/cases/:id/notice.xlsx',
    {
      config: { auth: { permission: 'monitoring.read' } },
      schema: { tags, summary: 'A case’s village public notice as .xlsx (no ID numbers, phones, bank accounts, income or health details)', params: CaseIdParams, response: xlsxResponse },
    },
    async (req, reply) => {
      const sheet = await caseNoticeSheet(deps, actorOf(req).user, req.params.id);
      return sendXlsx(req, reply, `公示-${sheet.lines[0]!.caseNo}.xlsx`, `notice-${sheet.lines[0]!.caseNo}.xlsx`, (out) => writeNoticeXlsx(sheet, out));
    },
  );

  app.get(
    '/api/monitoring/villages/:code/notice.xlsx',
    {
      config: { auth: { permission: 'monitoring.read' } },
      schema: { tags, summary: 'The village’s public notice of every case in its notice step, as .xlsx (no identifiers)', params: VillageParams, response: xlsxResponse },
    },
    async (req, reply) => {
      const sheet = await villageNoticeSheet(deps, actorOf(req).user, req.params.code);
      return sendXlsx(req, reply, `${sheet.villageName}公示.xlsx`, `notice-${req.params.code}.xlsx`, (out) => writeNoticeXlsx(sheet, out));
    },
  );

  app.get(
    '/api/monitoring/suspects.xlsx',
    {
      config: { auth: { permission: 'monitoring.suspects' } },
      schema: { tags, summary: 'The suspect-data checks (疑点) of the caller’s area as .xlsx', response: xlsxResponse },
    },
    async (req, reply) => sendXlsx(req, reply, '疑点数据.xlsx', 'suspects.xlsx', (out) => writeSuspectsXlsx(deps, actorOf(req).user, out)),
  );

  app.get(
    '/api/monitoring/step-times',
    {
      config: { auth: { permission: 'monitoring.reports' } },
      schema: { tags, summary: 'Time per step by township (cases, average and longest days, overdue) from the cases’ history', querystring: StepTimesQuery, response: { 200: StepTimes, ...errorResponses } },
    },
    async (req) => stepTimes(deps, actorOf(req).user, req.query),
  );

  app.post(
    '/api/monitoring/households/:id/income',
    {
      config: { auth: { permission: 'monitoring.open' } },
      schema: { tags, summary: 'A monitored household’s income form from a follow-up visit (帮扶回访收支核算), judged by risk elimination', params: HouseholdParams, body: FollowUpIncomeBody, response: { 200: FollowUpIncome, ...errorResponses, 409: { $ref: 'ErrorBody' } } },
    },
    async (req) => {
      const saved = await recordFollowUpIncome(deps, actorOf(req), req.params.id, req.body);
      req.audited = true;
      return saved;
    },
  );
}
