import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import { AppError } from '../errors.js';
import { runCheck } from '../pipeline/check.js';
import { runCommit } from '../pipeline/commit.js';
import type { ImportDeps, ImportMode } from './record.js';
import { discardJobFiles, isCancelled } from './housekeeping.js';
import { trackRun } from './run-control.js';
import { workerId } from './worker-identity.js';
import { setJobWorker } from '../repo.js';

/**
 * Import jobs run in the background. In the server they go through pg-boss (queue "registry-import", stored in
 * PostgreSQL, so a restart does not lose them), on the app's own connection pool. Without a started worker (tests,
 * tools) they run in this process, one after another.
 */
export const IMPORT_QUEUE = 'registry-import';

export interface ImportTask {
  jobId: number;
  action: 'check' | 'commit';
  mode?: ImportMode;
  /** Commit with a changed mapping: check the file again first. */
  recheck?: boolean;
}

type Dispatch = (task: ImportTask) => Promise<void>;
const dispatchers = new WeakMap<object, Dispatch>();
const inProcessChains = new WeakMap<object, Promise<void>>();

/**
 * Runs one task; failures are recorded on the job (state, error code), so they are not thrown again here. A task of
 * a job cancelled meanwhile stops (IMPORT_CANCELLED at its next chunk, or the database refusing its next state) and
 * deletes what it may have written since the cancel (staging tables, a report).
 */
export async function runTask(deps: ImportDeps, task: ImportTask, log?: (err: unknown) => void): Promise<void> {
  const run = trackRun(task.jobId);
  try {
    await setJobWorker(deps.db, task.jobId, workerId());
    if (task.action === 'check' || task.recheck) await runCheck(deps, task.jobId);
    if (task.action === 'commit') await runCommit(deps, task.jobId, task.mode ?? 'all_or_nothing');
  } catch (err) {
    if (await isCancelled(deps.db, task.jobId).catch(() => false)) {
      await discardJobFiles(deps, task.jobId).catch((e: unknown) => log?.(e));
      return;
    }
    if (!(err instanceof AppError)) log?.(err);
  } finally {
    run.done();
  }
}

/** Queues a task: to pg-boss when the worker runs, else in-process (after the tasks queued before it). */
export function dispatchImport(deps: ImportDeps, task: ImportTask, log?: (err: unknown) => void): Promise<void> {
  const d = dispatchers.get(deps.db);
  if (d) return d(task);
  const prev = inProcessChains.get(deps.db) ?? Promise.resolve();
  const next = prev.then(() => runTask(deps, task, log));
  inProcessChains.set(deps.db, next);
  return Promise.resolve();
}

/** Resolves when the in-process tasks queued so far have finished (tests). */
export function importsIdle(deps: ImportDeps): Promise<void> {
  return inProcessChains.get(deps.db) ?? Promise.resolve();
}

/** pg-boss on the app's pool: every statement goes through Kysely's connection pool. */
function bossDb(deps: ImportDeps): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const r = await deps.db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: r.rows as unknown[] };
    },
  };
}

export interface ImportWorker {
  stop(): Promise<void>;
}

/**
 * Starts pg-boss and the worker of the import queue (one job at a time per process). `jobDb`, when given, is the
 * connection pool the jobs and pg-boss run on (the server gives them one apart from the requests': db/database.ts
 * backgroundPool); the queue is still found through `deps.db`, which the routes hold.
 */
export async function startImportWorker(
  deps: ImportDeps,
  log: (msg: string, err?: unknown) => void = () => {},
  opts: { jobDb?: ImportDeps['db'] } = {},
): Promise<ImportWorker> {
  const work: ImportDeps = opts.jobDb ? { ...deps, db: opts.jobDb } : deps;
  const boss = new PgBoss({ db: bossDb(work), schema: 'pgboss', supervise: true, schedule: false });
  boss.on('error', (err) => log('pg-boss error', err));
  await boss.start();
  // Long files take minutes: a job is given up only after 4 hours; a failed import is not retried (its state says why).
  if (!(await boss.getQueue(IMPORT_QUEUE))) {
    await boss.createQueue(IMPORT_QUEUE, { name: IMPORT_QUEUE, retryLimit: 0, expireInHours: 4 }).catch(async (err) => {
      // Another process created it at the same moment.
      if (!(await boss.getQueue(IMPORT_QUEUE))) throw err;
    });
  }
  await boss.work<ImportTask>(IMPORT_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runTask(work, job.data, (err) => log(`import job ${job.data.jobId} failed`, err));
  });
  dispatchers.set(deps.db, async (task) => {
    await boss.send(IMPORT_QUEUE, task as unknown as object, { retryLimit: 0, expireInHours: 4 });
  });
  return {
    async stop() {
      dispatchers.delete(deps.db);
      await boss.stop({ graceful: true, timeout: 30_000, wait: true });
    },
  };
}
