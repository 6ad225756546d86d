import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed-child.ts');

/**
 * Fills the demo county in the background (first start, SEED_DEMO on, registry empty): a child process running the
 * import pipeline at lower CPU priority, its lines passed to `log`. Killed when the server stops (SIGTERM / SIGINT /
 * exit); PostgreSQL rolls back its transaction, so nothing is half-imported.
 */
export function startDemoSeeding(log: { info(msg: string): void; error(msg: string): void }, databaseUrl: string): { stop(): void } {
  // The server's own database URL, also when it runs the embedded PostgreSQL: the child must never start, adopt or
  // stop a cluster. (Given only DATA_DIR, a child whose server was killed before it connected adopted the cluster as
  // an orphan, then exited without stopping it, and the next server start found it owned by a live process.)
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    os.setPriority(child.pid!, 10);
  } catch {
    // not permitted: run at normal priority
  }
  let stopped = false;
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      const m = /^\{"done":(.*)\}$/.exec(line.trim());
      if (m) {
        const done = JSON.parse(m[1]!) as { households: number; persons: number; ms: number } | null;
        if (done) log.info(`演示农户数据已导入 demo households ready: ${done.households} households, ${done.persons} persons (${Math.round(done.ms / 1000)} s)`);
      } else if (line.trim()) log.info(line.trim());
    }
  });
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  child.on('exit', (code) => {
    if (code && !stopped) log.error(`演示农户数据导入失败 demo households failed (exit ${code}): ${err.trim().split('\n').slice(-5).join(' | ')}`);
  });
  const stop = () => {
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('exit', stop);
  return { stop };
}
