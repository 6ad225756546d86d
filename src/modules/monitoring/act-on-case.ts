import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { applyTransition, type Refusal } from '../../core/state-machine.js';
import type { Actor } from '../../server/context.js';
import { computeIncome, type IncomeForm } from '../../shared/income.js';
import { claimAttachments } from '../files/claim.js';
import { saveIncomeForm } from '../income/repo.js';
import { recordMonitoringDecision } from '../households/monitoring-decision.js';
import { policyById } from '../policy/repo.js';
import type { PolicyValues } from '../policy/values.js';
import { AppError } from './errors.js';
import { eliminationFactsOf } from './elimination.js';
import { eliminationRefusals } from './elimination-rules.js';
import { caseMachine, CASE_STATES, type CaseRow, type CaseTransition, type StepPayload } from './machine.js';
import './file-purposes.js'; // the purposes its forms' attachments are uploaded for
import { endMonitoring, householdOf, linkCaseHousehold, loadCase, openCaseOf, startMonitoring } from './repo.js';

export interface StepInput {
  version: number;
  reason?: string;
  visit?: {
    visitedOn: string;
    householdId?: number;
    income: IncomeForm;
    problems: { food: boolean; education: boolean; medical: boolean; housing: boolean; water: boolean };
    riskTypes: string[];
    rigidSpendingUnresolved?: boolean;
    note?: string;
    authorisation?: string[];
    photos?: string[];
  };
  comparison?: { finding: string };
  appraisal?: { heldOn: string; participants: number; result: 'agreed' | 'not_agreed'; votesFor?: number; votesAgainst?: number; note?: string; minutes?: string[] };
  notice?: { startOn: string; endOn: string; objections: { text: string; answer: string }[] };
  township?: { opinion?: string };
  county?: { category?: string; riskTypes?: string[]; opinion?: string };
}

/** Which form each transition takes (the rest take only a reason, or nothing). */
const FORM_OF: Partial<Record<CaseTransition, keyof StepInput>> = {
  recordVisit: 'visit',
  recordComparison: 'comparison',
  recordAppraisal: 'appraisal',
  recordNotice: 'notice',
};

const invalid = (field: string, reasonZh: string, reasonEn: string) => new AppError('CASE_STEP_INVALID', { field, reasonZh, reasonEn });

/**
 * Takes one step of a case for a person: checks the step's form (a field error names the field; nothing is written),
 * then the machine (role, area, level, state, guard, optimistic lock), then the step's effects in the same
 * transaction: the visit's income form, the household becoming monitored at the county's approval, or its monitoring
 * ending at an approved risk elimination. Rules come from the policy version the case was opened under.
 */
export async function actOnCase(deps: { db: Kysely<DB>; config: Config }, actor: Actor, caseId: number, transition: CaseTransition, input: StepInput): Promise<CaseRow> {
  const { db } = deps;
  const found = await loadCase(db, caseId, actor.user);
  // The client decided on the version it showed; a later one means someone else acted first (the same answer as
  // the machine's locked update gives when the other commits between this read and that update).
  if (found.version !== input.version) {
    const now = CASE_STATES[found.state];
    const entity = found.kind === 'identification' ? { zh: '监测识别案件', en: 'identification case' } : { zh: '风险消除案件', en: 'risk-elimination case' };
    throw new AppError('STATE_CONFLICT', { entityZh: entity.zh, entityEn: entity.en, stateZh: now.zh, stateEn: now.en });
  }
  const record: CaseRow = found;
  const policy = await policyById(db, record.policy_id);
  const today = chinaDay(nowOf(deps.config));
  const payload = checkForm(transition, record, input, policy, today);

  let eliminationRefusalsNow: Refusal[] | undefined;
  if (record.kind === 'elimination' && transition === 'countyApprove' && record.household_id) {
    eliminationRefusalsNow = eliminationRefusals(await eliminationFactsOf(db, record.household_id, policy, today));
  }
  const machine = caseMachine({ kind: record.kind, policy, today, eliminationRefusals: eliminationRefusalsNow });

  try {
    return await db.transaction().execute((trx) => write(trx, machine, record, transition, actor, input, payload, today, nowOf(deps.config)));
  } catch (err) {
    // Linking a self-declaration to a household that meanwhile has another open case.
    if ((err as { constraint?: string }).constraint === 'monitoring_cases_open_idx') {
      const open = await openCaseOf(db, Number(payload?.householdId));
      throw new AppError('CASE_OPEN_EXISTS', { caseNo: open?.case_no ?? '' }, { caseId: open?.id, caseNo: open?.case_no });
    }
    throw err;
  }
}

/** The step and its effects, in one transaction. */
async function write(
  trx: Transaction<DB>,
  machine: ReturnType<typeof caseMachine>,
  record: CaseRow,
  transition: CaseTransition,
  actor: Actor,
  input: StepInput,
  payload: StepPayload | undefined,
  today: string,
  at: Date,
): Promise<CaseRow> {
  const moved = await applyTransition(trx, machine, record, transition, actor, { payload, reason: input.reason ?? null, at });
  await claimStepAttachments(trx, record, transition, actor, payload);
  const householdId = record.household_id ?? (payload?.householdId as number | undefined) ?? null;
  if (transition === 'recordVisit' && householdId) {
    if (!record.household_id) {
      const h = await householdOf(trx, householdId);
      if (h.village_code !== record.village_code) throw invalid('householdId', '该户不在申请所在村', 'the household is not in the application’s village');
      await linkCaseHousehold(trx, record.id, householdId);
    }
    await saveIncomeForm(trx, householdId, record.id, input.visit!.visitedOn, input.visit!.income, actor.user.id);
  }
  if (transition === 'countyApprove' && householdId) {
    if (record.kind === 'identification') {
      const visit = record.visit as { riskTypes?: string[] } | null;
      await startMonitoring(trx, { householdId, caseId: record.id, category: input.county!.category!, riskTypes: input.county?.riskTypes ?? visit?.riskTypes ?? [], since: today });
      await recordMonitoringDecision(trx, actor, householdId, { event: 'start', caseNo: record.case_no, category: input.county!.category! });
    } else {
      await endMonitoring(trx, { householdId, caseId: record.id, endedOn: today, kind: record.elimination_kind });
      await recordMonitoringDecision(trx, actor, householdId, { event: 'end', caseNo: record.case_no, endKind: record.elimination_kind });
    }
  }
  return moved;
}

/**
 * The step's attachments, linked to the case in the step's transaction (a refused one refuses the step: the case
 * keeps its state). Identification's visit needs the household's signed authorisation (授权承诺书): it is what
 * allows the county to check the household's data and records its commitment to tell the truth. Risk elimination's
 * visit does not: the household signed it when it was identified and it holds while the household is monitored; a
 * new one may still be attached. Every appraisal needs its minutes.
 */
async function claimStepAttachments(trx: Transaction<DB>, record: CaseRow, transition: CaseTransition, actor: Actor, payload: StepPayload | undefined): Promise<void> {
  const base = { areaCode: record.village_code, userId: actor.user.id, linkTo: `monitoring_case:${record.id}` };
  if (transition === 'recordVisit') {
    const v = payload as { authorisation?: string[]; photos?: string[] };
    await claimAttachments(trx, v.authorisation ?? [], { ...base, purpose: 'monitoring.authorisation', field: 'visit.authorisation', min: record.kind === 'identification' ? 1 : 0 });
    await claimAttachments(trx, v.photos ?? [], { ...base, purpose: 'monitoring.photo', field: 'visit.photos' });
  }
  if (transition === 'recordAppraisal') {
    await claimAttachments(trx, (payload as { minutes?: string[] }).minutes ?? [], { ...base, purpose: 'monitoring.minutes', field: 'appraisal.minutes', min: 1 });
  }
}

/** The step's form, checked field by field; what the machine stores on the case. */
function checkForm(transition: CaseTransition, record: CaseRow, input: StepInput, policy: PolicyValues, today: string): StepPayload | undefined {
  const formKey = FORM_OF[transition];
  const step = CASE_STATES[record.state];
  if (formKey && !input[formKey]) throw new AppError('CASE_STEP_DATA', { stepZh: step.zh, stepEn: step.en, field: formKey });
  switch (transition) {
    case 'recordVisit': {
      const v = input.visit!;
      if (v.visitedOn > today) throw invalid('visit.visitedOn', '日期晚于今天', 'the date is after today');
      if (!record.household_id && !v.householdId) throw new AppError('CASE_HOUSEHOLD_REQUIRED');
      const known = new Set(policy.riskTypes.map((r) => r.code));
      const unknown = v.riskTypes.find((r) => !known.has(r));
      if (unknown) throw invalid('visit.riskTypes', `未知的风险类型 ${unknown}`, `unknown risk type ${unknown}`);
      if (record.kind === 'identification' && v.riskTypes.length === 0) throw invalid('visit.riskTypes', '至少选择一种风险类型', 'choose at least one risk type');
      if (record.kind === 'identification' && !v.authorisation?.length) throw invalid('visit.authorisation', '请上传农户签字的授权承诺书', 'upload the household’s signed authorisation and commitment');
      const figures = computeIncome(v.income);
      return { ...v, incomeFigures: figures, monitoringLine: policy.monitoringLine, belowLine: figures.perCapitaNet < policy.monitoringLine };
    }
    case 'recordNotice': {
      const n = input.notice!;
      if (n.endOn < n.startOn) throw invalid('notice.endOn', '结束日期早于开始日期', 'the end is before the start');
      return n;
    }
    case 'recordComparison':
      return input.comparison;
    case 'recordAppraisal':
      if (!input.appraisal!.minutes?.length) throw invalid('appraisal.minutes', '请上传评议会议记录', 'upload the minutes of the appraisal');
      return input.appraisal;
    case 'townshipApprove':
      return input.township ?? {};
    case 'countyApprove': {
      if (record.kind === 'elimination') return input.county ?? {};
      const c = input.county;
      if (!c?.category) throw new AppError('CASE_STEP_DATA', { stepZh: step.zh, stepEn: step.en, field: 'county.category' });
      if (!policy.categories.some((x) => x.code === c.category)) throw invalid('county.category', `未知的监测类别 ${c.category}`, `unknown category ${c.category}`);
      const known = new Set(policy.riskTypes.map((r) => r.code));
      if (c.riskTypes?.some((r) => !known.has(r))) throw invalid('county.riskTypes', '未知的风险类型', 'unknown risk type');
      return c;
    }
    default:
      return undefined;
  }
}
