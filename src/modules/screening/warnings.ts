import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { can } from '../../core/permissions.js';
import { prefixOf, type Scope } from '../../core/scope.js';
import type { Actor, SessionUser } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { removeMember } from '../households/remove-member.js';
import { openCase } from '../monitoring/open-case.js';
import { policyInForce } from '../policy/repo.js';
import { dueDate } from '../policy/working-days.js';
import type { ScreeningDeps } from './datasets.js';
import { AppError } from './errors.js';
import {
  candidateFor, countyOf, currentRuns, decideCandidate, factsOfRuns, insertRuleVersion, insertWarnings, linkConfirmed, refreshRunCounts, rememberPair,
  ruleVersions, runById, setWarningHandled, unmatchIfNoneLeft, warningFor,
} from './repo.js';
import { defaultSetting, evaluate, RULES, ruleDef, validSetting, type Hit, type RuleSetting } from './rules.js';

/** The rules in force for a county: each rule's newest version, else its defaults. */
export async function rulesInForce(db: Kysely<DB>, countyCode: string): Promise<RuleSetting[]> {
  const versions = await ruleVersions(db, countyCode);
  return RULES.map((def) => {
    const v = versions.find((x) => x.rule === def.key);
    if (!v) return defaultSetting(def);
    const p = v.params as { groups: RuleSetting['groups']; dueDays: number; params: Record<string, number> };
    return { rule: def.key, version: v.version, enabled: v.enabled, groups: p.groups, dueDays: p.dueDays, params: p.params };
  });
}

/**
 * Raises the warnings of a run: the rules in force over the county's current data (the latest finished run of every
 * submitted dataset, and this one), one statement; a warning with the same fingerprint (member, rule, data) is never
 * raised twice, handled or not.
 */
export async function raiseWarnings(deps: ScreeningDeps, runId: number): Promise<number> {
  const { db } = deps;
  const run = await runById(db, runId);
  const county = countyOf(run.area_code);
  const area: Scope = { areaCode: county, areaLevel: 3 };
  const today = chinaDay(nowOf(deps.config));
  // This run stands for its dataset (never two runs of one dataset: a member's costs would count twice).
  const runs = [...(await currentRuns(db, area)).filter((r) => r.datasetId !== run.dataset_id).map((r) => r.id), runId];
  const hits = evaluate(await factsOfRuns(db, runs), await rulesInForce(db, county), today);
  const policy = await policyInForce(db, county, today);
  return insertWarnings(db, hits.map((h) => ({
    county_code: countyOf(h.fact.village_code),
    village_code: h.fact.village_code,
    rule: h.rule.key,
    rule_version: h.setting.version,
    kind: h.rule.kind,
    department: h.fact.department,
    dataset_id: h.fact.dataset_id,
    run_id: h.fact.run_id,
    row_id: h.fact.row_id,
    member_id: h.fact.member_id,
    household_id: h.fact.household_id,
    fingerprint: h.fingerprint,
    clue: h.clue,
    due_on: dueDate(today, h.setting.dueDays, 'working', policy),
  })));
}

export async function listRules(deps: ScreeningDeps, user: SessionUser) {
  const settings = await rulesInForce(deps.db, countyOf(user.areaCode));
  return settings.map((s) => {
    const def = ruleDef(s.rule);
    return { ...s, zh: def.zh, en: def.en, kind: def.kind, templates: def.templates, paramSpecs: def.params };
  });
}

/** A rule changed: a new version for the county (the old ones kept). */
export async function saveRule(deps: ScreeningDeps, actor: Actor, rule: string, input: { enabled: boolean; groups: string[]; dueDays: number; params: Record<string, number> }) {
  const def = ruleDef(rule);
  const s = validSetting(def, input);
  const county = countyOf(actor.user.areaCode);
  const before = (await rulesInForce(deps.db, county)).find((x) => x.rule === rule);
  await deps.db.transaction().execute(async (trx) => {
    const version = await insertRuleVersion(trx, { county_code: county, rule, enabled: s.enabled, params: { groups: s.groups, dueDays: s.dueDays, params: s.params }, created_by: actor.user.id });
    await recordAudit(trx, { ...auditActor(actor), action: 'screening.rule_change', targetType: 'screening_rule', targetId: `${county}:${rule}`, detail: { before: before ?? null, after: { ...s, version } } });
  });
  return (await listRules(deps, actor.user)).find((x) => x.rule === rule)!;
}

/**
 * What-if (假如): the warnings a changed rule would raise on the county's current data, by township and household
 * category, next to what the rule in force raises — the same evaluation as a run, nothing written.
 */
export async function previewRule(deps: ScreeningDeps, user: SessionUser, rule: string, input: { enabled: boolean; groups: string[]; dueDays: number; params: Record<string, number> }) {
  const def = ruleDef(rule);
  const changed = { ...validSetting(def, input), version: 0 };
  const county = countyOf(user.areaCode);
  const inForce = (await rulesInForce(deps.db, county)).find((x) => x.rule === rule)!;
  const facts = await factsOfRuns(deps.db, (await currentRuns(deps.db, { areaCode: county, areaLevel: 3 })).map((r) => r.id));
  const inScopeFacts = facts.filter((f) => f.village_code.startsWith(prefixOf(user.areaCode, user.areaLevel)));
  const today = chinaDay(nowOf(deps.config));
  const now = evaluate(inScopeFacts, [inForce], today);
  const next = evaluate(inScopeFacts, [changed], today);
  const names = new Map((await deps.db.selectFrom('areas').select(['code', 'name']).where('level', '=', 4).where('code', 'like', `${county.slice(0, 6)}%`).execute()).map((a) => [a.code.slice(0, 9), a.name]));
  const by = (hits: Hit[], key: (h: Hit) => string) => {
    const m = new Map<string, number>();
    for (const h of hits) m.set(key(h), (m.get(key(h)) ?? 0) + 1);
    return m;
  };
  const town = (h: Hit) => h.fact.village_code.slice(0, 9);
  const cat = (h: Hit) => h.fact.category;
  const tNow = by(now, town);
  const tNext = by(next, town);
  const cNow = by(now, cat);
  const cNext = by(next, cat);
  return {
    rule,
    current: now.length,
    changed: next.length,
    byTownship: [...new Set([...tNow.keys(), ...tNext.keys()])].sort().map((code) => ({ code, name: names.get(code) ?? code, current: tNow.get(code) ?? 0, changed: tNext.get(code) ?? 0 })),
    byCategory: [...new Set([...cNow.keys(), ...cNext.keys()])].sort().map((category) => ({ category, current: cNow.get(category) ?? 0, changed: cNext.get(category) ?? 0 })),
  };
}

// ---------------------------------------------------------------- review queue

/** 确认 / 排除 a candidate; the decision is remembered for later runs of the area; a confirmed row gets its warnings. */
export async function decide(deps: ScreeningDeps, actor: Actor, id: number, decision: 'confirmed' | 'rejected') {
  const c = await candidateFor(deps.db, actor.user, id);
  if (c.state !== 'pending') throw new AppError('SCREENING_CANDIDATE_DECIDED');
  await deps.db.transaction().execute(async (trx) => {
    await decideCandidate(trx, id, decision, actor.user.id);
    if (decision === 'confirmed') await linkConfirmed(trx, { id, run_id: c.run_id, row_id: c.row_id, member_id: c.member_id, household_id: c.household_id, score: c.score }, actor.user.id);
    else await unmatchIfNoneLeft(trx, c.run_id, c.row_id);
    if (c.pair_key) await rememberPair(trx, { area_code: c.area_code, pair_key: c.pair_key, member_id: c.member_id, decision, decided_by: actor.user.id });
    await recordAudit(trx, { ...auditActor(actor), action: `screening.candidate_${decision === 'confirmed' ? 'confirm' : 'reject'}`, targetType: 'screening_candidate', targetId: id, detail: { before: { state: 'pending' }, after: { state: decision, memberId: c.member_id } } });
  });
  await refreshRunCounts(deps.db, c.run_id);
  if (decision === 'confirmed') {
    const raised = await raiseWarnings(deps, c.run_id);
    if (raised) await deps.db.updateTable('screening_runs').set((eb) => ({ warnings: eb('warnings', '+', raised) })).where('id', '=', c.run_id).execute();
  }
  return { id, state: decision };
}

// ---------------------------------------------------------------- handling

export interface HandleInput {
  action: 'open_case' | 'dismiss' | 'deceased';
  reason?: string;
  date?: string;
  clue?: string;
  newHeadMemberId?: number;
}

/**
 * 处理预警 by the village or township: open an identification case through the monitoring chain's openCase (channel
 * 'warning', the clue pre-filled from the warning), dismiss it with a reason, or mark the member deceased through
 * the registry's own removeMember (its checks, history and audit).
 */
export async function handleWarning(deps: ScreeningDeps, actor: Actor, id: number, input: HandleInput) {
  const w = await warningFor(deps.db, actor.user, id);
  if (w.state !== 'open') throw new AppError('SCREENING_WARNING_HANDLED');
  let caseId: number | null = null;
  let state: 'case_opened' | 'dismissed' | 'corrected';
  if (input.action === 'open_case') {
    // The warning channel is the system's: the handler's scope was checked on the warning (warningFor).
    const opened = await openCase(deps, { kind: 'identification', channel: 'warning', householdId: w.household_id, clue: (input.clue?.trim() || w.clue).slice(0, 500) }, null);
    caseId = opened.id;
    state = 'case_opened';
  } else if (input.action === 'dismiss') {
    if (!input.reason?.trim()) throw new AppError('SCREENING_HANDLE_INPUT', { field: 'reason' });
    state = 'dismissed';
  } else {
    if (!input.date) throw new AppError('SCREENING_HANDLE_INPUT', { field: 'date' });
    if (!can(actor.user.role, 'registry.write')) throw new AppError('FORBIDDEN');
    await removeMember(deps.db, actor, w.household_id, w.member_id, { status: 'deceased', date: input.date, reason: input.reason?.trim() || '部门筛查预警：公安死亡记录', ...(input.newHeadMemberId ? { newHeadMemberId: input.newHeadMemberId } : {}) });
    state = 'corrected';
  }
  await deps.db.transaction().execute(async (trx) => {
    await setWarningHandled(trx, id, { state, handled_by: actor.user.id, reason: input.reason?.trim() || null, case_id: caseId });
    await recordAudit(trx, { ...auditActor(actor), action: 'screening.warning_handle', targetType: 'screening_warning', targetId: id, detail: { before: { state: 'open' }, after: { state, caseId, reason: input.reason ?? null } } });
  });
  return { id, state, caseId };
}
