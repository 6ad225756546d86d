import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { refreshStatistics } from '../src/db/statistics.js';
import { createTestDb, type TestDb } from './helpers/db.js';

let t: TestDb;
before(async () => {
  t = await createTestDb({ migrate: false });
});
after(async () => {
  await t.drop();
});

const analysed = async (table: string) =>
  (await sql<{ n: number }>`select reltuples::float8 as n from pg_class where relname = ${table}`.execute(t.db)).rows[0]!.n;

test('a large write into a table the planner has not seen is analysed at once; a small one into a big table is not', async () => {
  await sql`create table stats_probe (id int primary key, name text)`.execute(t.db);
  await sql`insert into stats_probe select g, 'n' || g from generate_series(1, 20000) g`.execute(t.db);
  // Never analysed: the planner's row count is unknown (-1) until someone analyses it.
  assert.equal(await analysed('stats_probe'), -1);
  assert.deepEqual(await refreshStatistics(t.db, { stats_probe: 20000 }), ['stats_probe']);
  assert.equal(await analysed('stats_probe'), 20000);
  // 500 more rows: under a tenth of what the planner knows, left to autovacuum.
  await sql`insert into stats_probe select g, 'n' || g from generate_series(20001, 20500) g`.execute(t.db);
  assert.deepEqual(await refreshStatistics(t.db, { stats_probe: 500 }), []);
  assert.equal(await analysed('stats_probe'), 20000);
  // Nothing written, or an unknown table: nothing to do.
  assert.deepEqual(await refreshStatistics(t.db, { stats_probe: 0, no_such_table: 10 }), []);
});
