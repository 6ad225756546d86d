import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Scope } from '../../core/scope.js';
import { inScope, scopePrefix } from '../../core/scope.js';

export interface AuditFilter {
  username?: string;
  action?: string;
  /** Any of these actions, exactly (the page's multi-select of the catalogue). */
  actions?: string[];
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
  if (f.actions?.length) q = q.where('action', 'in', f.actions);
  if (f.targetType) q = q.where('target_type', '=', f.targetType);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.from) q = q.where('ts', '>=', new Date(f.from));
  if (f.to) q = q.where('ts', '<', new Date(f.to));
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('seq', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const targets = await resolveTargets(db, scope, rows);
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
      target: targets.get(`${r.target_type}:${r.target_id}`) ?? null,
    })),
    total: count.n,
    page: f.page,
    pageSize: f.pageSize,
  };
}

export interface TargetInWords {
  /** 户 54822 → "1404301032070001 张三"; a member → "张三（户 1404301032070001）"; a user → "王五 (wangwu)". */
  label: string;
  /** The household to link to (a household's own id, or a member's household). */
  householdId: number | null;
}

/**
 * The objects of a page's entries in words, for those still there and inside the auditor's area (one query per kind):
 * households by number and head, members by name and household, users by name. An object gone or out of scope keeps
 * its code (type:id) on the page.
 */
async function resolveTargets(db: Database, scope: Scope, rows: { target_type: string | null; target_id: string | null }[]): Promise<Map<string, TargetInWords>> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.target_type === type && /^\d{1,18}$/.test(r.target_id ?? '')).map((r) => r.target_id!))];
  const out = new Map<string, TargetInWords>();
  const [hh, mm, uu] = [ids('household'), ids('member'), ids('user')];
  await Promise.all([
    hh.length &&
      db.selectFrom('households').select(['id', 'household_no', 'head_name']).where('id', 'in', hh.map(Number)).where(inScope('village_code', scope)).execute()
        .then((rs) => rs.forEach((h) => out.set(`household:${h.id}`, { label: [h.household_no, h.head_name].filter(Boolean).join(' '), householdId: Number(h.id) }))),
    mm.length &&
      db.selectFrom('members as m').innerJoin('households as h', 'h.id', 'm.household_id')
        .select(['m.id', 'm.name', 'm.household_id', 'h.household_no']).where('m.id', 'in', mm.map(Number)).where(inScope('m.village_code', scope)).execute()
        .then((rs) => rs.forEach((m) => out.set(`member:${m.id}`, { label: `${m.name} · ${m.household_no}`, householdId: Number(m.household_id) }))),
    uu.length &&
      db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', uu.map(Number)).where(inScope('area_code', scope)).execute()
        .then((rs) => rs.forEach((u) => out.set(`user:${u.id}`, { label: u.display_name ? `${u.display_name} (${u.username})` : u.username, householdId: null }))),
  ]);
  return out;
}
