/**
 * The monitoring chain's case states and transitions (防止返贫致贫监测), spelled out once for the server's state
 * machine (src/modules/monitoring/machine.ts) and the web app's screens. Who may take which transition is the
 * machine's: the case API says which ones the caller may take now (`allowedActions`). Imports nothing.
 */
export const CASE_STATE_NAMES = ['visit', 'comparison', 'appraisal', 'notice', 'township_review', 'county_approval', 'approved', 'rejected'] as const;
export type CaseState = (typeof CASE_STATE_NAMES)[number];

/** The states a case waits in for a person (each with its own time limit in the policy). */
export type CaseStep = Exclude<CaseState, 'approved' | 'rejected'>;

export const CASE_STATES: Record<CaseState, { zh: string; en: string }> = {
  visit: { zh: '入户核实', en: 'home visit' },
  comparison: { zh: '信息比对', en: 'data comparison' },
  appraisal: { zh: '民主评议', en: 'village appraisal' },
  notice: { zh: '村内公示', en: 'public notice' },
  township_review: { zh: '乡镇审核', en: 'township review' },
  county_approval: { zh: '县级审定', en: 'county approval' },
  approved: { zh: '已审定', en: 'approved' },
  rejected: { zh: '未通过', en: 'rejected' },
};

export const CASE_TRANSITIONS = [
  'recordVisit',
  'returnToVisit',
  'recordComparison',
  'recordAppraisal',
  'recordNotice',
  'townshipApprove',
  'townshipReturn',
  'countyApprove',
  'countyReturn',
  'countyReject',
] as const;
export type CaseTransition = (typeof CASE_TRANSITIONS)[number];

/** Identification's steps in order; risk elimination runs the same chain without the county's data comparison. */
export const IDENTIFICATION_STEPS: readonly CaseStep[] = ['visit', 'comparison', 'appraisal', 'notice', 'township_review', 'county_approval'];
export const ELIMINATION_STEPS: readonly CaseStep[] = ['visit', 'appraisal', 'notice', 'township_review', 'county_approval'];

/** The transitions leaving each step (the machine's `from`). */
export const TRANSITIONS_OF: Record<CaseStep, readonly CaseTransition[]> = {
  visit: ['recordVisit'],
  comparison: ['recordComparison', 'returnToVisit'],
  appraisal: ['recordAppraisal'],
  notice: ['recordNotice'],
  township_review: ['townshipApprove', 'townshipReturn'],
  county_approval: ['countyApprove', 'countyReturn', 'countyReject'],
};

export const isCaseStep = (s: string): s is CaseStep => s in TRANSITIONS_OF;
