import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { createPool } from '../src/db/prepared.js';
import { dispatchImport, startImportWorker } from '../src/modules/imports/job/worker.js';
import { as, login, testCipher } from './helpers/app.js';
import { connect } from '../src/db/database.js';
import { buildApp } from '../src/server/app.js';
import { createJob } from '../src/modules/imports/job/create.js';
import { type ImportProgress } from '../src/modules/imports/job/record.js';
import { importFile } from '../src/modules/imports/pipeline/import-file.js';
import { sniffFile } from '../src/modules/imports/parse/sniff.js';
import { loadConfig } from '../src/core/config.js';
import { migrate } from '../src/db/migrate.js';
import { clerk, clerkActor, count, csv, ctx, dataDir, deps, family, setupImportsFixture } from './helpers/imports.js';

/**
 * An import large next to the registry writes households and members with their indexes built afterwards
 * (db/bulk-indexes.ts). The threshold is lowered here so that a few families count as large.
 */
setupImportsFixture({ tmpPrefix: 'fangpin-bulk-import-', householdPrefix: 'BLK' });

function writeTmp(name: string, content: string): string {
  const p = path.join(dataDir, 'src', name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

async function registryShape(): Promise<string[]> {
  const r = await sql<{ d: string }>`
    select pg_get_indexdef(indexrelid) as d from pg_index where indrelid in ('households'::regclass, 'members'::regclass)
    union all
    select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where conrelid in ('households'::regclass, 'members'::regclass)
    order by 1`.execute(ctx.db);
  return r.rows.map((x) => x.d);
}

async function lastImportAudit(jobId: number): Promise<{ bulk?: string[] }> {
  const a = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'registry.import').where('target_id', '=', String(jobId)).executeTakeFirstOrThrow();
  return a.detail as { bulk?: string[] };
}

test('a first load goes in with the indexes rebuilt: same indexes and constraints after, the people findable; a small load afterwards does not', async () => {
  const shape0 = await registryShape();
  const families = Array.from({ length: 6 }, (_, i) => family({ size: 3, head: undefined, address: `大桥沟村${i + 1}号` }));
  const steps: string[] = [];
  // Whether the households and the members are written without their indexes, as their steps say (for the bar).
  const bulkSteps = (into: string[]) => (p: ImportProgress) => {
    if (p.step === 'households' || p.step === 'members') into.push(`${p.step} ${p.stepBulk}`);
  };
  const firstBulk: string[] = [];
  const first = await importFile(deps, clerkActor, writeTmp('first.csv', csv(families.flat())), {
    report: false,
    bulkMinRows: 1,
    onProgress: (p) => {
      const s = `${p.phase} ${p.step}${p.stepTotal ? ` ${p.stepDone}/${p.stepTotal}` : ''}`;
      if (steps.at(-1) !== s) steps.push(s);
      bulkSteps(firstBulk)(p);
    },
  });
  assert.equal(first.state, 'done', JSON.stringify(first.error ?? first.problems));
  // The progress bar's steps, in order; the index builds one by one (the dry run leaves the registry checks to the
  // commit that follows at once).
  const hIdx = steps.filter((s) => s.startsWith('importing households_indexes'));
  const mIdx = steps.filter((s) => s.startsWith('importing members_indexes'));
  assert.ok(hIdx.length >= 2 && mIdx.length >= 3, steps.join(' → '));
  assert.deepEqual(hIdx.map((s) => s.split(' ')[2]), hIdx.map((_, i) => `${i}/${hIdx.length - 1}`));
  assert.deepEqual(mIdx.map((s) => s.split(' ')[2]), mIdx.map((_, i) => `${i}/${mIdx.length - 1}`));
  assert.deepEqual(
    steps.filter((s) => !s.includes('_indexes')),
    ['checking read', 'checking file_checks', 'importing registry_checks', 'importing households', 'importing members', 'importing history'],
  );
  assert.deepEqual(steps.slice(4, 4 + hIdx.length), hIdx, 'the households’ indexes are built before the members are written');
  assert.deepEqual((await lastImportAudit(first.jobId)).bulk, ['households', 'members']);
  assert.deepEqual([...new Set(firstBulk)], ['households true', 'members true']);
  assert.deepEqual(await registryShape(), shape0, 'every index and constraint is back as it was');
  assert.equal(await count('households'), 6);
  assert.equal(await count('members'), 18);

  // Found through the indexes: by initials and by household number; the totals are the file's.
  const r = await as(ctx.app, clerk, 'GET', `/api/households?q=zjg`);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().total, 6);
  const no = families[2]![0]![0]!;
  const byNo = await as(ctx.app, clerk, 'GET', `/api/households?q=${encodeURIComponent(no)}`);
  assert.deepEqual(byNo.json().items.map((i: { householdNo: string }) => i.householdNo), [no]);
  const h = await ctx.db.selectFrom('households').select(['member_count', 'head_name']).where('household_no', '=', no).executeTakeFirstOrThrow();
  assert.deepEqual(h, { member_count: 3, head_name: '张建国' });

  // The rebuilt unique index still refuses a second active record of a person.
  const person = await ctx.db.selectFrom('members').select(['id_idx', 'id_enc', 'household_id']).limit(1).executeTakeFirstOrThrow();
  await assert.rejects(
    ctx.db.insertInto('members').values({ household_id: person.household_id, village_code: '140430103207', id_enc: person.id_enc, id_idx: person.id_idx, id_masked: 'x', name: '重复', name_pinyin: 'chongfu', name_initials: 'cf', relation: 'other', gender: 'M', birth_date: '1970-03-01' } as never).execute(),
    { code: '23505' },
  );

  // Two more families next to six: not a bulk load; the registry is written with its indexes in place.
  const secondBulk: string[] = [];
  const second = await importFile(deps, clerkActor, writeTmp('second.csv', csv([...family(), ...family()])), { report: false, bulkMinRows: 1, onProgress: bulkSteps(secondBulk) });
  assert.equal(second.state, 'done');
  assert.equal((await lastImportAudit(second.jobId)).bulk, undefined);
  assert.deepEqual([...new Set(secondBulk)], ['households false', 'members false']);
  assert.equal(await count('households'), 8);
  assert.deepEqual(await registryShape(), shape0);
});

test('without the lowered threshold a small import never drops an index', async () => {
  const shape0 = await registryShape();
  const s = await importFile(deps, clerkActor, writeTmp('small.csv', csv(family())), { report: false });
  assert.equal(s.state, 'done');
  assert.equal((await lastImportAudit(s.jobId)).bulk, undefined);
  assert.deepEqual(await registryShape(), shape0);
});

test('a first load in the background worker locks the registry; requests waiting for it fill their own pool; the import still finishes, then they do', async () => {
  // The requests' pool, small, and the jobs' pool apart from it, as the server has them (main.ts, backgroundPool).
  const pools = [createPool({ connectionString: ctx.url, max: 2 }), createPool({ connectionString: ctx.url, max: 4 })];
  for (const p of pools) p.on('error', () => {});
  const [appDb, jobDb] = pools.map((pool) => new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })) as [Kysely<DB>, Kysely<DB>];
  const appDeps = { ...deps, db: appDb, config: { ...deps.config, importBulkMinRows: 1 } };
  const members0 = await count('members');
  const families = Array.from({ length: 15 }, () => family({ size: 3 }));
  assert.ok(families.length * 3 >= members0, 'the file at least doubles the registry');
  const checked = await importFile({ ...appDeps, db: jobDb }, clerkActor, writeTmp('worker.csv', csv(families.flat())), { dryRun: true, report: false });
  assert.equal(checked.state, 'checked');

  // The members' insert takes a moment, so that the requests below come while the tables are locked.
  await sql`create function fp_test_slow() returns trigger language plpgsql as $$ begin perform pg_sleep(1.5); return null; end $$`.execute(ctx.db);
  await sql`create trigger fp_test_slow after insert on members for each statement execute function fp_test_slow()`.execute(ctx.db);
  const worker = await startImportWorker(appDeps, () => {}, { jobDb });
  try {
    await dispatchImport(appDeps, { jobId: checked.jobId, action: 'commit', mode: 'all_or_nothing' });
    let locked = false;
    for (let i = 0; i < 200 && !locked; i++) {
      const r = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where c.relname = 'members' and l.mode = 'AccessExclusiveLock' and l.granted`.execute(ctx.db);
      locked = r.rows[0]!.n > 0;
      if (!locked) await new Promise((res) => setTimeout(res, 25));
    }
    assert.ok(locked, 'the import took the members table');
    // Two reads of the registry: they wait for the import and hold both of their pool's connections meanwhile.
    const reads = [0, 1].map(() => appDb.selectFrom('members').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow());
    let state = '';
    for (let i = 0; i < 300 && state !== 'done' && state !== 'failed'; i++) {
      state = (await ctx.db.selectFrom('import_jobs').select('state').where('id', '=', checked.jobId).executeTakeFirstOrThrow()).state;
      if (state !== 'done') await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(state, 'done');
    assert.deepEqual((await Promise.all(reads)).map((r) => r.n), [members0 + 45, members0 + 45]);
    assert.deepEqual((await lastImportAudit(checked.jobId)).bulk, ['households', 'members']);
  } finally {
    await worker.stop();
    await sql`drop trigger fp_test_slow on members`.execute(ctx.db);
    await sql`drop function fp_test_slow()`.execute(ctx.db);
    await appDb.destroy();
    await jobDb.destroy();
  }
});

test('a request that meets a locked registry answers DB_BUSY (503, zh and en) after REQUEST_LOCK_TIMEOUT_S instead of hanging', async () => {
  // The server's request pool as main.ts opens it (openDatabase with requests: true), its timeout shortened.
  const conn = await connect({ databaseUrl: ctx.url, dataDir, lockTimeoutMs: 300, poolSize: 2 });
  const app = await buildApp({ db: conn.db, config: ctx.config, databaseMode: 'external', version: 'test', cipher: testCipher }, { logger: false });
  await app.ready();
  const lock = await ctx.pool.connect();
  try {
    const s = await login(app, clerkActor.user.username);
    // What a first load holds until it commits (bulk-indexes.ts).
    await lock.query('begin');
    await lock.query('lock table members in access exclusive mode');
    const t0 = Date.now();
    const zh = await as(app, s, 'GET', '/api/households?q=zjg');
    assert.equal(zh.statusCode, 503, zh.body);
    assert.equal(zh.json().code, 'DB_BUSY');
    assert.match(zh.json().message, /批量写入.*稍后再试/);
    assert.ok(Date.now() - t0 < 3000, `answered after ${Date.now() - t0} ms`);
    const en = await app.inject({ method: 'GET', url: '/api/households?q=zjg', headers: { cookie: s.cookie, 'accept-language': 'en' } });
    assert.equal(en.statusCode, 503);
    assert.match(en.json().message, /try again/);
    await lock.query('rollback');
    const ok = await as(app, s, 'GET', '/api/households?q=zjg');
    assert.equal(ok.statusCode, 200, ok.body);
  } finally {
    await lock.query('rollback').catch(() => {});
    lock.release();
    await app.close();
    await conn.close();
  }
});

test('REQUEST_LOCK_TIMEOUT_S: 5 s by default, 0 for no limit; migrations still wait on a pool that has one', async () => {
  assert.equal(loadConfig({}).requestLockTimeoutMs, 5000);
  assert.equal(loadConfig({ REQUEST_LOCK_TIMEOUT_S: '0' }).requestLockTimeoutMs, 0);
  assert.throws(() => loadConfig({ REQUEST_LOCK_TIMEOUT_S: 'x' }), /REQUEST_LOCK_TIMEOUT_S/);
  const conn = await connect({ databaseUrl: ctx.url, dataDir, lockTimeoutMs: 200, poolSize: 1 });
  const lock = await ctx.pool.connect();
  try {
    await lock.query('begin');
    await lock.query('lock table areas in access share mode');
    const dir = fs.mkdtempSync(path.join(dataDir, 'mig-'));
    fs.writeFileSync(path.join(dir, '9001_lock_test.sql'), 'alter table areas add column fp_lock_test int;');
    const migrating = migrate(conn.pool, dir);
    await new Promise((res) => setTimeout(res, 600));
    await lock.query('rollback');
    assert.deepEqual(await migrating, ['9001_lock_test'], 'waited past the pool\'s 200 ms for the lock');
    await sql`alter table areas drop column fp_lock_test`.execute(ctx.db);
    await sql`delete from schema_migrations where version = '9001_lock_test'`.execute(ctx.db);
  } finally {
    await lock.query('rollback').catch(() => {});
    lock.release();
    await conn.close();
  }
});

test('a running job shows its step, and its percentage moves with the step and within it', async () => {
  const file = writeTmp('steps.csv', csv(family()));
  const id = await createJob(deps, clerkActor, { fileName: 'steps.csv', filePath: file, info: await sniffFile(file) });
  const at = new Date(Date.now() - 5000).toISOString();
  const progressOf = async (set: Record<string, unknown>) => {
    await ctx.db.updateTable('import_jobs').set(set).where('id', '=', id).execute();
    const r = await as(ctx.app, clerk, 'GET', `/api/imports/${id}`);
    assert.equal(r.statusCode, 200, r.body);
    return r.json().progress as { percent: number; step: { name: string; at: string; done?: number; total?: number } | null };
  };
  const size = fs.statSync(file).size;
  const step = (name: string, more: object = {}) => JSON.stringify({ name, at, ...more });
  const reading = await progressOf({ state: 'checking', bytes_read: Math.round(size / 2), step: step('read') });
  assert.ok(Math.abs(reading.percent - 40) <= 0.5, String(reading.percent));
  assert.deepEqual(reading.step, { name: 'read', at });
  assert.equal((await progressOf({ step: step('file_checks') })).percent, 80);
  assert.equal((await progressOf({ step: step('registry_checks') })).percent, 90);
  assert.equal((await progressOf({ state: 'importing', rows_total: 100, rows_written: 0, step: null })).percent, 0);
  assert.equal((await progressOf({ step: step('registry_checks') })).percent, 0);
  assert.equal((await progressOf({ rows_written: 50, step: step('members') })).percent, 43.5);
  assert.equal((await progressOf({ rows_written: 50, step: step('members', { bulk: true }) })).percent, 43.5);
  // Not a first load: the members go into their indexes row by row and no index step follows; their share of the
  // bar runs on to where the history starts (88 %), instead of stopping at 65 % and jumping.
  const indexed = await progressOf({ rows_written: 50, step: step('members', { bulk: false }) });
  assert.equal(indexed.percent, 55);
  assert.deepEqual(indexed.step, { name: 'members', at, bulk: false });
  assert.equal((await progressOf({ rows_written: 100, step: step('members', { bulk: false }) })).percent, 88);
  assert.equal((await progressOf({ step: step('history') })).percent, 88);
  const indexes = await progressOf({ rows_written: 100, step: step('members_indexes', { done: 3, total: 6 }) });
  assert.equal(indexes.percent, 76.5);
  assert.deepEqual(indexes.step, { name: 'members_indexes', at, done: 3, total: 6 });
  const done = await progressOf({ state: 'done' });
  assert.deepEqual([done.percent, done.step], [100, null], 'a finished job has no step');
});