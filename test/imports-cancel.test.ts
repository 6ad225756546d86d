import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { as, login, makeUser, type Session } from './helpers/app.js';
import { urlFor } from './helpers/db.js';
import pg from '../src/db/pg-types.js';
import { checkChar } from '../src/core/idcard.js';
import { ConfigError, loadConfig } from '../src/core/config.js';
import { cleanupImports } from '../src/modules/imports/job/housekeeping.js';
import { createJob } from '../src/modules/imports/job/create.js';
import { importFile } from '../src/modules/imports/pipeline/import-file.js';
import { runCheck } from '../src/modules/imports/pipeline/check.js';
import { dispatchImport, importsIdle, runTask, startImportWorker } from '../src/modules/imports/job/worker.js';
import { abortRun, interruptJobStatement, jobConnectionName, trackRun } from '../src/modules/imports/job/run-control.js';
import { cancelJob } from '../src/modules/imports/job/cancel.js';
import { progressWriter } from '../src/modules/imports/job/progress.js';
import { sniffFile } from '../src/modules/imports/parse/sniff.js';
import { clerk, clerkActor, count, county, csv, ctx, dataDir, deps, family, HEADER, otherClerk, settled, setupImportsFixture, uploadJob, VILLAGE } from './helpers/imports.js';

/** 取消导入 (POST /api/imports/:id/cancel) and the retention of uploads and reports (IMPORT_RETENTION_DAYS). */
setupImportsFixture({ tmpPrefix: 'fangpin-imports-cancel-', householdPrefix: 'CXL' });
let importsDir: string;
before(() => {
  importsDir = path.join(dataDir, 'imports');
});

/** `n` members in households of two, with distinct valid ID numbers. */
function bigCsv(n: number): string {
  const base = Date.UTC(1950, 0, 1);
  const lines = [HEADER.join(',')];
  for (let i = 0; i < n; i++) {
    const d = new Date(base + Math.floor(i / 400) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `140430${d}${String((i % 400) * 2 + 101).padStart(3, '0')}`;
    const no = `CXB${String(Math.floor(i / 2)).padStart(7, '0')}`;
    lines.push([no, '新店镇', '大桥沟村', i % 2 ? '王小二' : '王大山', first17 + checkChar(first17), i % 2 ? '之兄弟姐妹' : '户主', '', '一般农户', '', '12000', '1200', '0', '健康', '', ''].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** A job uploaded and checked (dry run done), with its files on disk. */
async function checkedJob(s: Session = clerk): Promise<number> {
  const id = await uploadJob(s, '取消测试.csv', csv([...family(), ...family()]));
  const job = await settled(s, id);
  assert.equal(job.state, 'checked', JSON.stringify(job.error));
  return id;
}

async function row(id: number) {
  return ctx.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function stageTables(id: number): Promise<string[]> {
  const r = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'import_stage' and tablename in (${`job_${id}`}, ${`job_${id}_hh`}) order by 1`.execute(ctx.db);
  return r.rows.map((x) => x.t);
}

/** The report route in a given language. */
function reportAs(s: Session, id: number, lang: 'zh' | 'en') {
  return ctx.app.inject({ method: 'GET', url: `/api/imports/${id}/report`, headers: { cookie: s.cookie, 'accept-language': lang === 'en' ? 'en-US,en;q=0.9' : 'zh-CN,zh;q=0.9' } });
}

test('IMPORT_RETENTION_DAYS: default 30, a whole number from 1 to 3650', () => {
  assert.equal(loadConfig({ DATA_DIR: dataDir }).importRetentionDays, 30);
  assert.equal(loadConfig({ DATA_DIR: dataDir, IMPORT_RETENTION_DAYS: '7' }).importRetentionDays, 7);
  assert.throws(() => loadConfig({ DATA_DIR: dataDir, IMPORT_RETENTION_DAYS: '0' }), (e: Error) => e instanceof ConfigError && /IMPORT_RETENTION_DAYS must be between 1 and 3650, got 0/.test(e.message));
  assert.throws(() => loadConfig({ DATA_DIR: dataDir, IMPORT_RETENTION_DAYS: '2 weeks' }), (e: Error) => e instanceof ConfigError && /IMPORT_RETENTION_DAYS must be a whole number/.test(e.message));
  assert.throws(() => loadConfig({ DATA_DIR: dataDir, IMPORT_RETENTION_DAYS: '3651' }), ConfigError);
});

test('cancel a checked job: state cancelled, staging dropped, upload and report deleted, one audit entry, registry untouched', async () => {
  const households0 = await count('households');
  const id = await checkedJob();
  const before = await row(id);
  assert.deepEqual(await stageTables(id), [`job_${id}`, `job_${id}_hh`]);
  assert.ok(before.report_path && fs.existsSync(before.report_path), 'the dry run wrote a report');
  assert.ok(fs.existsSync(before.file_path));
  assert.equal(path.dirname(before.file_path), importsDir);
  const files0 = fs.readdirSync(importsDir).length;
  assert.equal((await as(ctx.app, clerk, 'GET', `/api/imports/${id}`)).json().cancellable, true, 'the UI offers the cancel');

  const r = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/cancel`);
  assert.equal(r.statusCode, 200, r.body);
  const job = r.json();
  assert.equal(job.state, 'cancelled');
  assert.equal(job.reportReady, false);
  assert.equal(job.cancellable, false);
  assert.ok(job.filesRemovedAt && Date.now() - Date.parse(job.filesRemovedAt) < 60_000, job.filesRemovedAt);
  assert.equal(job.counts.rows.total, 4, 'the record of the dry run stays');

  assert.deepEqual(await stageTables(id), []);
  assert.equal(fs.existsSync(before.file_path), false);
  assert.equal(fs.existsSync(before.report_path!), false);
  assert.equal(fs.readdirSync(importsDir).length, files0 - 2);
  const after = await row(id);
  assert.equal(after.state, 'cancelled');
  assert.equal(after.report_path, null);
  assert.equal(await count('households'), households0);

  const audits = await ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', String(id)).where('action', 'like', '%cancel%').execute();
  assert.equal(audits.length, 1, 'one entry: the route does not add a second one');
  assert.equal(audits[0]!.action, 'registry.import_cancel');
  assert.equal(audits[0]!.target_type, 'import_job');
  assert.equal(audits[0]!.username, clerk.user.username);
  assert.equal(audits[0]!.outcome, 'ok');
  assert.deepEqual(audits[0]!.detail, { file: '取消测试.csv', state: 'checked' });

  // Cancelled is final: no commit, no re-check, no report, no second cancel; listed as cancelled.
  const commit = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/commit`, { mode: 'valid_only' });
  assert.equal(commit.statusCode, 409);
  assert.equal(commit.json().code, 'IMPORT_STATE');
  assert.equal((await as(ctx.app, clerk, 'POST', `/api/imports/${id}/check`, {})).json().code, 'IMPORT_STATE');
  const rep = await as(ctx.app, clerk, 'GET', `/api/imports/${id}/report`);
  assert.equal(rep.statusCode, 409);
  assert.equal(rep.json().code, 'IMPORT_STATE');
  const again = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/cancel`);
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'IMPORT_NOT_CANCELLABLE');
  assert.equal(again.json().message, '导入任务已取消，不能取消（只能取消尚未开始写入的导入）');
  const listed = (await as(ctx.app, clerk, 'GET', '/api/imports?state=cancelled')).json();
  assert.deepEqual(listed.items.map((j: { id: number }) => j.id).filter((x: number) => x === id), [id]);
  assert.ok(listed.items.every((j: { state: string }) => j.state === 'cancelled'));
  // The database refuses to bring it back, whatever the code path.
  await assert.rejects(ctx.db.updateTable('import_jobs').set({ state: 'checked' }).where('id', '=', id).execute(), /import job \d+ was cancelled/);
});

test('cancel is refused for a done job (IMPORT_NOT_CANCELLABLE, zh and en), and the job and its report stay', async () => {
  const id = await checkedJob();
  assert.equal((await as(ctx.app, clerk, 'POST', `/api/imports/${id}/commit`, { mode: 'all_or_nothing' })).statusCode, 202);
  assert.equal((await settled(clerk, id)).state, 'done');
  assert.equal((await as(ctx.app, clerk, 'GET', `/api/imports/${id}`)).json().cancellable, false);
  const zh = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/cancel`);
  assert.equal(zh.statusCode, 409);
  assert.deepEqual(zh.json(), { code: 'IMPORT_NOT_CANCELLABLE', message: '导入任务已导入完成，不能取消（只能取消尚未开始写入的导入）' });
  const en = await ctx.app.inject({ method: 'POST', url: `/api/imports/${id}/cancel`, headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf, 'accept-language': 'en' } });
  assert.deepEqual(en.json(), { code: 'IMPORT_NOT_CANCELLABLE', message: 'The import job is already imported: it cannot be cancelled (only an import not yet being written can)' });
  const j = await row(id);
  assert.equal(j.state, 'done');
  assert.equal(j.files_removed_at, null);
  assert.ok(fs.existsSync(j.report_path!));
  assert.equal((await as(ctx.app, clerk, 'GET', `/api/imports/${id}/report`)).statusCode, 200);
  // The refused attempts are in the audit log as failures (the audit net), not as cancels.
  const audits = await ctx.db.selectFrom('audit_log').select(['action', 'outcome', 'detail']).where('target_id', '=', String(id)).where('action', 'like', '%cancel%').orderBy('seq').execute();
  assert.deepEqual(audits.map((a) => [a.action, a.outcome, (a.detail as { code?: string }).code]), [
    ['POST /api/imports/:id/cancel', 'fail', 'IMPORT_NOT_CANCELLABLE'],
    ['POST /api/imports/:id/cancel', 'fail', 'IMPORT_NOT_CANCELLABLE'],
  ]);
  // An import being written cannot be cancelled either.
  await ctx.db.updateTable('import_jobs').set({ state: 'importing', finished_at: null }).where('id', '=', id).execute();
  const importing = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/cancel`);
  assert.equal(importing.json().message, '导入任务正在写入农户信息库，不能取消（只能取消尚未开始写入的导入）');
  await ctx.db.updateTable('import_jobs').set({ state: 'done' }).where('id', '=', id).execute();
});

test('scope: another village’s clerk cannot cancel (403 OUT_OF_SCOPE), a helper has no permission; the county can', async () => {
  const id = await checkedJob();
  const r = await as(ctx.app, otherClerk, 'POST', `/api/imports/${id}/cancel`);
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'OUT_OF_SCOPE');
  const helper = await login(ctx.app, (await makeUser(ctx, { role: 'helper', area: VILLAGE })).username);
  const h = await as(ctx.app, helper, 'POST', `/api/imports/${id}/cancel`);
  assert.equal(h.statusCode, 403);
  assert.equal(h.json().code, 'FORBIDDEN');
  assert.equal((await as(ctx.app, clerk, 'POST', '/api/imports/99999999/cancel')).json().code, 'IMPORT_NOT_FOUND');
  let j = await row(id);
  assert.equal(j.state, 'checked');
  assert.ok(fs.existsSync(j.file_path) && fs.existsSync(j.report_path!));
  assert.equal((await stageTables(id)).length, 2);

  const c = await as(ctx.app, county, 'POST', `/api/imports/${id}/cancel`);
  assert.equal(c.statusCode, 200, c.body);
  j = await row(id);
  assert.equal(j.state, 'cancelled');
  assert.equal(fs.existsSync(j.file_path), false);
});

/**
 * A dry run held at a known point: the test creates the job's staging table itself and locks it, so the dry run's
 * createStage (its `drop table if exists`) waits — after the header, before the first row is staged. A cancel sent
 * meanwhile reaches the running job at once and then waits in its own drop; releasing the lock lets both go on.
 */
async function heldJob(rows: number, name: string) {
  const file = path.join(importsDir, `${name}.csv`);
  fs.writeFileSync(file, bigCsv(rows), { mode: 0o600 });
  const id = await createJob(deps, clerkActor, { fileName: `${name}.csv`, filePath: file, info: await sniffFile(file) });
  await sql.raw(`create table import_stage.job_${id} (x int)`).execute(ctx.db);
  const lock = await ctx.pool.connect();
  await lock.query('begin');
  await lock.query(`lock table import_stage.job_${id} in access exclusive mode`);
  // Sessions waiting for that table: the dry run's drop, then the cancel's.
  const waitingDrops = async (n: number) => {
    for (let i = 0; i < 3000; i++) {
      const r = await lock.query<{ n: number }>(`select count(*)::int as n from pg_locks where not granted and relation = $1::regclass`, [`import_stage.job_${id}`]);
      if (r.rows[0]!.n >= n) return;
      await new Promise((res) => setTimeout(res, 10));
    }
    throw new Error(`no ${n} sessions waiting for job ${id}'s staging table`);
  };
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await lock.query('rollback');
    lock.release();
  };
  return { id, file, waitingDrops, release };
}

test('cancelling a running dry run stops it at its next chunk; nothing is left behind', async () => {
  const ROWS = 30_000;
  const households0 = await count('households');
  const held = await heldJob(ROWS, 'gross');
  let cancel: ReturnType<typeof as> | undefined;
  try {
    // The background task, as the upload route queues it (in this process: runTask, in-process chain).
    await dispatchImport(deps, { jobId: held.id, action: 'check' });
    await held.waitingDrops(1); // the dry run, in createStage
    assert.equal((await row(held.id)).state, 'checking');
    cancel = as(ctx.app, clerk, 'POST', `/api/imports/${held.id}/cancel`);
    await held.waitingDrops(2); // the cancel: state and audit committed, the running job told, now dropping
    assert.equal((await row(held.id)).state, 'cancelled');
  } finally {
    await held.release();
  }
  const r = await cancel!;
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().state, 'cancelled');
  const t0 = Date.now();
  await importsIdle(deps);
  const stoppedMs = Date.now() - t0;

  const j = await row(held.id);
  assert.equal(j.state, 'cancelled');
  assert.equal(j.error_code, null, 'not recorded as a failure');
  // It stopped at its first chunk of 5,000 rows: before the first progress write, which would have said 5,000.
  assert.equal(j.rows_checked, 0);
  assert.equal(j.checked_at, null);
  assert.equal(j.counts, null);
  assert.equal(j.report_path, null);
  assert.ok(j.files_removed_at);
  assert.deepEqual(await stageTables(held.id), []);
  assert.equal(fs.existsSync(held.file), false);
  assert.deepEqual(fs.readdirSync(importsDir).filter((f) => f.includes(`-${held.id}.report`)), []);
  assert.equal(await count('households'), households0);
  console.log(`# the dry run had stopped ${stoppedMs} ms after the cancel's answer`);
});

test('a cancel while the dry run writes its report stops it within 10,000 rows: no report, no temporary file', async () => {
  const ROWS = 40_000;
  const file = path.join(importsDir, 'late.csv');
  fs.writeFileSync(file, bigCsv(ROWS), { mode: 0o600 });
  const id = await createJob(deps, clerkActor, { fileName: 'late.csv', filePath: file, info: await sniffFile(file) });
  const run = trackRun(id); // as runTask does: the cancel reaches this process's run at once
  const phases: string[] = [];
  let cancelling: Promise<void> | undefined;
  try {
    // Stopped by the report's checkpoint (IMPORT_CANCELLED), or, when the cancel got as far as dropping the staging
    // tables first, by the report's next read of them (42P01): either way the dry run ends there.
    await assert.rejects(
      runCheck(deps, id, {
        onProgress: (p) => {
          if (phases.at(-1) !== p.phase) phases.push(p.phase);
          if (p.phase === 'report') cancelling ??= cancelJob(deps, null, id);
        },
      }),
      (e: { code?: string }) => e.code === 'IMPORT_CANCELLED' || e.code === '42P01',
    );
  } finally {
    run.done();
  }
  await cancelling;
  assert.deepEqual(phases, ['checking', 'report']);
  const j = await row(id);
  assert.equal(j.state, 'cancelled');
  assert.equal(j.report_path, null);
  assert.deepEqual(fs.readdirSync(importsDir).filter((f) => f.startsWith('late')), [], 'neither the report nor its .tmp');
  assert.deepEqual(await stageTables(id), []);
});

test('a cancel interrupts the statement the dry run is running, also when the dry run runs in another process', async () => {
  const ROWS = 10_000;
  const file = path.join(importsDir, 'stmt.csv');
  fs.writeFileSync(file, bigCsv(ROWS), { mode: 0o600 });
  const id = await createJob(deps, clerkActor, { fileName: 'stmt.csv', filePath: file, info: await sniffFile(file) });
  // No trackRun: as if the dry run ran in another process, only the database can reach it.
  // The households table locked: the check's first statement against the registry waits — a long statement, for as
  // long as the test wants. Taken before the dry run starts, which reads nothing of it before that statement.
  const lock = await ctx.pool.connect();
  await lock.query('begin');
  await lock.query('lock table households in access exclusive mode');
  const checking = runCheck(deps, id).then(
    () => 'finished',
    (e: { code?: string }) => e.code ?? 'error',
  );
  let cancelling: Promise<void> | undefined;
  try {
    // Polled from outside the lock's transaction: pg_stat_activity is read once per transaction.
    for (let i = 0; ; i++) {
      const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where application_name = ${`fangpin-import-${id}`} and datname = current_database() and wait_event_type = 'Lock'`.execute(ctx.db);
      if (r.rows[0]!.n === 1) break;
      assert.ok(i < 3000, 'the dry run waits in its statement, on its named connection');
      await new Promise((res) => setTimeout(res, 10));
    }
    cancelling = cancelJob(deps, null, id);
    // The statement is interrupted while the lock is still held: the dry run ends now, not when the lock goes.
    const outcome = await Promise.race([checking, new Promise((res) => setTimeout(() => res('still running'), 5000))]);
    assert.equal(outcome, '57014', 'canceling statement due to user request');
  } finally {
    await lock.query('rollback').catch(() => {});
    lock.release();
  }
  await cancelling;
  const j = await row(id);
  assert.equal(j.state, 'cancelled');
  assert.equal(j.error_code, null, 'not recorded as a failure');
  assert.deepEqual(await stageTables(id), []);
  assert.equal(fs.existsSync(file), false);
  // The connection went back to the pool under its own name.
  const named = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where application_name = ${`fangpin-import-${id}`} and datname = current_database()`.execute(ctx.db);
  assert.equal(named.rows[0]!.n, 0);
});

test('the interrupt reaches only this database: a job of the same number in another database on the server runs on', async () => {
  // Job ids are per database. Two installations on one server (or two test files in parallel) both have a job 1;
  // cancelling ours must not interrupt theirs. Found when a parallel test file's cancel failed this file's dry run.
  const JOB = 987_654;
  const sleeper = async (database: string) => {
    const c = new pg.Client({ connectionString: urlFor(database), application_name: jobConnectionName(JOB) });
    c.on('error', () => {});
    await c.connect();
    const outcome = c.query('select pg_sleep(1.5)').then(
      () => 'finished',
      (e: { code?: string }) => e.code ?? 'error',
    );
    return { c, outcome };
  };
  const elsewhere = await sleeper('postgres');
  const here = await sleeper(ctx.name);
  try {
    for (let i = 0; ; i++) {
      const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where application_name = ${jobConnectionName(JOB)} and state = 'active'`.execute(ctx.db);
      if (r.rows[0]!.n === 2) break;
      assert.ok(i < 500, 'both sleepers are running');
      await new Promise((res) => setTimeout(res, 10));
    }
    await interruptJobStatement(ctx.db, JOB);
    assert.equal(await here.outcome, '57014', 'the statement in this database is interrupted');
    assert.equal(await elsewhere.outcome, 'finished', 'the one in the other database is not');
  } finally {
    await Promise.all([here.c.end(), elsewhere.c.end()]);
  }
});

test('the cancellation point: progress of a job running here throws at once; elsewhere at the next write', async () => {
  const file = path.join(dataDir, 'flag.csv');
  fs.writeFileSync(file, csv(family()));
  const info = await sniffFile(file);
  const p = { phase: 'checking' as const, step: 'read' as const, rowsChecked: 5000, rowsWritten: 0, rowsTotal: null, bytesRead: 10, fileSize: 100 };

  // Running in this process (runTask registers it): the next call throws, even one that would not write.
  const a = await createJob(deps, clerkActor, { fileName: 'a.csv', filePath: file, info });
  await ctx.db.updateTable('import_jobs').set({ state: 'checking' }).where('id', '=', a).execute();
  const run = trackRun(a);
  const write = progressWriter(deps, a);
  await write(p);
  assert.equal((await row(a)).rows_checked, 5000);
  assert.equal(abortRun(a), true);
  await assert.rejects(write({ ...p, rowsChecked: 10_000 }), { code: 'IMPORT_CANCELLED' }); // even a call that would not write
  await assert.rejects(write({ ...p, rowsChecked: 15_000 }, true), { code: 'IMPORT_CANCELLED' });
  assert.equal((await row(a)).rows_checked, 5000, 'nothing written after the cancel');
  run.done();
  assert.equal(abortRun(a), false, 'no longer registered');

  // Running in another process: the cancel is only in the database; the next write finds it.
  const b = await createJob(deps, clerkActor, { fileName: 'b.csv', filePath: file, info });
  await ctx.db.updateTable('import_jobs').set({ state: 'checking' }).where('id', '=', b).execute();
  const writeB = progressWriter(deps, b);
  await writeB(p);
  await ctx.db.updateTable('import_jobs').set({ state: 'cancelled' }).where('id', '=', b).execute();
  await assert.rejects(writeB({ ...p, rowsChecked: 15_000 }, true), { code: 'IMPORT_CANCELLED' });
  assert.equal((await row(b)).rows_checked, 5000, 'a cancelled job’s progress is not written');
});

test('a queued task of a job cancelled before it ran does nothing (the database refuses the state change)', async () => {
  const src = path.join(dataDir, 'queued.csv');
  fs.writeFileSync(src, csv(family()));
  const upload = path.join(importsDir, 'queued-test.csv');
  fs.copyFileSync(src, upload);
  const id = await createJob(deps, clerkActor, { fileName: 'queued.csv', filePath: upload, info: await sniffFile(upload) });
  const c = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/cancel`);
  assert.equal(c.statusCode, 200, c.body);
  assert.equal(fs.existsSync(upload), false);
  // The direct call fails; the background task (runTask) stops quietly and leaves the job as it was.
  await assert.rejects(runCheck(deps, id), /was cancelled/);
  const logged: unknown[] = [];
  await runTask(deps, { jobId: id, action: 'check' }, (err) => logged.push(err));
  await runTask(deps, { jobId: id, action: 'commit', mode: 'valid_only' }, (err) => logged.push(err));
  assert.deepEqual(logged, []);
  const j = await row(id);
  assert.equal(j.state, 'cancelled');
  assert.equal(j.error_code, null);
  assert.deepEqual(await stageTables(id), []);
});

test('through pg-boss: a dry run running in the worker of this process is cancelled the same way', async () => {
  const worker = await startImportWorker(deps);
  const held = await heldJob(20_000, 'boss-gross');
  try {
    await dispatchImport(deps, { jobId: held.id, action: 'check' }); // to pg-boss: the worker picks it up
    await held.waitingDrops(1);
    const cancel = as(ctx.app, clerk, 'POST', `/api/imports/${held.id}/cancel`);
    await held.waitingDrops(2);
    await held.release();
    assert.equal((await cancel).statusCode, 200);
  } finally {
    await held.release();
    await worker.stop(); // graceful: waits for the running task
  }
  const j = await row(held.id);
  assert.equal(j.state, 'cancelled');
  assert.equal(j.error_code, null);
  assert.equal(j.rows_checked, 0);
  assert.deepEqual(await stageTables(held.id), []);
  assert.equal(fs.existsSync(held.file), false);
  const boss = await sql<{ state: string }>`select state from pgboss.job where name = 'registry-import' and data->>'jobId' = ${String(held.id)}`.execute(ctx.db);
  assert.deepEqual(boss.rows.map((r) => r.state), ['completed'], 'the worker finished the task normally');
});

test('retention: uploads and reports of final jobs older than IMPORT_RETENTION_DAYS are deleted; recent ones kept; the report answers IMPORT_REPORT_EXPIRED', async () => {
  // done (old), checked (old), failed (old), done (29 days: kept), and a command-line import whose file is the user's.
  const oldDone = await checkedJob();
  await as(ctx.app, clerk, 'POST', `/api/imports/${oldDone}/commit`, { mode: 'all_or_nothing' });
  assert.equal((await settled(clerk, oldDone)).state, 'done');
  const oldChecked = await checkedJob();
  const oldFailed = await uploadJob(clerk, 'notes.csv', '这不是表格\n只是一些文字\n');
  assert.equal((await settled(clerk, oldFailed)).state, 'failed');
  const recent = await checkedJob();
  await as(ctx.app, clerk, 'POST', `/api/imports/${recent}/commit`, { mode: 'all_or_nothing' });
  assert.equal((await settled(clerk, recent)).state, 'done');
  const cliFile = path.join(dataDir, 'cli', '命令行导入.csv');
  fs.mkdirSync(path.dirname(cliFile), { recursive: true });
  fs.writeFileSync(cliFile, csv(family()));
  const cli = await importFile(deps, null, cliFile, { dryRun: true });
  assert.equal(cli.state, 'checked');
  assert.ok(cli.reportPath && path.dirname(cli.reportPath) === importsDir);

  const old = [oldDone, oldChecked, oldFailed, cli.jobId];
  const files = new Map<number, { file: string; report: string | null }>();
  for (const id of [...old, recent]) {
    const j = await row(id);
    files.set(id, { file: j.file_path, report: j.report_path });
  }
  assert.ok(old.every((id) => fs.existsSync(files.get(id)!.file)));
  assert.equal(files.get(oldFailed)!.report, null, 'a failed dry run has no report');
  await sql`update import_jobs set updated_at = now() - interval '31 days' where id in (${sql.join(old)})`.execute(ctx.db);
  await sql`update import_jobs set updated_at = now() - interval '29 days' where id = ${recent}`.execute(ctx.db);

  const res = await cleanupImports(deps);
  assert.equal(res.expired, 4);
  for (const id of [oldDone, oldChecked, oldFailed]) {
    assert.equal(fs.existsSync(files.get(id)!.file), false, `upload of job ${id}`);
    const rp = files.get(id)!.report;
    if (rp) assert.equal(fs.existsSync(rp), false, `report of job ${id}`);
    const j = await row(id);
    assert.ok(j.files_removed_at);
    assert.equal(j.report_path, null);
  }
  assert.equal(fs.existsSync(cliFile), true, 'a command-line import’s own file is never deleted');
  assert.equal(fs.existsSync(cli.reportPath!), false, 'its report (under DATA_DIR/imports) is');
  assert.deepEqual(await stageTables(oldChecked), [], 'the staging of the old dry run is dropped');
  const kept = await row(recent);
  assert.equal(kept.files_removed_at, null);
  assert.ok(fs.existsSync(kept.file_path) && fs.existsSync(kept.report_path!));
  assert.equal((await reportAs(clerk, recent, 'zh')).statusCode, 200);
  // Nothing left to do the second time.
  assert.equal((await cleanupImports(deps)).expired, 0);

  // The API says so: no report, a clear code, no commit, no re-check.
  const dto = (await as(ctx.app, clerk, 'GET', `/api/imports/${oldDone}`)).json();
  assert.equal(dto.state, 'done');
  assert.equal(dto.reportReady, false);
  assert.ok(dto.filesRemovedAt);
  const zh = await reportAs(clerk, oldDone, 'zh');
  assert.equal(zh.statusCode, 410);
  assert.deepEqual(zh.json(), { code: 'IMPORT_REPORT_EXPIRED', message: '导入报告已超过保留期限（30 天）被删除，无法再下载' });
  const en = await reportAs(clerk, oldDone, 'en');
  assert.equal(en.json().message, 'The import report was deleted after the retention period (30 days) and can no longer be downloaded');
  const commit = await as(ctx.app, clerk, 'POST', `/api/imports/${oldChecked}/commit`, { mode: 'valid_only' });
  assert.equal(commit.statusCode, 410);
  assert.equal(commit.json().code, 'IMPORT_FILE_EXPIRED');
  assert.equal((await row(oldChecked)).state, 'checked');
  assert.equal((await as(ctx.app, clerk, 'POST', `/api/imports/${oldFailed}/check`, {})).json().code, 'IMPORT_FILE_EXPIRED');
  assert.equal((await reportAs(clerk, oldChecked, 'zh')).json().code, 'IMPORT_REPORT_EXPIRED');
});
