/** Assistance (帮扶): plans and measures, warnings, pairings, visits and the helper's households. */
import { api, type BodyOf, type QueryOf, type ResponseOf } from '../../api/client';

export type Plan = ResponseOf<'/api/assistance/households/{id}/plan', 'get'>;
export type Measure = Plan['measures'][number];
export type MeasureBody = BodyOf<'/api/assistance/households/{id}/measures', 'post'>;
export type CatalogueItem = ResponseOf<'/api/assistance/catalogue', 'get'>[number];
export type Schedule = ResponseOf<'/api/assistance/settings', 'get'>;
export type Warnings = ResponseOf<'/api/assistance/warnings', 'get'>;
export type WarningQuery = QueryOf<'/api/assistance/warnings'>;
export type Mine = ResponseOf<'/api/assistance/mine', 'get'>;
export type Scheduled = Mine['items'][number];
export type Overdue = ResponseOf<'/api/assistance/overdue', 'get'>;
export type Visit = ResponseOf<'/api/assistance/households/{id}/visits', 'get'>[number];
export type VisitBody = BodyOf<'/api/assistance/households/{id}/visits', 'post'>;
export type VisitRecorded = ResponseOf<'/api/assistance/households/{id}/visits', 'post'>;
export type Helper = ResponseOf<'/api/assistance/helpers', 'get'>[number];

// Forms show the server's refusals themselves: those calls are silent.
export const assistanceApi = {
  plan: (id: number | string) => api.get('/api/assistance/households/{id}/plan', { path: { id }, silent: true }),
  addMeasure: (id: number, body: MeasureBody) => api.post('/api/assistance/households/{id}/measures', { path: { id }, body, silent: true }),
  editMeasure: (id: number, body: MeasureBody & { version: number }) => api.patch('/api/assistance/measures/{id}', { path: { id }, body, silent: true }),
  catalogue: () => api.get('/api/assistance/catalogue'),
  addCatalogueItem: (body: BodyOf<'/api/assistance/catalogue', 'post'>) => api.post('/api/assistance/catalogue', { body, silent: true }),
  editCatalogueItem: (id: number, body: BodyOf<'/api/assistance/catalogue/{id}', 'patch'>) => api.patch('/api/assistance/catalogue/{id}', { path: { id }, body, silent: true }),
  schedule: () => api.get('/api/assistance/settings'),
  saveSchedule: (body: BodyOf<'/api/assistance/settings', 'patch'>) => api.patch('/api/assistance/settings', { body, silent: true }),
  warnings: (query: WarningQuery, signal?: AbortSignal) => api.get('/api/assistance/warnings', { query, signal }),
  overdue: (areaCode?: string, signal?: AbortSignal) => api.get('/api/assistance/overdue', { query: { areaCode }, signal }),
  mine: (signal?: AbortSignal) => api.get('/api/assistance/mine', { signal, silent: true }),
  visits: (id: number | string) => api.get('/api/assistance/households/{id}/visits', { path: { id }, silent: true }),
  recordVisit: (id: number, body: VisitBody) => api.post('/api/assistance/households/{id}/visits', { path: { id }, body, silent: true }),
  helpers: (q?: string) => api.get('/api/assistance/helpers', { query: { q } }),
  assign: (householdId: number, helperId: number) => api.post('/api/assistance/assignments', { body: { householdId, helperId }, silent: true }),
  policy: (areaCode?: string) => api.get('/api/policies/in-force', { query: { areaCode } }),
  importAssignments: (form: FormData) => api.upload('/api/assistance/assignments/import', form, { silent: true }),
};
