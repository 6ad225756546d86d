import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { actOnCase, type StepInput } from './act-on-case.js';
import { apply, applyThrottles, lookupApplication } from './apply.js';
import type { CaseState } from './machine.js';
import { openCase } from './open-case.js';
import { areaCases, getCase, householdStatus, inbox, publicNotice } from './views.js';
import { suspects } from './suspects.js';
import {
  ApplyBody,
  ApplyResult,
  AreaCaseList,
  AreaCasesQuery,
  CaseIdParams,
  CaseList,
  CaseT,
  HouseholdParams,
  HouseholdStatus,
  InboxQuery,
  LookupBody,
  LookupResult,
  OpenCaseBody,
  OpenEliminationBody,
  Opened,
  PublicNoticeT,
  SuspectList,
  StepBody,
  StepParams,
} from './schemas.js';

const conflict = { 409: { $ref: 'ErrorBody' } } as const;

export async function monitoringRoutes(app: App, deps: AppDeps) {
  const tags = ['monitoring'];
  app.post(
    '/api/monitoring/cases',
    {
      config: { auth: { permission: 'monitoring.open' } },
      schema: { tags, summary: 'Open an identification case (inspection: village clerk, helper; hotline: township, county)', body: OpenCaseBody, response: { 200: Opened, ...errorResponses, ...conflict } },
    },
    async (req) => {
      const opened = await openCase(deps, { kind: 'identification', ...req.body }, actorOf(req));
      req.audited = true;
      return opened;
    },
  );

  app.get(
    '/api/monitoring/cases',
    {
      config: { auth: { permission: 'monitoring.read' } },
      schema: { tags, summary: 'Open cases of the caller’s area by step and place', querystring: AreaCasesQuery, response: { 200: AreaCaseList, ...errorResponses } },
    },
    async (req) => areaCases(deps, actorOf(req).user, { state: req.query.state as CaseState | undefined, areaCode: req.query.areaCode, page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/monitoring/inbox',
    {
      config: { auth: { permission: 'monitoring.read' } },
      schema: { tags, summary: 'What waits for the caller (待办): one page, overdue first, with the counts of all', querystring: InboxQuery, response: { 200: CaseList, ...errorResponses } },
    },
    async (req) => inbox(deps, actorOf(req).user, req.query),
  );

  app.get(
    '/api/monitoring/cases/:id',
    {
      config: { auth: { permission: 'monitoring.read' } },
      schema: { tags, summary: 'A case with its steps and who did each', params: CaseIdParams, response: { 200: CaseT, ...errorResponses } },
    },
    async (req) => getCase(deps, actorOf(req).user, req.params.id),
  );

  app.get(
    '/api/monitoring/cases/:id/notice',
    {
      config: { auth: { permission: 'monitoring.read' } },
      schema: { tags, summary: 'The village public notice of a case (no ID numbers, phones, income or health details)', params: CaseIdParams, response: { 200: PublicNoticeT, ...errorResponses } },
    },
    async (req) => publicNotice(deps, actorOf(req).user, req.params.id),
  );

  app.get(
    '/api/monitoring/suspects',
    {
      config: { auth: { permission: 'monitoring.suspects' } },
      schema: { tags, summary: 'Suspect-data checks (疑点) in the caller’s area', response: { 200: SuspectList, ...errorResponses } },
    },
    async (req) => suspects(deps, actorOf(req).user),
  );

  app.post(
    '/api/monitoring/cases/:id/:transition',
    {
      config: { auth: { permission: 'monitoring.act' } },
      schema: { tags, summary: 'Take a step of a case (the version shown; the step’s form; a reason to return or reject)', params: StepParams, body: StepBody, response: { 200: CaseT, ...errorResponses, ...conflict } },
    },
    async (req) => {
      const moved = await actOnCase(deps, actorOf(req), req.params.id, req.params.transition, req.body as StepInput);
      req.audited = true;
      return getCase(deps, actorOf(req).user, moved.id);
    },
  );

  app.get(
    '/api/monitoring/households/:id',
    {
      config: { auth: { permission: 'monitoring.read' } },
      schema: { tags, summary: 'A household’s monitoring status, card colour and cases', params: HouseholdParams, response: { 200: HouseholdStatus, ...errorResponses } },
    },
    async (req) => householdStatus(deps, actorOf(req).user, req.params.id),
  );

  app.post(
    '/api/monitoring/households/:id/elimination',
    {
      config: { auth: { permission: 'monitoring.open' } },
      schema: { tags, summary: 'Start risk elimination (refused with every reason while it may not)', params: HouseholdParams, body: OpenEliminationBody, response: { 200: Opened, ...errorResponses, ...conflict } },
    },
    async (req) => {
      const opened = await openCase(
        deps,
        { kind: 'elimination', channel: 'inspection', householdId: req.params.id, clue: req.body.clue, eliminationKind: req.body.kind },
        actorOf(req),
      );
      req.audited = true;
      return opened;
    },
  );

  const throttles = applyThrottles();
  app.post(
    '/api/apply',
    {
      config: { auth: { public: true } },
      schema: { tags, summary: 'Self-declaration (农户自主申报), no account; throttled by address and ID number', body: ApplyBody, response: { 200: ApplyResult, 400: { $ref: 'ErrorBody' }, 429: { $ref: 'ErrorBody' } } },
    },
    async (req) => {
      const result = await apply(deps, throttles, req.ip, req.body);
      req.audited = true;
      return result;
    },
  );

  app.post(
    '/api/apply/lookup',
    {
      config: { auth: { public: true } },
      schema: { tags, summary: 'An applicant looks up the state by case number and ID number', body: LookupBody, response: { 200: LookupResult, 400: { $ref: 'ErrorBody' }, 404: { $ref: 'ErrorBody' }, 429: { $ref: 'ErrorBody' } } },
    },
    async (req) => lookupApplication(deps, throttles, req.ip, req.body.caseNo, req.body.idNumber),
  );
}
