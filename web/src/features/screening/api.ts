/** Department data screening (部门筛查预警): the warnings of the caller's area and their handling. */
import { api, type BodyOf, type QueryOf, type ResponseOf } from '../../api/client';

export type WarningPage = ResponseOf<'/api/screening/warnings', 'get'>;
export type Warning = WarningPage['items'][number];
export type WarningQuery = QueryOf<'/api/screening/warnings'>;
export type HandleBody = BodyOf<'/api/screening/warnings/{id}/handle', 'post'>;

export const screeningApi = {
  warnings: (query: WarningQuery, signal: AbortSignal) => api.get('/api/screening/warnings', { query, signal }),
  handle: (id: number, body: HandleBody) => api.post('/api/screening/warnings/{id}/handle', { path: { id }, body }),
};
