/** Account administration (scoped to the caller's area on the server). */
import { api, type BodyOf, type QueryOf, type ResponseOf } from '../../api/client';

export type UserPage = ResponseOf<'/api/users', 'get'>;
export type User = UserPage['items'][number];
export type UsersQuery = QueryOf<'/api/users'>;
export type NewUser = BodyOf<'/api/users', 'post'>;
export type UserPatch = BodyOf<'/api/users/{id}', 'patch'>;
export type CreatedUser = ResponseOf<'/api/users', 'post'>;

export const usersApi = {
  list: (query: UsersQuery, signal: AbortSignal) => api.get('/api/users', { query, signal }),
  create: (body: NewUser) => api.post('/api/users', { body }),
  update: (id: number, body: UserPatch) => api.patch('/api/users/{id}', { path: { id }, body }),
  resetPassword: (id: number) => api.post('/api/users/{id}/reset-password', { path: { id } }),
};
