import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { assertInScope, type Scope } from '../../core/scope.js';
import type { SessionUser } from '../../server/context.js';
import { attachmentInfos } from '../files/repo.js';
import { latestIncome } from '../income/repo.js';
import { policyById, policyInForce } from '../policy/repo.js';
import type { PolicyValues } from '../policy/values.js';
import { addWorkingDays, urgencyOf, type Urgency } from '../policy/working-days.js';
import { eliminationFactsOf } from './elimination.js';
import { eliminationRefusals } from './elimination-rules.js';
import { caseMachine, CASE_STATES, CASE_TRANSITIONS, type CaseRow, type CaseState } from './machine.js';
import { permits } from '../../core/state-machine.js';
import { areaNames, caseHistory, currentRecord, householdCases, householdOf, loadCase, openCasePolicies, openCases, records, type CaseListRow, type TransitionRow } from './repo.js';

/** The reads of the monitoring chain: a case, the inbox, the area's open cases, a household's status. */

type Deps = { db: Kysely<DB>; config: Config };

const RANK: Record<Urgency, number> = { overdue: 0, due_soon: 1, ok: 2 };

/** Which steps wait for which role (the machine's people), for the inbox. */
const WAITING_FOR: Partial<Record<SessionUser['role'], CaseState[]>> = {
  village_clerk: ['visit', 'appraisal', 'notice'],
  township_reviewer: ['township_review'],
  county_reviewer: ['comparison', 'county_approval'],
};

async function policies(db: Kysely<DB>, ids: number[]): Promise<Map<number, PolicyValues>> {
  const out = new Map<number, PolicyValues>();
  for (const id of new Set(ids)) out.set(id, await policyById(db, id));
  return out;
}

/** The worse of the step's time limit and the whole procedure's (from the first clue). */
function urgency(c: CaseRow, policy: PolicyValues, today: string): Urgency {
  if (c.closed_at) return 'ok';
  const step = urgencyOf(c.step_due_on, today, policy);
  const whole = urgencyOf(c.due_on, today, policy);
  return RANK[step] <= RANK[whole] ? step : whole;
}

function caseDto(c: CaseRow & Partial<CaseListRow>, policy: PolicyValues, today: string, history?: TransitionRow[]) {
  return {
    id: c.id,
    caseNo: c.case_no,
    kind: c.kind,
    eliminationKind: c.elimination_kind,
    channel: c.channel,
    householdId: c.household_id,
    householdNo: c.household_no ?? null,
    headName: c.head_name ?? null,
    villageCode: c.village_code,
    villageName: c.village_name ?? null,
    townshipName: c.township_name ?? null,
    state: c.state,
    stateLabel: CASE_STATES[c.state],
    version: c.version,
    clue: c.clue,
    openedAt: c.opened_at.toISOString(),
    dueOn: c.due_on,
    stepStartedOn: c.step_started_on,
    stepDueOn: c.step_due_on,
    urgency: urgency(c, policy, today),
    returnedReason: c.returned_reason,
    closedAt: c.closed_at?.toISOString() ?? null,
    outcome: c.outcome,
    policyId: c.policy_id,
    ...(history
      ? {
          steps: { visit: c.visit ?? null, comparison: c.comparison ?? null, appraisal: c.appraisal ?? null, notice: c.notice ?? null, township: c.township ?? null, county: c.county ?? null },
          history,
        }
      : {}),
  };
}

/** A case with its steps, its history and the transitions the user may take on it now (the screens' buttons). */
export async function getCase(deps: Deps, user: SessionUser, id: number) {
  const c = await loadCase(deps.db, id, user);
  const policy = await policyById(deps.db, c.policy_id);
  const history = (await caseHistory(deps.db, [c.id])).get(c.id) ?? [];
  const today = chinaDay(nowOf(deps.config));
  const machine = caseMachine({ kind: c.kind, policy, today });
  const actor = { user, ip: '' };
  const allowedActions = c.closed_at ? [] : CASE_TRANSITIONS.filter((t) => permits(machine, c, t, actor));
  return { ...caseDto(c, policy, today, history), allowedActions, attachments: await attachmentInfos(deps.db, attachmentIdsOf(c)) };
}

/** The attachment ids the case's steps cite (the visit's authorisation and photos, the appraisal's minutes). */
function attachmentIdsOf(c: CaseRow): string[] {
  const visit = c.visit as { authorisation?: string[]; photos?: string[] } | null;
  const appraisal = c.appraisal as { minutes?: string[] } | null;
  return [...(visit?.authorisation ?? []), ...(visit?.photos ?? []), ...(appraisal?.minutes ?? [])];
}


/** A page of a list of open cases: the items (overdue first), the counts of all of them, the page shown. */
export interface Paging {
  page?: number;
  pageSize?: number;
}

async function listOf(deps: Deps, scope: SessionUser, q: { states?: CaseState[]; areaCode?: string }, paging: Paging) {
  const today = chinaDay(nowOf(deps.config));
  const page = paging.page ?? 1;
  const pageSize = paging.pageSize ?? 100;
  // Due soon: at most 2 working days left, i.e. due before the 3rd working day after today (each policy's calendar).
  const soonOn = new Map<number, string>();
  const pol = await policies(deps.db, await openCasePolicies(deps.db, scope, q));
  for (const [id, p] of pol) soonOn.set(id, addWorkingDays(today, 3, p));
  const r = await openCases(deps.db, scope, { ...q, today, soonOn, offset: (page - 1) * pageSize, limit: pageSize, byVillage: scope.areaLevel >= 4 });
  // A case opened meanwhile under a newer policy: its version read now.
  for (const c of r.rows) if (!pol.has(c.policy_id)) pol.set(c.policy_id, await policyById(deps.db, c.policy_id));
  const items = r.rows.map((c) => caseDto(c, pol.get(c.policy_id)!, today));
  return { items, page, pageSize, counts: { total: r.total, overdue: r.overdue, dueSoon: r.dueSoon, byState: r.byState }, byPlace: r.byPlace };
}

/** 待办: the open cases waiting for this user's role in the user's area, overdue first, with counts of all of them. */
export async function inbox(deps: Deps, user: SessionUser, paging: Paging = {}) {
  const states = WAITING_FOR[user.role] ?? [];
  if (!states.length) return { items: [], page: 1, pageSize: paging.pageSize ?? 100, counts: { total: 0, overdue: 0, dueSoon: 0, byState: {} } };
  const { byPlace: _places, ...out } = await listOf(deps, user, { states }, paging);
  return out;
}

/** The area's open cases by step and place (the county's and township's overview). */
export async function areaCases(deps: Deps, user: SessionUser, q: { state?: CaseState; areaCode?: string } & Paging) {
  if (q.areaCode) assertInScope(q.areaCode.padEnd(12, '0'), user);
  return listOf(deps, user, { states: q.state ? [q.state] : undefined, areaCode: q.areaCode }, q);
}

export type CardColour = 'red' | 'yellow' | 'green';

/**
 * The card (seed plan 3), derived: red — monitored with the latest per-capita net income below the line (not out of
 * poverty); yellow — monitored otherwise, or a household out of poverty whose latest income is below the line (low
 * income); green — stable.
 */
export function cardColour(monitored: boolean, perCapita: number | null, line: number): CardColour {
  const below = perCapita !== null && perCapita < line;
  if (monitored) return below ? 'red' : 'yellow';
  return below ? 'yellow' : 'green';
}

/** A household's monitoring status: state, category, risk types, since when, card colour, every case with its steps. */
export async function householdStatus(deps: Deps, user: SessionUser, householdId: number) {
  const h = await householdOf(deps.db, householdId);
  assertInScope(h.village_code, user);
  const today = chinaDay(nowOf(deps.config));
  const [current, all, cases, income, policy] = await Promise.all([
    currentRecord(deps.db, h.id),
    records(deps.db, h.id),
    householdCases(deps.db, h.id),
    latestIncome(deps.db, h.id),
    policyInForce(deps.db, h.village_code, today),
  ]);
  const history = await caseHistory(deps.db, cases.map((c) => c.id));
  const pol = await policies(deps.db, cases.map((c) => c.policy_id));
  const open = cases.find((c) => !c.closed_at);
  const state = current ? 'monitored' : all.length ? 'eliminated' : 'not_monitored';
  const category = current ? policy.categories.find((c) => c.code === current.category) ?? { code: current.category, zh: current.category, en: current.category } : null;
  return {
    householdId: h.id,
    householdNo: h.household_no,
    headName: h.head_name,
    registeredPoor: h.category === 'exited',
    state,
    underCase: open ? { id: open.id, caseNo: open.case_no, kind: open.kind, state: open.state } : null,
    category,
    riskTypes: ((current?.risk_types as string[] | undefined) ?? []).map((code) => policy.riskTypes.find((r) => r.code === code) ?? { code, zh: code, en: code }),
    since: current?.since ?? null,
    latestPerCapita: income?.perCapitaNet ?? null,
    monitoringLine: policy.monitoringLine,
    cardColour: cardColour(!!current, income?.perCapitaNet ?? null, policy.monitoringLine),
    // Why risk elimination cannot start now (a household nobody in which can work stays monitored: NO_LABOUR).
    eliminationRefusals: current ? eliminationRefusals(await eliminationFactsOf(deps.db, h.id, policy, today)) : [],
    records: all.map((r) => ({ category: r.category, since: r.since, endedOn: r.ended_on, endKind: r.end_kind, caseId: r.case_id })),
    cases: cases.map((c) => caseDto(c, pol.get(c.policy_id)!, today, history.get(c.id) ?? [])),
  };
}

/**
 * What the village's public notice (村内公示) shows, for printing and export: the household head, the village, the
 * risk types and the notice's days and objections — never an ID number, phone, bank account, income figure or
 * health detail.
 */
export async function publicNotice(deps: Deps, scope: Scope, id: number) {
  const c = await loadCase(deps.db, id, scope);
  const policy = await policyById(deps.db, c.policy_id);
  const h = c.household_id ? await householdOf(deps.db, c.household_id) : null;
  const names = await areaNames(deps.db, [c.village_code, `${c.village_code.slice(0, 9)}000`]);
  const visit = c.visit as { riskTypes?: string[] } | null;
  const notice = c.notice as { startOn: string; endOn: string; objections: { text: string; answer: string }[] } | null;
  return {
    caseNo: c.case_no,
    kind: c.kind,
    eliminationKind: c.elimination_kind,
    villageName: names.find((n) => n.code === c.village_code)?.name ?? '',
    townshipName: names.find((n) => n.code !== c.village_code)?.name ?? '',
    headName: h?.head_name ?? null,
    memberCount: h?.member_count ?? null,
    riskTypes: (visit?.riskTypes ?? []).map((code) => policy.riskTypes.find((r) => r.code === code) ?? { code, zh: code, en: code }),
    noticeDays: policy.noticeDays,
    startOn: notice?.startOn ?? null,
    endOn: notice?.endOn ?? null,
    objections: notice?.objections ?? [],
  };
}
