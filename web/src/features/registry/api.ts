/** The household registry: list and search, one household with its members, history, export, the area's figures. */
import { api, download, type BodyOf, type QueryOf } from '../../api/client';

export type HouseholdQuery = QueryOf<'/api/households'>;
export type ExportQuery = QueryOf<'/api/households/export'>;
export type NewHousehold = BodyOf<'/api/households', 'post'>;
export type HouseholdPatch = BodyOf<'/api/households/{id}', 'patch'>;
export type MemberBody = BodyOf<'/api/households/{id}/members', 'post'>;
export type MemberPatch = BodyOf<'/api/households/{id}/members/{memberId}', 'patch'>;
export type MemberRemoval = BodyOf<'/api/households/{id}/members/{memberId}/remove', 'post'>;

// Registry forms show the server's validation problems at their fields themselves: those calls are silent.
export const registryApi = {
  list: (query: HouseholdQuery, signal: AbortSignal) => api.get('/api/households', { query, signal }),
  export: (query: ExportQuery) => download('/api/households/export', { query }, 'households.xlsx'),
  summary: (signal: AbortSignal) => api.get('/api/households/summary', { silent: true, signal }),
  get: (id: number | string) => api.get('/api/households/{id}', { path: { id }, silent: true }),
  create: (body: NewHousehold) => api.post('/api/households', { body, silent: true }),
  update: (id: number, body: HouseholdPatch) => api.patch('/api/households/{id}', { path: { id }, body, silent: true }),
  history: (id: number, signal: AbortSignal) => api.get('/api/households/{id}/history', { path: { id }, signal }),
  asOf: (id: number, date: string) => api.get('/api/households/{id}/as-of', { path: { id }, query: { date }, silent: true }),
  nextNumber: (villageCode: string, silent: boolean) => api.get('/api/households/next-number', { query: { villageCode }, silent }),
  addMember: (id: number, body: MemberBody) => api.post('/api/households/{id}/members', { path: { id }, body, silent: true }),
  updateMember: (id: number, memberId: number, body: MemberPatch) =>
    api.patch('/api/households/{id}/members/{memberId}', { path: { id, memberId }, body, silent: true }),
  removeMember: (id: number, memberId: number, body: MemberRemoval) =>
    api.post('/api/households/{id}/members/{memberId}/remove', { path: { id, memberId }, body, silent: true }),
  revealId: (id: number, memberId: number) => api.post('/api/households/{id}/members/{memberId}/reveal-id', { path: { id, memberId } }),
};
