import type { Selectable } from 'kysely';
import type { MonitoringCasesTable } from './tables.js';
import type { Machine, Refusal, Transition } from '../../core/state-machine.js';
import { daysBetween, dueDate } from '../policy/working-days.js';
import type { PolicyValues, StepKey } from '../policy/values.js';
import { CASE_STATES, type CaseState, type CaseTransition } from '../../shared/monitoring.js';

/**
 * A case's steps (core/state-machine.ts). Identification (识别):
 *
 *   visit ─recordVisit→ comparison ─recordComparison→ appraisal ─recordAppraisal→ notice ─recordNotice→ township_review
 *     ─townshipApprove→ county_approval ─countyApprove→ approved  (─countyReject→ rejected)
 *   returns go back one step with a reason: comparison→visit, township_review→notice, county_approval→township_review
 *
 * Risk elimination (风险消除) is the same chain without the county data comparison (visit → appraisal).
 * Who: the village clerk of the household's village records the visit, appraisal and notice; a county reviewer of its
 * county compares the department data (the county runs the comparisons, DOMAIN.md) and approves; a township
 * reviewer of its township reviews.
 */
export { CASE_STATES, CASE_TRANSITIONS, type CaseState, type CaseTransition } from '../../shared/monitoring.js';

export type CaseRow = Omit<Selectable<MonitoringCasesTable>, 'state'> & { state: CaseState };

/** The step's form, as the use case checked it (stored on the case as the step's record). */
export type StepPayload = Record<string, unknown>;

/** The column each transition writes its form into. */
export const STEP_COLUMN: Partial<Record<CaseTransition, 'visit' | 'comparison' | 'appraisal' | 'notice' | 'township' | 'county'>> = {
  recordVisit: 'visit',
  recordComparison: 'comparison',
  recordAppraisal: 'appraisal',
  recordNotice: 'notice',
  townshipApprove: 'township',
  countyApprove: 'county',
  countyReject: 'county',
};

const clerk = { roles: ['village_clerk'], level: 5 } as const;
const township = { roles: ['township_reviewer'], level: 4 } as const;
const county = { roles: ['county_reviewer'], level: 3 } as const;

export interface MachineContext {
  kind: 'identification' | 'elimination';
  policy: PolicyValues;
  today: string;
  /** Risk elimination: why it cannot be approved now (the facts as the use case read them). */
  eliminationRefusals?: Refusal[];
}

export function caseMachine(m: MachineContext): Machine<CaseState, CaseTransition, CaseRow, StepPayload> {
  const { policy, today } = m;
  const cal = policy;
  /** Entering a step: it starts today and is due by its limit. */
  const enter = (step: CaseState) => ({
    step_started_on: today,
    step_due_on: step in policy.stepLimits ? dueDate(today, policy.stepLimits[step as StepKey], policy.timeUnit, cal) : today,
  });
  const t = (x: Transition<CaseState, CaseRow, StepPayload>) => x;
  const forward = (to: CaseState, column: string) => ({ payload }: { payload: StepPayload | undefined }) => ({
    ...enter(to),
    returned_reason: null,
    [column]: JSON.stringify({ ...payload, on: today }),
  });
  const back = (to: CaseState) => ({ reason }: { reason: string | null }) => ({ ...enter(to), returned_reason: reason });
  const close = (outcome: 'approved' | 'rejected') => ({ payload, reason }: { payload: StepPayload | undefined; reason: string | null }) => ({
    closed_at: new Date(`${today}T12:00:00+08:00`),
    outcome,
    step_due_on: today,
    county: JSON.stringify({ ...payload, ...(reason ? { reason } : {}), on: today }),
  });
  const afterVisit: CaseState = m.kind === 'identification' ? 'comparison' : 'appraisal';
  const machine: Machine<CaseState, CaseTransition, CaseRow, StepPayload> = {
    entity: 'monitoring_case',
    label: { zh: m.kind === 'identification' ? '监测识别案件' : '风险消除案件', en: m.kind === 'identification' ? 'identification case' : 'risk-elimination case' },
    table: 'monitoring_cases',
    areaOf: (c) => c.village_code,
    states: CASE_STATES,
    transitions: {
      recordVisit: t({ label: { zh: '入户核实', en: 'record the home visit' }, from: ['visit'], to: afterVisit, people: clerk, set: forward(afterVisit, 'visit') }),
      returnToVisit: t({
        label: { zh: '退回入户核实', en: 'return to the home visit' },
        from: ['comparison'],
        to: 'visit',
        people: county,
        reasonRequired: true,
        set: back('visit'),
      }),
      recordComparison: t({
        label: { zh: '信息比对', en: 'record the data comparison' },
        from: ['comparison'],
        to: 'appraisal',
        people: county,
        set: forward('appraisal', 'comparison'),
      }),
      recordAppraisal: t({
        label: { zh: '民主评议', en: 'record the village appraisal' },
        from: ['appraisal'],
        to: 'notice',
        people: clerk,
        // No form yet (allows(): may the button show?): nothing of the form to judge.
        guard: ({ payload }) => {
          if (!payload) return [];
          const held = String(payload.heldOn ?? '');
          return held > today ? [{ code: 'DATE_FUTURE', zh: '评议日期晚于今天', en: 'the appraisal date is after today' }] : [];
        },
        set: forward('notice', 'appraisal'),
      }),
      recordNotice: t({
        label: { zh: '村内公示', en: 'record the public notice' },
        from: ['notice'],
        to: 'township_review',
        people: clerk,
        guard: ({ record, payload }) => (payload ? noticeRefusals(record, payload, policy.noticeDays, today) : []),
        set: forward('township_review', 'notice'),
      }),
      townshipApprove: t({
        label: { zh: '乡镇审核通过', en: 'approve at the township' },
        from: ['township_review'],
        to: 'county_approval',
        people: township,
        set: forward('county_approval', 'township'),
      }),
      townshipReturn: t({
        label: { zh: '乡镇退回', en: 'return from the township' },
        from: ['township_review'],
        to: 'notice',
        people: township,
        reasonRequired: true,
        set: back('notice'),
      }),
      countyApprove: t({
        label: { zh: '县级审定通过', en: 'approve at the county' },
        from: ['county_approval'],
        to: 'approved',
        people: county,
        guard: () => m.eliminationRefusals ?? [],
        set: close('approved'),
      }),
      countyReturn: t({
        label: { zh: '县级退回', en: 'return from the county' },
        from: ['county_approval'],
        to: 'township_review',
        people: county,
        reasonRequired: true,
        set: back('township_review'),
      }),
      countyReject: t({
        label: { zh: '县级审定不予纳入', en: 'reject at the county' },
        from: ['county_approval'],
        to: 'rejected',
        people: county,
        reasonRequired: true,
        set: close('rejected'),
      }),
    },
  };
  // Every step's audit entry: the case before (state, version, the step's earlier record) and after.
  for (const [name, tr] of Object.entries(machine.transitions) as [CaseTransition, Transition<CaseState, CaseRow, StepPayload>][]) {
    const column = STEP_COLUMN[name];
    tr.audit = {
      detail: ({ record, payload, reason }) => ({
        caseNo: record.case_no,
        before: { state: record.state, version: record.version, ...(column ? { [column]: record[column] ?? null } : {}) },
        after: { state: tr.to, version: record.version + 1, ...(column ? { [column]: payload ?? null } : {}) },
        ...(reason ? { reason } : {}),
      }),
    };
  }
  return machine;
}

/** The notice lasts at least the policy's days, is over, and follows the appraisal. */
function noticeRefusals(record: CaseRow, payload: StepPayload | undefined, noticeDays: number, today: string): Refusal[] {
  const start = String(payload?.startOn ?? '');
  const end = String(payload?.endOn ?? '');
  const out: Refusal[] = [];
  if (end < start) return [{ code: 'DATES_ORDER', zh: '公示结束日期早于开始日期', en: 'the notice ends before it starts' }];
  const days = daysBetween(start, end) + 1;
  if (days < noticeDays) out.push({ code: 'NOTICE_SHORT', zh: `公示 ${days} 天，少于政策规定的 ${noticeDays} 天`, en: `the notice lasted ${days} days, fewer than the policy's ${noticeDays}` });
  if (end > today) out.push({ code: 'NOTICE_NOT_OVER', zh: `公示至 ${end} 方结束`, en: `the notice runs until ${end}` });
  const appraised = (record.appraisal as { heldOn?: string } | null)?.heldOn;
  if (appraised && start < appraised) out.push({ code: 'NOTICE_BEFORE_APPRAISAL', zh: '公示开始早于民主评议', en: 'the notice starts before the appraisal' });
  return out;
}
