/** Microcredit (小额信贷): loans, repayments, extensions, limits, the report (scoped on the server). */
import { api, download, type BodyOf, type QueryOf, type ResponseOf } from '../../api/client';

export type LoanPage = ResponseOf<'/api/microcredit/loans', 'get'>;
export type Loan = LoanPage['items'][number];
export type LoanDetail = ResponseOf<'/api/microcredit/loans/{id}', 'get'>;
export type LoansQuery = QueryOf<'/api/microcredit/loans'>;
export type NewLoan = BodyOf<'/api/microcredit/loans', 'post'>;
export type Borrower = ResponseOf<'/api/microcredit/borrowers', 'get'>[number];
export type Limits = ResponseOf<'/api/microcredit/settings', 'get'>;
export type Report = ResponseOf<'/api/microcredit/report', 'get'>;
export type LoanStatus = Loan['status'];
export const LOAN_FILTER_STATUSES = ['warning', 'overdue', 'due_soon', 'active', 'repaid'] as const;
/** Banks the form offers (any other name may be typed). */
export const BANKS = ['中国农业银行', '农村商业银行', '农村信用合作社', '中国邮政储蓄银行', '村镇银行', '中国建设银行', '中国工商银行'];

export const microcreditApi = {
  list: (query: LoansQuery, signal: AbortSignal) => api.get('/api/microcredit/loans', { query, signal }),
  get: (id: number) => api.get('/api/microcredit/loans/{id}', { path: { id } }),
  create: (body: NewLoan) => api.post('/api/microcredit/loans', { body }),
  borrowers: (villageCode: string, q: string) => api.get('/api/microcredit/borrowers', { query: q ? { villageCode, q } : { villageCode } }),
  repay: (id: number, body: BodyOf<'/api/microcredit/loans/{id}/repayments', 'post'>) => api.post('/api/microcredit/loans/{id}/repayments', { path: { id }, body }),
  extend: (id: number, body: BodyOf<'/api/microcredit/loans/{id}/extension', 'post'>) => api.post('/api/microcredit/loans/{id}/extension', { path: { id }, body }),
  limits: () => api.get('/api/microcredit/settings', {}),
  setLimits: (body: BodyOf<'/api/microcredit/settings', 'post'>) => api.post('/api/microcredit/settings', { body }),
  report: () => api.get('/api/microcredit/report'),
  exportReport: () => download('/api/microcredit/report.xlsx', {}, 'microcredit.xlsx'),
};
