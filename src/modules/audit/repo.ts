import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { canonicalJson, sm3 } from '../../core/crypto.js';
import { storableText } from '../../core/text.js';

// Serialises writers of the chain: each entry needs the previous entry's hash. Held to the end of the transaction.
const AUDIT_LOCK = 707_002;
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  userId?: number | null;
  username?: string | null;
  areaCode?: string | null;
  ip?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  outcome?: 'ok' | 'fail';
  /** before/after values of a data change, or facts about the event. Never secrets. */
  detail?: unknown;
}

interface ChainRow {
  seq: number;
  ts: Date;
  user_id: number | null;
  username: string | null;
  area_code: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'ok' | 'fail';
  detail: unknown;
}

/** The hash covers every column but the hash itself, in a fixed canonical form. */
export function entryHash(prevHash: string, row: ChainRow): string {
  return sm3(
    prevHash +
      canonicalJson({
        seq: row.seq,
        ts: row.ts.toISOString(),
        userId: row.user_id,
        username: row.username,
        areaCode: row.area_code,
        ip: row.ip,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        outcome: row.outcome,
        detail: row.detail,
      }),
  );
}

/** A JSON value with every string and key made storable (storableText). */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)]));
  }
  return value;
}

/** Appends one entry. Pass the transaction that made the change, so the entry commits (or not) with it. */
export async function recordAudit(db: Kysely<DB> | Transaction<DB>, input: AuditInput): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => recordAudit(trx, input));
    return;
  }
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  // Every text as PostgreSQL will store it (no NUL, no lone surrogate), before it is hashed: the hash must cover
  // what verify reads back. A login named "\ud800" was stored as U+FFFD and hashed as sent, breaking the chain.
  const text = (v: string | null | undefined) => (v == null ? null : storableText(v));
  const row: ChainRow = {
    seq: Number(last?.seq ?? 0) + 1,
    ts: new Date(),
    user_id: input.userId ?? null,
    username: text(input.username),
    area_code: text(input.areaCode),
    ip: text(input.ip),
    action: storableText(input.action),
    target_type: text(input.targetType),
    target_id: input.targetId == null ? null : storableText(String(input.targetId)),
    outcome: input.outcome ?? 'ok',
    // Round-trip through JSON so what we hash is exactly what jsonb gives back.
    detail: input.detail === undefined ? null : storableJson(JSON.parse(JSON.stringify(input.detail))),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await db
    .insertInto('audit_log')
    .values({ ...row, detail: row.detail === null ? null : JSON.stringify(row.detail), prev_hash: prevHash, hash: entryHash(prevHash, row) })
    .execute();
}

/** One thing wrong with the log, at the entry it concerns. */
export interface AuditProblem {
  seq: number;
  kind: 'missing' | 'link' | 'altered' | 'truncated' | 'rewritten' | 'checkpoint_forged' | 'checkpoint_malformed' | 'checkpoint_unverifiable';
  reason: string;
}

/** A checkpoint whose signature has been checked (checkpoints.ts): entry `seq` had hash `hash` at `time`. */
export interface Anchor {
  seq: number;
  hash: string;
  time: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries read. */
  checked: number;
  lastSeq: number;
  /** Every break found, in the order of the log (not only the first). */
  problems: AuditProblem[];
  /** The first problem (what older clients show). */
  broken?: { seq: number; reason: string };
  /** With checkpoints: how many were checked, the last entry they anchor, and the entries after it, which are
   *  consistent with the chain but anchored by no checkpoint yet (a rewrite of those would not show). */
  anchors?: { checked: number; lastAnchoredSeq: number | null; unanchored: number };
}

/**
 * Walks the whole chain in seq order and reports every entry whose link or content does not hold: a gap (deleted
 * entries), a prev_hash that is not the previous entry's hash, a hash that is not its content's. Each entry is judged
 * on its own (its stored prev_hash), so one break does not hide the next. With `anchors` (the checkpoints kept
 * outside the database), also: an anchored entry that is gone (the tail was deleted) or whose hash is not the one
 * anchored (the chain was rewritten and re-hashed — which the chain alone cannot show).
 */
export async function verifyAuditChain(db: Kysely<DB>, opts: { anchors?: Anchor[]; batch?: number } = {}): Promise<VerifyResult> {
  const batch = opts.batch ?? 5000;
  const anchors = new Map<number, Anchor[]>();
  for (const a of opts.anchors ?? []) anchors.set(a.seq, [...(anchors.get(a.seq) ?? []), a]);
  const problems: AuditProblem[] = [];
  const met = new Set<number>();
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', lastSeq).orderBy('seq').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== lastSeq + 1) {
        problems.push({ seq: lastSeq + 1, kind: 'missing', reason: `entry ${lastSeq + 1} is missing (next present: ${seq})` });
      } else if (r.prev_hash !== prevHash) {
        problems.push({ seq, kind: 'link', reason: 'prev_hash does not match the previous entry' });
      }
      if (entryHash(r.prev_hash, r as ChainRow) !== r.hash) {
        problems.push({ seq, kind: 'altered', reason: 'content does not match its hash (altered)' });
      }
      if (anchors.has(seq)) met.add(seq);
      for (const a of anchors.get(seq) ?? []) {
        if (a.hash !== r.hash) {
          problems.push({ seq, kind: 'rewritten', reason: `hash differs from the checkpoint of ${a.time}: the log was rewritten at or before this entry` });
        }
      }
      prevHash = r.hash;
      lastSeq = seq;
      checked++;
    }
  }
  let anchored: VerifyResult['anchors'];
  if (opts.anchors) {
    // Anchored entries the walk did not meet: deleted from the middle (a gap) or from the end (truncation).
    let lastAnchoredSeq: number | null = null;
    for (const [seq, list] of anchors) {
      if (met.has(seq)) lastAnchoredSeq = Math.max(lastAnchoredSeq ?? 0, seq);
      else if (seq <= lastSeq) problems.push({ seq, kind: 'truncated', reason: `entry ${seq}, anchored by the checkpoint of ${list[0]!.time}, is gone` });
      else problems.push({ seq, kind: 'truncated', reason: `the log ends at entry ${lastSeq}, but the checkpoint of ${list[0]!.time} anchored entry ${seq}: the newest entries were deleted` });
    }
    anchored = { checked: opts.anchors.length, lastAnchoredSeq, unanchored: lastSeq - (lastAnchoredSeq ?? 0) };
  }
  problems.sort((a, b) => a.seq - b.seq);
  const first = problems[0];
  return {
    ok: problems.length === 0,
    checked,
    lastSeq,
    problems,
    ...(first ? { broken: { seq: first.seq, reason: first.reason } } : {}),
    ...(anchored ? { anchors: anchored } : {}),
  };
}

/** The chain's newest entry (a checkpoint anchors it). */
export async function newestEntry(db: Kysely<DB>): Promise<{ seq: number; hash: string } | undefined> {
  return db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}
