import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { newestEntry, verifyAuditChain, type Anchor, type AuditProblem, type VerifyResult } from './repo.js';

/**
 * Checkpoints anchor the audit chain outside the database. The chain alone shows a changed entry, but not a tail
 * deleted, nor entries forged with every later hash recomputed: whoever can write the table can do both. So now and
 * then the newest entry's seq and hash are appended to a file, signed with HMAC-SM3 under a key the database never
 * holds (AUDIT_KEY or its file). `verify` then checks each checkpoint against the log: an anchored entry gone is a
 * truncation, a different hash a rewrite, a bad signature a forged checkpoint. Entries after the last checkpoint are
 * consistent but unanchored: a rewrite of those would not show, which is why checkpoints come every few minutes.
 *
 * One line per checkpoint: `<seq> <hash> <hmac> <ISO time>`.
 */
export interface CheckpointSource {
  file: string;
  /** undefined: no key found (the checkpoints cannot be authenticated). */
  key: Buffer | undefined;
}

/**
 * The checkpoint key: AUDIT_KEY (hex), else AUDIT_KEY_FILE, else `<dataDir>/audit.key`, created on first use when
 * `create` (mode 600). Keep it apart from the database and its backups: with the key, checkpoints can be forged.
 */
export function loadAuditKey(config: Pick<Config, 'auditKeyHex' | 'auditKeyFile' | 'dataDir'>, opts: { create: boolean }): Buffer | undefined {
  if (config.auditKeyHex) return Buffer.from(config.auditKeyHex, 'hex');
  const file = config.auditKeyFile ?? path.join(config.dataDir, 'audit.key');
  if (!fs.existsSync(file)) {
    if (config.auditKeyFile) throw new Error(`AUDIT_KEY_FILE ${file} does not exist`);
    if (!opts.create) return undefined;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64,}$/.test(hex)) throw new Error(`audit key file ${file} must hold at least 64 hexadecimal characters`);
  return Buffer.from(hex, 'hex');
}

export function checkpointSource(config: Config, opts: { create: boolean }): CheckpointSource {
  return { file: config.auditCheckpointFile, key: loadAuditKey(config, opts) };
}

function sign(key: Buffer, seq: number, hash: string, time: string): string {
  return crypto.createHmac('sm3', key).update(`fangpin-audit-checkpoint\n${seq}\n${hash}\n${time}`).digest('hex');
}

export function checkpointLine(key: Buffer, seq: number, hash: string, time = new Date().toISOString()): string {
  return `${seq} ${hash} ${sign(key, seq, hash, time)} ${time}\n`;
}

/** The file's checkpoints whose signature holds, and a problem for each line that is malformed or forged. */
export function readCheckpoints(src: CheckpointSource): { anchors: Anchor[]; problems: AuditProblem[] } {
  const anchors: Anchor[] = [];
  const problems: AuditProblem[] = [];
  if (!fs.existsSync(src.file)) return { anchors, problems };
  const lines = fs.readFileSync(src.file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^(\d{1,18}) ([0-9a-f]{64}) ([0-9a-f]{64}) (\S+)$/.exec(line);
    if (!m) {
      problems.push({ seq: 0, kind: 'checkpoint_malformed', reason: `${src.file} line ${i + 1} is not a checkpoint` });
      return;
    }
    const [, seqText, hash, mac, time] = m as unknown as [string, string, string, string, string];
    const seq = Number(seqText);
    if (!src.key) {
      problems.push({ seq, kind: 'checkpoint_unverifiable', reason: `no audit key (AUDIT_KEY / AUDIT_KEY_FILE): the checkpoint on line ${i + 1} cannot be checked` });
      return;
    }
    const expected = Buffer.from(sign(src.key, seq, hash, time), 'hex');
    if (!crypto.timingSafeEqual(expected, Buffer.from(mac, 'hex'))) {
      problems.push({ seq, kind: 'checkpoint_forged', reason: `the checkpoint on line ${i + 1} of ${src.file} has a wrong signature (forged, or another key)` });
      return;
    }
    anchors.push({ seq, hash, time });
  });
  return { anchors, problems };
}

/** The chain, checked against the checkpoints: `audit verify` and GET /api/audit/verify. */
export async function verifyAuditLog(db: Kysely<DB>, src: CheckpointSource): Promise<VerifyResult> {
  const { anchors, problems } = readCheckpoints(src);
  const r = await verifyAuditChain(db, { anchors });
  const all = [...problems, ...r.problems].sort((a, b) => a.seq - b.seq);
  const first = all[0];
  return { ...r, ok: all.length === 0, problems: all, ...(first ? { broken: { seq: first.seq, reason: first.reason } } : {}) };
}

/**
 * Appends a checkpoint of the newest entry, unless the last one written (by this writer) already anchors it.
 * Returns the seq anchored, or null when there was nothing new.
 */
export async function writeCheckpoint(db: Kysely<DB>, src: CheckpointSource & { key: Buffer }, last?: { seq: number; hash: string }): Promise<{ seq: number; hash: string } | null> {
  const newest = await newestEntry(db);
  if (!newest) return null;
  const seq = Number(newest.seq);
  if (last && last.seq === seq && last.hash === newest.hash) return null;
  fs.mkdirSync(path.dirname(src.file), { recursive: true });
  // One write of one short line in append mode: lines of the server and of a CLI run never interleave.
  const fh = await fs.promises.open(src.file, 'a', 0o600);
  try {
    await fh.write(checkpointLine(src.key, seq, newest.hash));
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { seq, hash: newest.hash };
}

/** The last checkpoint in the file, whatever wrote it (so a restart does not repeat it). */
function lastInFile(file: string): { seq: number; hash: string } | undefined {
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const m = /^(\d+) ([0-9a-f]{64}) /.exec(lines[lines.length - 1] ?? '');
  return m ? { seq: Number(m[1]), hash: m[2]! } : undefined;
}

/**
 * The server's checkpoints: one at start, every `minutes` while entries come in, and one at shutdown (stop()).
 * A failed write is logged and tried again at the next tick: the log itself is never held up by its checkpoints.
 */
export function startAuditCheckpoints(
  db: Kysely<DB>,
  src: CheckpointSource & { key: Buffer },
  minutes: number,
  log: (msg: string, err?: unknown) => void,
): { stop(): Promise<void> } {
  let last = lastInFile(src.file);
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        last = (await writeCheckpoint(db, src, last)) ?? last;
      } catch (err) {
        log('audit checkpoint failed', err);
      }
    });
    return running;
  };
  void tick();
  const timer = setInterval(() => void tick(), minutes * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
}
