import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/core/config.js';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/types.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import { importAreas } from '../../src/modules/areas/import-areas.js';
import type { Role } from '../../src/shared/roles.js';
import { createTestDb, type TestDb } from './db.js';
import { createFieldCipher } from '../../src/core/field-crypto.js';

/** A fixed test key: tests can decrypt what the app stored. */
export const testCipher = createFieldCipher(Buffer.alloc(32, 7));

export const TEST_PASSWORD = 'Test-Passw0rd!';

export interface TestContext extends TestDb {
  app: App;
  config: Config;
  close(): Promise<void>;
}

/** A migrated database with 沁县's real tree and an app on it (no listening socket; use app.inject). */
export async function buildTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const tdb = await createTestDb();
  await importAreas(tdb.db, null, '140430');
  const config = loadConfig({ DATA_DIR: '/tmp/fangpin-test-data', LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ db: tdb.db, config, databaseMode: 'external', version: 'test', cipher: testCipher }, { logger: process.env.TEST_LOG ? { level: 'error' } : false });
  await app.ready();
  return {
    ...tdb,
    app,
    config,
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}

let counter = 0;
/** Factory: a user with a known password, ready to sign in (no forced change unless asked). */
export async function makeUser(
  ctx: TestDb,
  opts: { role: Role; area: string; username?: string; department?: string; mustChange?: boolean; password?: string },
): Promise<{ id: number; username: string; password: string }> {
  const username = opts.username ?? `${opts.role.replace('_', '')}${++counter}${Math.floor(Math.random() * 1e4)}`;
  const password = opts.password ?? TEST_PASSWORD;
  const row = await ctx.db
    .insertInto('users')
    .values({
      username,
      display_name: username,
      password_hash: await hashPassword(password),
      role: opts.role,
      area_code: opts.area.padEnd(12, '0'),
      department: opts.department ?? (opts.role === 'dept_officer' ? 'medical_insurance' : null),
      must_change_password: opts.mustChange ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, username, password };
}

export interface Session {
  cookie: string;
  csrf: string;
  user: { id: number; username: string; mustChangePassword: boolean; permissions: string[] };
}

export async function login(app: App, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  const body = res.json();
  return { cookie: raw.split(';')[0]!, csrf: body.user.csrfToken, user: body.user };
}

/** An authenticated request as `s` (the CSRF header is sent on every method; GET ignores it). */
export function as(
  app: App,
  s: Session,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}
