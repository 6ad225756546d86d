import { chinaDay, nowOf } from '../../core/clock.js';
import type { SessionUser } from '../../server/context.js';
import type { ScreeningDeps } from './datasets.js';
import { viewOf } from './datasets.js';
import { listDatasets, listRuns, listWarnings, pendingCandidates, runFor, warningStats, type RunRow } from './repo.js';
import { TEMPLATES } from './templates.js';

/** The screening module's reads, as the API answers them. */
export function templates() {
  return TEMPLATES.map((t) => ({ key: t.key, department: t.department, zh: t.zh, en: t.en, fields: t.fields.map((f) => ({ key: f.key, zh: f.zh, en: f.en, type: f.type, required: f.required, synonyms: f.synonyms })) }));
}

export async function datasets(deps: ScreeningDeps, user: SessionUser, q: { period?: string; template?: string; page?: number; pageSize?: number }) {
  const r = await listDatasets(deps.db, user, { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  return { total: r.total, items: await Promise.all(r.rows.map((d) => viewOf(deps, d))) };
}

export function runView(r: RunRow & { template?: string; period?: string; version?: number; department?: string }) {
  return {
    id: r.id, datasetId: r.dataset_id, areaCode: r.area_code, state: r.state, step: r.step, total: r.total, done: r.done,
    percent: r.state === 'done' ? 100 : r.total ? Math.min(99, Math.floor((r.done / r.total) * 100)) : 0,
    exact: r.exact, linked: r.remembered, candidates: r.candidates, unmatched: r.unmatched, warnings: r.warnings,
    reviewThreshold: Number(r.review_threshold), autoThreshold: Number(r.auto_threshold), errorCode: r.error_code,
    createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
    ...(r.template ? { template: r.template, period: r.period, version: r.version, department: r.department } : {}),
  };
}

export async function run(deps: ScreeningDeps, user: SessionUser, id: number) {
  return runView(await runFor(deps.db, user, id));
}

export async function runs(deps: ScreeningDeps, user: SessionUser, q: { datasetId?: number; page?: number; pageSize?: number }) {
  const r = await listRuns(deps.db, user, { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  return { total: r.total, items: r.rows.map(runView) };
}

export async function candidates(deps: ScreeningDeps, user: SessionUser, q: { runId?: number; page?: number; pageSize?: number }) {
  const r = await pendingCandidates(deps.db, user, { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  return {
    total: r.total,
    items: r.rows.map((c) => ({
      id: c.id, runId: c.run_id, score: Number(c.score), basis: c.basis, template: c.template, department: c.department, period: c.period,
      row: { rowNo: c.row_no, name: c.row_name, idMasked: c.row_id_masked, birthDate: c.row_birth_date, gender: c.row_gender, villageCode: c.row_village_code },
      member: { id: c.member_id, name: c.member_name, idMasked: c.member_id_masked, birthDate: c.member_birth_date, gender: c.member_gender, villageCode: c.member_village_code, villageName: c.member_village_name, householdId: c.household_id, householdNo: c.household_no },
    })),
  };
}

export async function warnings(deps: ScreeningDeps, user: SessionUser, q: { state?: string; rule?: string; page?: number; pageSize?: number }) {
  const today = chinaDay(nowOf(deps.config));
  const r = await listWarnings(deps.db, user, { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  return {
    total: r.total,
    items: r.rows.map((w) => ({
      id: w.id, rule: w.rule, kind: w.kind, department: w.department, clue: w.clue, dueOn: w.due_on, overdue: w.state === 'open' && w.due_on < today,
      state: w.state, reason: w.reason, caseId: w.case_id, createdAt: w.created_at.toISOString(), handledAt: w.handled_at?.toISOString() ?? null,
      villageCode: w.village_code, villageName: w.village_name, householdId: w.household_id, householdNo: w.household_no, memberId: w.member_id, memberName: w.member_name, memberStatus: w.member_status,
    })),
  };
}

export async function stats(deps: ScreeningDeps, user: SessionUser) {
  const rows = await warningStats(deps.db, user, chinaDay(nowOf(deps.config)));
  return rows.map((r) => ({ townshipCode: r.township_code, townshipName: r.township_name, department: r.department, total: r.total, handled: r.handled, open: r.open, overdue: r.overdue, handlingRate: r.total ? Math.round((r.handled / r.total) * 1000) / 1000 : 0 }));
}
