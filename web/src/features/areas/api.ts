/** The administrative tree: lazy children, one area with its path, search, and import from the national data. */
import { api, type RequestOptions, type ResponseOf } from '../../api/client';

export type Area = ResponseOf<'/api/areas', 'get'>[number];
export type AreaDetail = ResponseOf<'/api/areas/{code}', 'get'>;
export type AreaSearchHit = ResponseOf<'/api/areas/search', 'get'>[number];
export type AreaImportResult = ResponseOf<'/api/areas/import', 'post'>;

export const areasApi = {
  /** The children of `parent`; without it, the caller's own root. */
  children: (parent?: string, opts: RequestOptions = {}) => api.get('/api/areas', { query: { parent }, ...opts }),
  get: (code: string, opts: RequestOptions = {}) => api.get('/api/areas/{code}', { path: { code }, ...opts }),
  search: (q: string, limit: number, opts: RequestOptions = {}) => api.get('/api/areas/search', { query: { q, limit }, ...opts }),
  import: (code: string) => api.post('/api/areas/import', { body: { code }, silent: true }),
};
