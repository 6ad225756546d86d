/**
 * Root from a folder the postgres system user cannot enter (a clone in /root, a mode-700 folder): the cluster is kept
 * under EMBEDDED_PG_ROOT_DIR with DATA_DIR/pg linking to it, and a later start reuses it. A normal user's start (no
 * system user, the cluster his own) is proven end to end by .ci/start-as-users.sh, which CI runs as root.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded } from '../src/db/embedded.js';

const isRoot = process.getuid?.() === 0;
const top = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-closed-'));
const systemDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-pgroot-'));
after(() => {
  fs.rmSync(top, { recursive: true, force: true });
  fs.rmSync(systemDir, { recursive: true, force: true });
});

async function answer(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ who: string }>('select current_user as who')).rows[0]!.who;
  } finally {
    await client.end();
  }
}

test('root, DATA_DIR under a mode-700 folder: the cluster lives under EMBEDDED_PG_ROOT_DIR and is reused', { skip: !isRoot && 'needs root', timeout: 180_000 }, async () => {
  fs.chmodSync(top, 0o700);
  fs.chmodSync(systemDir, 0o755);
  const dataDir = path.join(top, 'data');
  process.env.EMBEDDED_PG_ROOT_DIR = systemDir;
  try {
    const first = await startEmbedded(dataDir);
    const link = path.join(dataDir, 'pg');
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'DATA_DIR/pg links to the cluster');
    const target = fs.realpathSync(link);
    assert.ok(target.startsWith(path.join(systemDir, 'clusters') + path.sep), target);
    assert.equal(fs.statSync(target).uid, postgresUid(), 'owned by the postgres system user');
    assert.equal(await answer(first.url), 'postgres');
    await first.stop();
    assert.equal(fs.existsSync(path.join(target, 'postmaster.pid')), false, 'stopped cleanly');

    const second = await startEmbedded(dataDir);
    assert.equal(fs.realpathSync(link), target, 'the next start reuses the same cluster');
    assert.equal(await answer(second.url), 'postgres');
    await second.stop();
  } finally {
    delete process.env.EMBEDDED_PG_ROOT_DIR;
  }
});

function postgresUid(): number {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  return Number(line?.split(':')[2]);
}
