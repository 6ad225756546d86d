/** Sign-in, sign-out, who am I, and the password change. */
import { api, type ResponseOf } from '../../api/client';

/** The signed-in user with their permissions and CSRF token (GET /api/auth/me). */
export type Me = ResponseOf<'/api/auth/me', 'get'>;

/** A permission name, as the server lists them (the enum of its modules' permissions, generated from the API). */
export type Permission = Me['permissions'][number];

export const authApi = {
  /** A 401 here means "not signed in", not "session lost": no redirect, no message. */
  me: () => api.get('/api/auth/me', { probe: true, silent: true }),
  login: (username: string, password: string) => api.post('/api/auth/login', { body: { username, password }, silent: true, probe: true }),
  logout: () => api.post('/api/auth/logout', { silent: true, probe: true }),
  /** The owner's activation with a one-time code (auditors, security administrators): public, no session. */
  activate: (username: string, code: string, newPassword: string) =>
    api.post('/api/auth/activate', { body: { username, code, newPassword }, silent: true, probe: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post('/api/auth/password', { body: { currentPassword, newPassword }, silent: true }),
};
