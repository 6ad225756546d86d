import type { Database } from '../../../db/database.js';
import { cancelNamedBackend, nameConnection, resetConnectionName } from '../repo.js';

/**
 * Jobs running in this process (runTask registers them), so a cancel reaches the running dry run at its next chunk.
 * A job running in another process learns of it at its next progress write, which finds the job cancelled.
 */
const running = new Map<number, AbortController>();

export function trackRun(jobId: number): { done(): void } {
  const ctl = new AbortController();
  running.set(jobId, ctl);
  return {
    done() {
      if (running.get(jobId) === ctl) running.delete(jobId);
    },
  };
}

/**
 * The dry run's set-based statements (up to ~10 s each at 1,000,000 rows) run on one connection named after the job
 * (application_name), so that a cancel from any process can interrupt the statement running now (pg_cancel_backend)
 * instead of waiting for it; its own drop of the staging tables would wait for that statement's locks too.
 */
export function jobConnectionName(jobId: number): string {
  return `fangpin-import-${Math.trunc(jobId)}`;
}

export async function onJobConnection<T>(db: Database, jobId: number, fn: (conn: Database) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await nameConnection(conn, jobConnectionName(jobId));
    try {
      return await fn(conn);
    } finally {
      // Back to the pool under its own name; a failure here (the cancel's signal arriving late) is harmless: the job
      // can be cancelled only once.
      await resetConnectionName(conn).catch(() => {});
    }
  });
}

/**
 * Interrupts the statement the job's named connection is running, in whichever process; none: nothing happens.
 * Only in this database: job ids are per database, and another database on the same server (a second installation,
 * a parallel test file) has its own job of that number.
 */
export async function interruptJobStatement(db: Database, jobId: number): Promise<void> {
  await cancelNamedBackend(db, jobConnectionName(jobId));
}

/** Whether the job running in this process was told to stop (a cancel). */
export function runAborted(jobId: number): boolean {
  return !!running.get(jobId)?.signal.aborted;
}

/** Tells a job running in this process to stop; false when it does not run here. */
export function abortRun(jobId: number): boolean {
  const ctl = running.get(jobId);
  ctl?.abort();
  return !!ctl;
}

