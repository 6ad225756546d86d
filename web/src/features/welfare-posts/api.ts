/** Public-welfare posts (公益岗位): posts, hires, pay sheets, the report (scoped to the caller's area on the server). */
import { api, download, type BodyOf, type QueryOf, type ResponseOf } from '../../api/client';

export type PostPage = ResponseOf<'/api/welfare-posts', 'get'>;
export type Post = PostPage['items'][number];
export type PostDetail = ResponseOf<'/api/welfare-posts/{id}', 'get'>;
export type Hire = PostDetail['hires'][number];
export type PostsQuery = QueryOf<'/api/welfare-posts'>;
export type NewPost = BodyOf<'/api/welfare-posts', 'post'>;
export type Candidate = ResponseOf<'/api/welfare-posts/{id}/candidates', 'get'>[number];
export type PaySheet = ResponseOf<'/api/welfare-posts/{id}/pay', 'get'>;
export type PayBody = BodyOf<'/api/welfare-posts/{id}/pay', 'post'>;
export type Report = ResponseOf<'/api/welfare-posts/report', 'get'>;
export type PostType = Post['postType'];
export const POST_TYPES: readonly PostType[] = ['cleaner', 'forest_ranger', 'water_keeper', 'road_maintenance', 'elder_disabled_care', 'other'];

export const welfarePostsApi = {
  list: (query: PostsQuery, signal: AbortSignal) => api.get('/api/welfare-posts', { query, signal }),
  get: (id: number) => api.get('/api/welfare-posts/{id}', { path: { id } }),
  create: (body: NewPost) => api.post('/api/welfare-posts', { body }),
  candidates: (id: number, q: string) => api.get('/api/welfare-posts/{id}/candidates', { path: { id }, query: q ? { q } : {} }),
  hire: (id: number, memberId: number, hiredOn: string) => api.post('/api/welfare-posts/{id}/hires', { path: { id }, body: { memberId, hiredOn } }),
  exit: (hireId: number, exitedOn: string, reason: string) => api.post('/api/welfare-posts/hires/{id}/exit', { path: { id: hireId }, body: { exitedOn, reason } }),
  paySheet: (id: number, month: string) => api.get('/api/welfare-posts/{id}/pay', { path: { id }, query: { month } }),
  pay: (id: number, body: PayBody) => api.post('/api/welfare-posts/{id}/pay', { path: { id }, body }),
  report: (query: QueryOf<'/api/welfare-posts/report'>) => api.get('/api/welfare-posts/report', { query }),
  exportReport: (query: QueryOf<'/api/welfare-posts/report.xlsx'>) => download('/api/welfare-posts/report.xlsx', { query }, 'welfare-posts.xlsx'),
};
