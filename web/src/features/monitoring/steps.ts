/**
 * The procedure as the screens need it, mirroring the server's machine (src/modules/monitoring/machine.ts): the order
 * of the steps and who acts in each. The server decides (role, area, state, version); this only chooses which form
 * to show. The API does not yet say which transitions the caller may take (see the report), hence the mirror.
 */
import type { Case, StepTransition } from './api';

export type Step = 'visit' | 'comparison' | 'appraisal' | 'notice' | 'township_review' | 'county_approval';
export type Actor = 'village_clerk' | 'township_reviewer' | 'county_reviewer';

const IDENTIFICATION: Step[] = ['visit', 'comparison', 'appraisal', 'notice', 'township_review', 'county_approval'];
// Risk elimination runs the same chain without the county's data comparison.
const ELIMINATION: Step[] = ['visit', 'appraisal', 'notice', 'township_review', 'county_approval'];

export const stepsOf = (kind: string): Step[] => (kind === 'elimination' ? ELIMINATION : IDENTIFICATION);

export const WHO_ACTS: Record<Step, Actor> = {
  visit: 'village_clerk',
  comparison: 'county_reviewer',
  appraisal: 'village_clerk',
  notice: 'village_clerk',
  township_review: 'township_reviewer',
  county_approval: 'county_reviewer',
};

export const TRANSITIONS_OF: Record<Step, StepTransition[]> = {
  visit: ['recordVisit'],
  comparison: ['recordComparison', 'returnToVisit'],
  appraisal: ['recordAppraisal'],
  notice: ['recordNotice'],
  township_review: ['townshipApprove', 'townshipReturn'],
  county_approval: ['countyApprove', 'countyReturn', 'countyReject'],
};

export const isStep = (s: string): s is Step => s in WHO_ACTS;

/** Whether this role acts in the case's current step (the server also checks the area and the version). */
export function mayAct(role: string | undefined, c: Pick<Case, 'state' | 'closedAt'>): boolean {
  return !c.closedAt && isStep(c.state) && WHO_ACTS[c.state] === role;
}

/** The inbox's roles: those the machine lets act on some step. */
export const ACTING_ROLES: readonly string[] = ['village_clerk', 'township_reviewer', 'county_reviewer'];

/** Today in China (the day time limits count), YYYY-MM-DD. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Days from a to b, both ends included (a notice of the 1st to the 5th lasts 5 days). */
export function daysInclusive(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;
}
