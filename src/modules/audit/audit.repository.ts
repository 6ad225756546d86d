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

export interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number;
  broken?: { seq: number; reason: string };
}

/** Walks the whole chain in seq order and names the first entry whose link or content does not hold. */
export async function verifyAuditChain(db: Kysely<DB>, batch = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return { ok: false, checked, lastSeq: expectedSeq - 1, broken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing (next present: ${r.seq})` } };
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, checked, lastSeq: r.seq, broken: { seq: r.seq, reason: 'prev_hash does not match the previous entry' } };
      }
      const h = entryHash(prevHash, r as ChainRow);
      if (h !== r.hash) {
        return { ok: false, checked, lastSeq: r.seq, broken: { seq: r.seq, reason: 'content does not match its hash (altered)' } };
      }
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
  }
  return { ok: true, checked, lastSeq: expectedSeq - 1 };
}
