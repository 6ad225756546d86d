import type { Database } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { randomToken, sm3 } from '../../core/crypto.js';
import { AppError } from './errors.js';
import type { SessionUser } from '../../server/context.js';
import type { Role } from '../../shared/roles.js';
import { deleteSession, findSession, insertSession, touchSession, type SessionRow } from './repo.js';

export const SESSION_COOKIE = 'fp_sid';

/** Creates a server-side session. The cookie gets the token; the table only its SM3 hash. */
export async function createSession(
  db: Database,
  userId: number,
  meta: { ip: string; userAgent?: string },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  await insertSession(db, { id: sm3(token), userId, csrfToken, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null });
  return { token, csrfToken };
}

export async function destroySession(db: Database, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
  forgetSessions();
}

/**
 * A short-lived cache of session rows: a busy page (a search box, 20 clerks at once) would otherwise spend a database
 * round trip per request on the same few sessions. Every in-process change to users or sessions (sign-out, disable,
 * reset, password change) clears it at once; a change made by another process (`npx fangpin users reset-password`)
 * takes effect within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 3_000;
const SESSION_CACHE_MAX = 10_000;
const sessionCache = new Map<string, { row: SessionRow; at: number }>();

/** Drops every cached session: call after any change to users or sessions. */
export function forgetSessions(): void {
  sessionCache.clear();
}

async function loadSession(db: Database, id: string): Promise<SessionRow | undefined> {
  const hit = sessionCache.get(id);
  const now = Date.now();
  if (hit && now - hit.at < SESSION_CACHE_MS) return hit.row;
  const row = await findSession(db, id);
  if (!row) {
    sessionCache.delete(id);
    return undefined;
  }
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
  sessionCache.set(id, { row, at: now });
  return row;
}

/**
 * Resolves a cookie token to the signed-in user, enforcing the idle and absolute timeouts.
 * Returns undefined when there is no token; throws SESSION_EXPIRED for a dead one.
 */
export async function resolveSession(
  db: Database,
  config: Config,
  token: string | undefined,
): Promise<{ user: SessionUser; sessionId: string; csrfToken: string } | undefined> {
  if (!token) return undefined;
  const id = sm3(token);
  const row = await loadSession(db, id);
  if (!row) throw new AppError('SESSION_EXPIRED');
  const now = Date.now();
  const idleMs = config.sessionIdleMinutes * 60_000;
  const absMs = config.sessionAbsoluteHours * 3_600_000;
  if (row.status !== 'active' || now - row.last_seen_at.getTime() > idleMs || now - row.created_at.getTime() > absMs) {
    await destroySession(db, id);
    throw new AppError('SESSION_EXPIRED');
  }
  // Touch at most once a minute: one write per page view would be wasted I/O.
  if (now - row.last_seen_at.getTime() > 60_000) {
    await touchSession(db, id);
    row.last_seen_at = new Date(now);
  }
  return {
    sessionId: id,
    csrfToken: row.csrf_token,
    user: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role as Role,
      areaCode: row.area_code,
      areaLevel: row.level,
      areaName: row.area_name,
      department: row.department,
      mustChangePassword: row.must_change_password,
    },
  };
}
