import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import pg from '../src/db/pg-types.js';
import { isBulkLoad, suspendIndexes } from '../src/db/bulk-indexes.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { loadConfig } from '../src/core/config.js';

/** db/bulk-indexes.ts on a table of its own: what is dropped, what comes back, what a rollback or a busy table does. */
let t: TestDb;
before(async () => {
  t = await createTestDb({ migrate: false });
  await sql`create table bp (id bigint primary key)`.execute(t.db);
  await sql`
    create table bc (id bigserial primary key, parent_id bigint not null references bp (id), code text not null unique,
                     name text not null, status text not null default 'active')`.execute(t.db);
  await sql`create index bc_name_idx on bc (name text_pattern_ops) include (parent_id)`.execute(t.db);
  await sql`create unique index bc_active_name_idx on bc (name, (case when status = 'active' then 0 else id end))`.execute(t.db);
  await sql`insert into bp select g from generate_series(1, 10) g`.execute(t.db);
});
after(async () => {
  await t.drop();
});

interface Shape {
  indexes: string[];
  fks: string[];
}
async function shape(db: Kysely<DB>): Promise<Shape> {
  const ix = await sql<{ d: string }>`select pg_get_indexdef(indexrelid) as d from pg_index where indrelid = 'bc'::regclass order by 1`.execute(db);
  const fk = await sql<{ d: string }>`select conname || ' ' || pg_get_constraintdef(oid) as d from pg_constraint where conrelid = 'bc'::regclass and contype = 'f' order by 1`.execute(db);
  return { indexes: ix.rows.map((r) => r.d), fks: fk.rows.map((r) => r.d) };
}

test('secondary indexes and foreign keys are dropped for the load and built again as they were; constraint indexes stay', async () => {
  const before = await shape(t.db);
  assert.equal(before.indexes.length, 4);
  assert.equal(before.fks.length, 1);
  await t.db.transaction().execute(async (trx) => {
    const s = await suspendIndexes(trx, 'bc');
    assert.ok(s, 'the lock came');
    const during = await shape(trx);
    assert.equal(during.fks.length, 0);
    assert.deepEqual(during.indexes.sort(), before.indexes.filter((d) => /bc_pkey|bc_code_key/.test(d)).sort(), 'the primary key and the unique constraint stay');
    await sql`insert into bc (parent_id, code, name) select 1 + g % 10, 'c' || g, 'n' || g from generate_series(1, 5000) g`.execute(trx);
    await s.restore();
    assert.deepEqual(await shape(trx), before);
  });
  assert.deepEqual(await shape(t.db), before);
  // The rebuilt indexes serve queries and enforce what they enforced.
  await assert.rejects(sql`insert into bc (parent_id, code, name) values (1, 'dup', 'n1')`.execute(t.db), { code: '23505' });
  await assert.rejects(sql`insert into bc (parent_id, code, name) values (99, 'nofk', 'x')`.execute(t.db), { code: '23503' });
});

test('a rollback brings the indexes back; so does a rebuild that finds the rows breaking a unique index', async () => {
  const before = await shape(t.db);
  await assert.rejects(
    t.db.transaction().execute(async (trx) => {
      await suspendIndexes(trx, 'bc');
      throw new Error('import failed');
    }),
    /import failed/,
  );
  assert.deepEqual(await shape(t.db), before);

  const rows0 = await sql<{ n: number }>`select count(*)::int as n from bc`.execute(t.db);
  await assert.rejects(
    t.db.transaction().execute(async (trx) => {
      const s = (await suspendIndexes(trx, 'bc'))!;
      // The same active name twice: the insert cannot see it (its index is gone), the rebuild does.
      await sql`insert into bc (parent_id, code, name) values (1, 'x1', 'twice'), (2, 'x2', 'twice')`.execute(trx);
      await s.restore();
    }),
    { code: '23505' },
  );
  assert.deepEqual(await shape(t.db), before);
  assert.equal((await sql<{ n: number }>`select count(*)::int as n from bc`.execute(t.db)).rows[0]!.n, rows0.rows[0]!.n);
});

test('a table someone is reading is not taken: nothing is dropped and the transaction goes on', async () => {
  const before = await shape(t.db);
  const reader = new pg.Client({ connectionString: t.url });
  await reader.connect();
  try {
    await reader.query('begin');
    await reader.query('select count(*) from bc');
    const started = Date.now();
    await t.db.transaction().execute(async (trx) => {
      const s = await suspendIndexes(trx, 'bc', 300);
      assert.equal(s, undefined);
      assert.deepEqual(await shape(trx), before);
      // Still a working transaction, with the ordinary lock timeout again.
      await sql`insert into bc (parent_id, code, name) values (3, 'after-busy', 'after busy')`.execute(trx);
      const lt = await sql<{ v: string }>`select current_setting('lock_timeout') as v`.execute(trx);
      assert.equal(lt.rows[0]!.v, '0');
    });
    assert.ok(Date.now() - started < 5000);
  } finally {
    await reader.query('rollback');
    await reader.end();
  }
  assert.equal((await sql<{ n: number }>`select count(*)::int as n from bc where code = 'after-busy'`.execute(t.db)).rows[0]!.n, 1);
});

test('a bulk load: at least the minimum, and at least as many rows as the table holds', async () => {
  const n = (await sql<{ n: number }>`select count(*)::int as n from bc`.execute(t.db)).rows[0]!.n;
  assert.equal(await isBulkLoad(t.db, 'bc', n, 1), true);
  assert.equal(await isBulkLoad(t.db, 'bc', n - 1, 1), false);
  assert.equal(await isBulkLoad(t.db, 'bc', n * 10, n * 20), false, 'below the minimum');
  assert.equal(await isBulkLoad(t.db, 'bc', n * 10, 0), false, '0: never');
  assert.equal(loadConfig({}).importBulkMinRows, 50_000);
  assert.throws(() => loadConfig({ IMPORT_BULK_MIN_ROWS: '-1' }), /IMPORT_BULK_MIN_ROWS/);
});
