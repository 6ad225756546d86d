/**
 * A server killed while an import runs (issue 14): at the next start the job is marked interrupted at once when the
 * process that ran it (on this host) is gone — not 30 minutes later — and it can be checked again or cancelled.
 * A job another live process is running is left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { as } from './helpers/app.js';
import { setupImportsFixture, ctx, deps, clerk, uploadJob, settled, family, csv, count } from './helpers/imports.js';
import { cleanupImports } from '../src/modules/imports/job/housekeeping.js';
import { workerGone, workerId } from '../src/modules/imports/job/worker-identity.js';

setupImportsFixture({ tmpPrefix: 'fp-int-', householdPrefix: 'INT' });

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

test('the worker identity: this process alive, an ended one gone, another host unknown', () => {
  assert.equal(workerGone(workerId()), false);
  assert.equal(workerGone(workerId(process.ppid)), false, 'the parent runs');
  const dead = deadPid();
  assert.equal(workerGone(`${workerId(dead).split(':')[0]}:${dead}:0`), true);
  // The pid given to another process since: its start time differs.
  const [host, pid] = workerId(process.ppid).split(':');
  assert.equal(workerGone(`${host}:${pid}:1`), true);
  assert.equal(workerGone(`elsewhere:${dead}:0`), false, 'another host: its age decides');
  assert.equal(workerGone(null), false);
});

test('a job left importing by a killed process is interrupted at the next start, and can be checked again', async () => {
  const id = await uploadJob(clerk, 'int.csv', csv(family()));
  assert.equal((await settled(clerk, id)).state, 'checked');
  const before = await count('households');
  // What a server killed during the commit leaves: the job importing, just updated, its process gone.
  const dead = deadPid();
  await ctx.db.updateTable('import_jobs').set({ state: 'importing', worker: `${workerId(dead).split(':')[0]}:${dead}:0`, updated_at: new Date() }).where('id', '=', id).execute();
  // And one a live process is running now.
  const other = await uploadJob(clerk, 'live.csv', csv(family()));
  await settled(clerk, other);
  await ctx.db.updateTable('import_jobs').set({ state: 'importing', worker: workerId(process.ppid), updated_at: new Date() }).where('id', '=', other).execute();

  const r = await cleanupImports(deps);
  assert.equal(r.interrupted, 1);
  const job = (await as(ctx.app, clerk, 'GET', `/api/imports/${id}`)).json();
  assert.equal(job.state, 'failed');
  assert.equal(job.error?.code, 'IMPORT_INTERRUPTED');
  assert.equal(await count('households'), before, 'nothing half-written');
  const live = (await as(ctx.app, clerk, 'GET', `/api/imports/${other}`)).json();
  assert.equal(live.state, 'importing', 'a live process’s job is left alone');

  const again = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/check`, {});
  assert.ok([200, 202].includes(again.statusCode), again.body);
  assert.equal((await settled(clerk, id)).state, 'checked', 'checked again from the file');
});
