import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import type { RunAs } from './embedded-cluster.js';

/**
 * Where the embedded cluster lives and which binaries run it, for the user we are.
 *
 * - A normal user runs PostgreSQL as himself: `DATA_DIR/pg`, the binaries where npm put them. No system user.
 * - Root cannot run PostgreSQL (it refuses), so the cluster runs as the `postgres` system user (created when missing).
 *   That user must reach the binaries and the cluster. Under a folder it cannot enter (a clone in /root, a mode-700
 *   folder made by `mktemp -d`), we keep what it runs under EMBEDDED_PG_ROOT_DIR (default /var/lib/fangpin): a copy of
 *   the binaries (`pg-<version>/`, shared by every installation on the machine) and the cluster
 *   (`clusters/<id>/`, one per DATA_DIR), with `DATA_DIR/pg` a symbolic link to it so everything else reads the same.
 *   The decision is taken once, when the cluster is created: an existing `DATA_DIR/pg` (folder or link) is kept.
 */
export interface Placement {
  /** Directory of `initdb` and `postgres`. */
  binDir: string;
  /** The cluster's directory as PostgreSQL is given it (a real path, not through the link). */
  pgDir: string;
  runAs?: RunAs;
}

export const DEFAULT_ROOT_DIR = '/var/lib/fangpin';

/** One line for the user, never a stack: the server prints it after 启动失败 and exits. */
export class PlacementError extends Error {}

export function placeCluster(dataDir: string, native: { dir: string; version: string }, log: (m: string) => void): Placement {
  const link = path.join(dataDir, 'pg');
  if (process.getuid?.() !== 0) return { binDir: path.join(native.dir, 'bin'), pgDir: link };

  const runAs = postgresUser(log);
  // The postgres user passes through DATA_DIR (x only: it still cannot list it; our secrets in it are mode 600).
  fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o111);
  const binDir = canRun(runAs, path.join(native.dir, 'bin', 'postgres')) ? path.join(native.dir, 'bin') : copiedBinaries(native, runAs, log);

  const existing = fs.lstatSync(link, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) {
    const target = fs.realpathSync(link);
    return { binDir, pgDir: target, runAs };
  }
  if (existing) {
    if (!canEnter(runAs, link)) {
      throw new PlacementError(
        `the postgres system user cannot reach the database folder ${link} (a parent folder is closed to it): ` +
          `move DATA_DIR to a folder other users can pass through, or run Fangpin as a normal user`,
      );
    }
    return { binDir, pgDir: link, runAs };
  }
  if (canEnter(runAs, dataDir)) {
    fs.mkdirSync(link, { mode: 0o700 });
    fs.chownSync(link, runAs.uid, runAs.gid);
    return { binDir, pgDir: link, runAs };
  }
  const rootDir = systemDir();
  const id = crypto.createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16);
  const clusters = path.join(rootDir, 'clusters');
  const pgDir = path.join(clusters, id);
  mkdirOpen(clusters);
  // A cluster left there by an earlier DATA_DIR at the same path that was since deleted: start afresh.
  fs.rmSync(pgDir, { recursive: true, force: true });
  fs.mkdirSync(pgDir, { mode: 0o700 });
  fs.chownSync(pgDir, runAs.uid, runAs.gid);
  fs.writeFileSync(path.join(clusters, `${id}.origin`), `${fs.realpathSync(dataDir)}\n`);
  fs.symlinkSync(pgDir, link);
  log(`the postgres system user cannot reach ${dataDir}: its database is kept in ${pgDir} (DATA_DIR/pg links to it)`);
  return { binDir, pgDir, runAs };
}

/** The `postgres` system user, created (as a system account without a login) when the machine has none. */
function postgresUser(log: (m: string) => void): RunAs {
  const ids = lookup();
  if (ids) return ids;
  log('creating the postgres system user for the embedded PostgreSQL (PostgreSQL refuses to run as root)');
  try {
    if (!groupExists()) execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'pipe' });
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' });
  } catch (err) {
    throw new PlacementError(
      `running as root, the embedded PostgreSQL needs a postgres system user and it could not be created (${firstLine(err)}): ` +
        `create one (useradd --system postgres), run Fangpin as a normal user, or set DATABASE_URL`,
    );
  }
  const created = lookup();
  if (!created) throw new PlacementError('the postgres system user was created but cannot be found (id postgres)');
  return created;
}

function lookup(): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

function groupExists(): boolean {
  return spawnSync('getent', ['group', 'postgres'], { stdio: 'ignore' }).status === 0;
}

/** Tried as the user himself: the kernel's answer, ACLs and all, rather than our reading of mode bits. */
function canRun(user: RunAs, file: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1" && test -r "$1"', 'sh', file], { ...user, stdio: 'ignore' }).status === 0;
}

function canEnter(user: RunAs, dir: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { ...user, stdio: 'ignore' }).status === 0;
}

function systemDir(): string {
  const dir = process.env.EMBEDDED_PG_ROOT_DIR || DEFAULT_ROOT_DIR;
  if (!path.isAbsolute(dir)) throw new PlacementError(`EMBEDDED_PG_ROOT_DIR must be an absolute path, not "${dir}"`);
  return dir;
}

/** Creates `dir` and its parents readable and passable by everyone (root-owned, 755): only the cluster inside is closed. */
function mkdirOpen(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    for (let d = dir; d !== path.dirname(d) && d.startsWith(systemDir()); d = path.dirname(d)) fs.chmodSync(d, 0o755);
  } catch (err) {
    throw new PlacementError(`cannot create ${dir} for the embedded PostgreSQL (${firstLine(err)}): set EMBEDDED_PG_ROOT_DIR to a writable folder`);
  }
}

/**
 * A copy of the package's binaries (bin, lib, share: ~60 MB) under EMBEDDED_PG_ROOT_DIR, made once per version and
 * shared. Copied into a temporary sibling and renamed, so a copy cut short is never used.
 */
function copiedBinaries(native: { dir: string; version: string }, runAs: RunAs, log: (m: string) => void): string {
  const rootDir = systemDir();
  const target = path.join(rootDir, `pg-${native.version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    mkdirOpen(rootDir);
    log(`copying the PostgreSQL binaries to ${target} (the postgres system user cannot reach ${native.dir})`);
    const tmp = `${target}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.cpSync(native.dir, tmp, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(tmp, 0o755);
    try {
      fs.renameSync(tmp, target);
    } catch (err) {
      // Another process copied it at the same moment: keep theirs.
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) throw err;
    }
  }
  if (!canRun(runAs, path.join(target, 'bin', 'postgres'))) {
    throw new PlacementError(`the postgres system user cannot run ${target}/bin/postgres: make ${rootDir} readable by other users`);
  }
  return path.join(target, 'bin');
}

function firstLine(err: unknown): string {
  const e = err as { stderr?: Buffer | string; message?: string };
  const text = (e.stderr ? String(e.stderr) : '') || e.message || String(err);
  return text.trim().split('\n')[0] ?? '';
}
