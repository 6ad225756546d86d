/**
 * Department data screening (部门筛查预警): an officer's datasets (upload, mapping, problems, submit), the county's
 * runs, review queue and rules with their what-if, and the warnings of an area.
 */
import { api, download, type BodyOf, type QueryOf, type ResponseOf } from '../../api/client';

export type Template = ResponseOf<'/api/screening/templates', 'get'>[number];
export type DatasetPage = ResponseOf<'/api/screening/datasets', 'get'>;
export type Dataset = ResponseOf<'/api/screening/datasets/{id}', 'get'>;
export type DatasetQuery = QueryOf<'/api/screening/datasets'>;
export type Problems = ResponseOf<'/api/screening/datasets/{id}/problems', 'get'>;
export type Run = ResponseOf<'/api/screening/runs/{id}', 'get'>;
export type RunPage = ResponseOf<'/api/screening/runs', 'get'>;
export type CandidatePage = ResponseOf<'/api/screening/candidates', 'get'>;
export type Candidate = CandidatePage['items'][number];
export type Rule = ResponseOf<'/api/screening/rules', 'get'>[number];
export type RuleBody = BodyOf<'/api/screening/rules/{rule}', 'patch'>;
export type Preview = ResponseOf<'/api/screening/rules/{rule}/preview', 'post'>;
export type Stats = ResponseOf<'/api/screening/stats', 'get'>;
export type WarningPage = ResponseOf<'/api/screening/warnings', 'get'>;
export type Warning = WarningPage['items'][number];
export type WarningQuery = QueryOf<'/api/screening/warnings'>;
export type HandleBody = BodyOf<'/api/screening/warnings/{id}/handle', 'post'>;

export const screeningApi = {
  templates: () => api.get('/api/screening/templates'),
  datasets: (query: DatasetQuery, signal: AbortSignal) => api.get('/api/screening/datasets', { query, signal }),
  dataset: (id: number) => api.get('/api/screening/datasets/{id}', { path: { id } }),
  problems: (id: number, page: number) => api.get('/api/screening/datasets/{id}/problems', { path: { id }, query: { page, pageSize: 50 } }),
  upload: (query: { template: string; period: string; correction?: boolean }, form: FormData) =>
    api.upload(`/api/screening/datasets?template=${encodeURIComponent(query.template)}&period=${encodeURIComponent(query.period)}${query.correction ? '&correction=true' : ''}` as '/api/screening/datasets', form),
  remap: (id: number, mapping: Record<string, string | null>) => api.patch('/api/screening/datasets/{id}/mapping', { path: { id }, body: { mapping } }),
  submit: (id: number) => api.post('/api/screening/datasets/{id}/submit', { path: { id } }),
  startRun: (id: number) => api.post('/api/screening/datasets/{id}/runs', { path: { id }, body: {} }),
  runs: (page: number, signal: AbortSignal) => api.get('/api/screening/runs', { query: { page }, signal }),
  report: (id: number) => download('/api/screening/runs/{id}/report', { path: { id } }, `screening-${id}.xlsx`),
  policyList: () => download('/api/screening/policy-list.xlsx', {}, 'policy-list.xlsx'),
  candidates: (page: number, signal: AbortSignal) => api.get('/api/screening/candidates', { query: { page }, signal }),
  decide: (id: number, decision: 'confirm' | 'reject') => api.post('/api/screening/candidates/{id}/{decision}', { path: { id, decision } }),
  rules: () => api.get('/api/screening/rules'),
  saveRule: (rule: Rule['rule'], body: RuleBody) => api.patch('/api/screening/rules/{rule}', { path: { rule: rule as never }, body }),
  preview: (rule: Rule['rule'], body: RuleBody) => api.post('/api/screening/rules/{rule}/preview', { path: { rule: rule as never }, body }),
  stats: () => api.get('/api/screening/stats'),
  warnings: (query: WarningQuery, signal: AbortSignal) => api.get('/api/screening/warnings', { query, signal }),
  handle: (id: number, body: HandleBody) => api.post('/api/screening/warnings/{id}/handle', { path: { id }, body }),
};
