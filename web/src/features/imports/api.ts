/** The registry import: upload, the job (polled), check again with another mapping, commit, cancel, report, history. */
import { api, download, type BodyOf, type RequestOptions } from '../../api/client';

/** A column mapping as the check takes it: file column → one of the fields GET /api/imports/fields lists, or null. */
export type Mapping = NonNullable<BodyOf<'/api/imports/{id}/check', 'post'>['mapping']>;
export type CommitMode = BodyOf<'/api/imports/{id}/commit', 'post'>['mode'];

export const importsApi = {
  upload: (form: FormData) => api.upload('/api/imports', form),
  job: (id: number, opts: RequestOptions = {}) => api.get('/api/imports/{id}', { path: { id }, ...opts }),
  fields: () => api.get('/api/imports/fields'),
  /** `mapping`'s fields are keys GET /api/imports/fields listed (the server checks them against the same list). */
  check: (id: number, mapping: Record<string, string | null>, exitYear: number | null = null) =>
    api.post('/api/imports/{id}/check', { path: { id }, body: { mapping: mapping as Mapping, exitYear } }),
  commit: (id: number, mode: CommitMode) => api.post('/api/imports/{id}/commit', { path: { id }, body: { mode } }),
  cancel: (id: number) => api.post('/api/imports/{id}/cancel', { path: { id } }),
  mine: (page: number, pageSize: number, signal: AbortSignal) =>
    api.get('/api/imports', { query: { mine: true, page, pageSize }, signal, silent: true }),
  report: (id: number) => download('/api/imports/{id}/report', { path: { id } }, `import-${id}-report.xlsx`),
  template: () => download('/api/imports/template.xlsx', {}, 'household-import-template.xlsx'),
};
