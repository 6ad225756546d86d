/** The audit log: browse (scoped) and verify the SM3 hash chain. */
import { api, type QueryOf, type ResponseOf } from '../../api/client';

export type AuditPage = ResponseOf<'/api/audit', 'get'>;
export type AuditEntry = AuditPage['items'][number];
export type AuditQuery = QueryOf<'/api/audit'>;
export type VerifyResult = ResponseOf<'/api/audit/verify', 'get'>;
export type ActionLabel = ResponseOf<'/api/audit/actions', 'get'>[number];

export const auditApi = {
  list: (query: AuditQuery, signal: AbortSignal) => api.get('/api/audit', { query, signal }),
  verify: () => api.get('/api/audit/verify'),
  actions: () => api.get('/api/audit/actions', { silent: true }),
};
