import crypto from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from '../../src/db/pg-types.js';
import type { DB } from '../../src/db/schema.js';
import { migrate } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/prepared.js';

/** The server the test runner gave us (scripts/test.ts sets TEST_PG_URL). */
export function serverUrl(): string {
  const url = process.env.TEST_PG_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('Run tests with `npm test` (it provides a PostgreSQL) or set DATABASE_URL');
  return url;
}

export function urlFor(database: string): string {
  const u = new URL(serverUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDb {
  name: string;
  url: string;
  db: Kysely<DB>;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, dropped at the end. */
export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const name = `fp_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = urlFor(name);
  const pool = createPool({ connectionString: url, max: 10 });
  // At teardown the database is dropped WITH (FORCE): a connection still open then reports its termination, which is
  // expected there and must not crash the test process as an unhandled 'error' event.
  pool.on('error', () => {});
  if (opts.migrate !== false) await migrate(pool);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    name,
    url,
    db,
    pool,
    async drop() {
      await db.destroy();
      // Kysely ends the pool only if it ever used it; a test that used `pool` alone would leave a connection open.
      if (!pool.ended && !pool.ending) await pool.end();
      const c = new pg.Client({ connectionString: urlFor('postgres') });
      c.on('error', () => {});
      await c.connect();
      // Background work of the test (a cancelled import cleaning up, a server child) gets a few seconds to let go.
      for (let i = 0; i < 50; i++) {
        const r = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (r.rows[0]!.n === 0) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
