/** The monitoring chain (防止返贫致贫监测): inbox, the area's open cases, a case and its steps, a household's status, the
 * policy, and the public self-declaration page's calls. */
import { api, download, type BodyOf, type QueryOf, type ResponseOf } from '../../api/client';
import type { CaseTransition } from '../../../../src/shared/monitoring';

export type Case = ResponseOf<'/api/monitoring/cases/{id}', 'get'>;
export type CaseList = ResponseOf<'/api/monitoring/inbox', 'get'>;
export type AreaCaseList = ResponseOf<'/api/monitoring/cases', 'get'>;
export type AreaCasesQuery = QueryOf<'/api/monitoring/cases'>;
export type HouseholdStatus = ResponseOf<'/api/monitoring/households/{id}', 'get'>;
export type StepBody = BodyOf<'/api/monitoring/cases/{id}/{transition}', 'post'>;
export type OpenCaseBody = BodyOf<'/api/monitoring/cases', 'post'>;
export type EliminationBody = BodyOf<'/api/monitoring/households/{id}/elimination', 'post'>;
export type Policy = ResponseOf<'/api/policies/in-force', 'get'>;
export type NewPolicy = BodyOf<'/api/policies', 'post'>;
export type ApplyBody = BodyOf<'/api/apply', 'post'>;
export type LookupResult = ResponseOf<'/api/apply/lookup', 'post'>;
export type PublicNotice = ResponseOf<'/api/monitoring/cases/{id}/notice', 'get'>;
export type Suspect = ResponseOf<'/api/monitoring/suspects', 'get'>[number];
export type StepTimes = ResponseOf<'/api/monitoring/step-times', 'get'>;
export type StepTimesQuery = QueryOf<'/api/monitoring/step-times'>;
export type PublicArea = ResponseOf<'/api/areas/public', 'get'>[number];
/** A case's transition (the names are shared with the server's machine). */
export type StepTransition = CaseTransition;

// Forms show the server's refusals themselves (a conflict, a field): those calls are silent.
export const monitoringApi = {
  inbox: (query: QueryOf<'/api/monitoring/inbox'> = {}, signal?: AbortSignal) => api.get('/api/monitoring/inbox', { query, signal }),
  areaCases: (query: AreaCasesQuery, signal?: AbortSignal) => api.get('/api/monitoring/cases', { query, signal }),
  get: (id: number | string) => api.get('/api/monitoring/cases/{id}', { path: { id }, silent: true }),
  notice: (id: number | string) => api.get('/api/monitoring/cases/{id}/notice', { path: { id }, silent: true }),
  act: (id: number, transition: StepTransition, body: StepBody) =>
    api.post('/api/monitoring/cases/{id}/{transition}', { path: { id, transition }, body, silent: true }),
  open: (body: OpenCaseBody) => api.post('/api/monitoring/cases', { body, silent: true }),
  household: (id: number | string) => api.get('/api/monitoring/households/{id}', { path: { id }, silent: true }),
  startElimination: (id: number, body: EliminationBody) => api.post('/api/monitoring/households/{id}/elimination', { path: { id }, body, silent: true }),
  suspects: (signal?: AbortSignal) => api.get('/api/monitoring/suspects', { signal }),
  recordIncome: (id: number, body: BodyOf<'/api/monitoring/households/{id}/income', 'post'>) => api.post('/api/monitoring/households/{id}/income', { path: { id }, body, silent: true }),
  suspectsXlsx: () => download('/api/monitoring/suspects.xlsx', {}, 'suspects.xlsx'),
  noticeXlsx: (id: number) => download('/api/monitoring/cases/{id}/notice.xlsx', { path: { id } }, `notice-${id}.xlsx`),
  villageNoticeXlsx: (code: string) => download('/api/monitoring/villages/{code}/notice.xlsx', { path: { code } }, `notice-${code}.xlsx`),
  stepTimes: (query: StepTimesQuery, signal?: AbortSignal) => api.get('/api/monitoring/step-times', { query, signal }),
  policies: () => api.get('/api/policies'),
  policyInForce: (areaCode?: string) => api.get('/api/policies/in-force', { query: { areaCode } }),
  createPolicy: (body: NewPolicy) => api.post('/api/policies', { body, silent: true }),
  apply: (body: ApplyBody) => api.post('/api/apply', { body, silent: true }),
  lookup: (caseNo: string, idNumber: string) => api.post('/api/apply/lookup', { body: { caseNo, idNumber }, silent: true }),
  publicAreas: (parent?: string) => api.get('/api/areas/public', { query: { parent } }),
};
