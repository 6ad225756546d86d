import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Scope } from '../../core/scope.js';
import { scopePrefix } from '../../core/scope.js';

export interface AuditFilter {
  username?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: 'ok' | 'fail';
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/**
 * The audit log as an auditor sees it: entries of actors inside the auditor's subtree. Entries without an area
 * (failed logins of unknown names, CLI runs) are visible from county level up.
 */
export async function listAudit(db: Database, scope: Scope, f: AuditFilter) {
  const prefix = scopePrefix(scope);
  let q = db.selectFrom('audit_log').where((eb) =>
    scope.areaLevel <= 3 ? eb.or([eb('area_code', 'like', `${prefix}%`), eb('area_code', 'is', null)]) : eb('area_code', 'like', `${prefix}%`),
  );
  if (f.username) q = q.where('username', '=', f.username);
  if (f.action) q = q.where('action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.targetType) q = q.where('target_type', '=', f.targetType);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.from) q = q.where('ts', '>=', new Date(f.from));
  if (f.to) q = q.where('ts', '<', new Date(f.to));
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('seq', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      seq: r.seq,
      ts: r.ts.toISOString(),
      userId: r.user_id,
      username: r.username,
      areaCode: r.area_code,
      ip: r.ip,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      outcome: r.outcome,
      detail: r.detail,
      hash: r.hash,
    })),
    total: count.n,
    page: f.page,
    pageSize: f.pageSize,
  };
}
