import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { createPool, runPrepared } from '../src/db/prepared.js';
import { loadConfig } from '../src/core/config.js';
import type { DB } from '../src/db/schema.js';
import { createTestDb, type TestDb } from './helpers/db.js';

let t: TestDb;
before(async () => {
  t = await createTestDb({ migrate: false });
});
after(async () => {
  await t.drop();
});

test('a marked statement runs as a named prepared statement, once per text; others stay unnamed; results the same', async () => {
  // One connection: pg_prepared_statements lists the statements of the session that asks.
  await t.db.connection().execute(async (db) => {
    const stmt = (n: number) => sql<{ n: number; s: string }>`select ${n}::int as n, ${'x'.repeat(n)}::text as s`.compile(db);
    for (let n = 1; n <= 8; n++) {
      const r = await runPrepared(db, stmt(n));
      assert.deepEqual(r.rows, [{ n, s: 'x'.repeat(n) }]);
    }
    // A different text is a different statement; an unmarked one is not prepared.
    await runPrepared(db, sql`select 2 as two`.compile(db));
    await db.executeQuery(CompiledQuery.raw('select $1::int as n', [5]));
    const prepared = await sql<{ name: string; statement: string; calls: number }>`
      select name, statement, generic_plans + custom_plans as calls from pg_prepared_statements order by statement`.execute(db);
    assert.equal(prepared.rows.length, 2, JSON.stringify(prepared.rows));
    assert.ok(prepared.rows.every((r) => /^fp_[0-9a-f]{24}$/.test(r.name)));
    assert.deepEqual(prepared.rows.map((r) => [r.statement.replace(/\s+/g, ' '), r.calls]), [
      ['/* prepared */ select $1::int as n, $2::text as s', 8],
      ['/* prepared */ select 2 as two', 1],
    ]);
  });
});

test('a failing prepared statement reports its error and leaves the connection usable', async () => {
  await t.db.connection().execute(async (db) => {
    await assert.rejects(runPrepared(db, sql`select 1 / ${0}::int`.compile(db)), /division by zero/);
    await assert.rejects(runPrepared(db, sql`select 1 / ${0}::int`.compile(db)), /division by zero/);
    assert.deepEqual((await runPrepared(db, sql<{ n: number }>`select ${4}::int as n`.compile(db))).rows, [{ n: 4 }]);
  });
});

test('DB_PREPARED_STATEMENTS=false: marked statements run unnamed (for a pooler in transaction mode)', async () => {
  assert.equal(loadConfig({}).dbPreparedStatements, true);
  assert.equal(loadConfig({ DB_PREPARED_STATEMENTS: 'false' }).dbPreparedStatements, false);
  assert.throws(() => loadConfig({ DB_PREPARED_STATEMENTS: 'sometimes' }), /DB_PREPARED_STATEMENTS must be true or false/);
  const pool = createPool({ connectionString: t.url, max: 1 }, { prepared: false });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await db.connection().execute(async (c) => {
      for (let n = 1; n <= 3; n++) assert.deepEqual((await runPrepared(c, sql<{ n: number }>`select ${n}::int as n`.compile(c))).rows, [{ n }]);
      const prepared = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(c);
      assert.equal(prepared.rows[0]!.n, 0);
    });
  } finally {
    await db.destroy();
  }
});
