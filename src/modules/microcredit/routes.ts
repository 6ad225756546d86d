import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { createLoan, type LoanInput } from './create-loan.js';
import { extendLoan } from './extend.js';
import { repay } from './repay.js';
import { setLimits } from './settings.js';
import { borrowers, limitsFor, loanDetail, loanList, report, reportXlsx } from './views.js';
import { Borrower, BorrowersQuery, CreateLoanBody, ExtendBody, Limits, LimitsBody, LimitsQuery, LoanDetail, LoanList, LoanListQuery, LoanParams, RepayBody, Report } from './schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const conflict = { 409: { $ref: 'ErrorBody' } } as const;

export async function microcreditRoutes(app: App, deps: AppDeps) {
  const tags = ['microcredit'];
  const { db } = deps;
  const today = () => chinaDay(nowOf(deps.config));

  app.get(
    '/api/microcredit/loans',
    {
      config: { auth: { permission: 'microcredit.read' } },
      schema: { tags, summary: 'Loans of the caller’s area, soonest due first (status: overdue, due_soon, warning = both, active, repaid)', querystring: LoanListQuery, response: { 200: LoanList, ...errorResponses } },
    },
    async (req) => loanList(db, actorOf(req).user, { ...req.query, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 }, today()),
  );

  app.post(
    '/api/microcredit/loans',
    {
      config: { auth: { permission: 'microcredit.manage' } },
      schema: { tags, summary: 'Record a loan (the county’s limits; due date = issue date + term)', body: CreateLoanBody, response: { 200: LoanDetail, ...errorResponses, ...conflict } },
    },
    async (req) => {
      const loan = await createLoan(db, actorOf(req), req.body as LoanInput, today());
      req.audited = true;
      return loanDetail(db, actorOf(req).user, loan.id, today());
    },
  );

  app.get(
    '/api/microcredit/borrowers',
    {
      config: { auth: { permission: 'microcredit.manage' } },
      schema: { tags, summary: 'Active members of a village for the loan form, each with the rule that would refuse him', querystring: BorrowersQuery, response: { 200: Type.Array(Borrower), ...errorResponses } },
    },
    async (req) => borrowers(db, actorOf(req).user, req.query.villageCode, req.query.q, today()),
  );

  app.get(
    '/api/microcredit/settings',
    {
      config: { auth: { permission: 'microcredit.read' } },
      schema: { tags, summary: 'A county’s limits for new loans (default 50,000 yuan, 36 months)', querystring: LimitsQuery, response: { 200: Limits, ...errorResponses } },
    },
    async (req) => limitsFor(db, actorOf(req).user, req.query.countyCode),
  );

  app.post(
    '/api/microcredit/settings',
    {
      config: { auth: { permission: 'microcredit.settings' } },
      schema: { tags, summary: 'Set the caller’s county limits (county administrator)', body: LimitsBody, response: { 200: Limits, ...errorResponses } },
    },
    async (req) => {
      const saved = await setLimits(db, actorOf(req), req.body);
      req.audited = true;
      return saved;
    },
  );

  app.get(
    '/api/microcredit/report',
    {
      config: { auth: { permission: 'microcredit.read' } },
      schema: { tags, summary: 'Loans, balance, overdue count and amount by township (county) or village (township)', response: { 200: Report, ...errorResponses } },
    },
    async (req) => report(db, actorOf(req).user, today()),
  );

  app.get(
    '/api/microcredit/report.xlsx',
    {
      config: { auth: { permission: 'microcredit.read' } },
      schema: {
        tags,
        summary: 'The report as .xlsx (audited)',
        response: { 200: { description: 'The .xlsx workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const day = today();
      const body = await reportXlsx(db, actorOf(req), day);
      req.audited = true;
      const name = `小额信贷报表-${day}.xlsx`;
      return reply
        .header('Content-Type', XLSX)
        .header('Content-Disposition', `attachment; filename="microcredit-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(body);
    },
  );

  app.get(
    '/api/microcredit/loans/:id',
    {
      config: { auth: { permission: 'microcredit.read' } },
      schema: { tags, summary: 'A loan with its repayments and extension', params: LoanParams, response: { 200: LoanDetail, ...errorResponses } },
    },
    async (req) => loanDetail(db, actorOf(req).user, req.params.id, today()),
  );

  app.post(
    '/api/microcredit/loans/:id/repayments',
    {
      config: { auth: { permission: 'microcredit.manage' } },
      schema: { tags, summary: 'Record a repayment (principal not above the balance)', params: LoanParams, body: RepayBody, response: { 200: LoanDetail, ...errorResponses, ...conflict } },
    },
    async (req) => {
      await repay(db, actorOf(req), req.params.id, req.body, today());
      req.audited = true;
      return loanDetail(db, actorOf(req).user, req.params.id, today());
    },
  );

  app.post(
    '/api/microcredit/loans/:id/extension',
    {
      config: { auth: { permission: 'microcredit.manage' } },
      schema: { tags, summary: 'Extend a loan once (at most 12 months after its original due date)', params: LoanParams, body: ExtendBody, response: { 200: LoanDetail, ...errorResponses, ...conflict } },
    },
    async (req) => {
      await extendLoan(db, actorOf(req), req.params.id, req.body);
      req.audited = true;
      return loanDetail(db, actorOf(req).user, req.params.id, today());
    },
  );
}
