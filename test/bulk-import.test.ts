import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { as } from './helpers/app.js';
import { importFile } from '../src/features/imports/import.service.js';
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
  const first = await importFile(deps, clerkActor, writeTmp('first.csv', csv(families.flat())), { report: false, bulkMinRows: 1 });
  assert.equal(first.state, 'done', JSON.stringify(first.error ?? first.problems));
  assert.deepEqual((await lastImportAudit(first.jobId)).bulk, ['households', 'members']);
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
  const second = await importFile(deps, clerkActor, writeTmp('second.csv', csv([...family(), ...family()])), { report: false, bulkMinRows: 1 });
  assert.equal(second.state, 'done');
  assert.equal((await lastImportAudit(second.jobId)).bulk, undefined);
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
