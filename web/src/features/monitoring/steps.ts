/**
 * The procedure as the screens need it: the order of the steps (src/shared/monitoring.ts, shared with the server's
 * machine) and whom a step waits for, to say so to others. Which buttons a user gets is the server's answer: the
 * case's `allowedActions`.
 */
import { ELIMINATION_STEPS, IDENTIFICATION_STEPS, isCaseStep, type CaseStep } from '../../../../src/shared/monitoring';
import type { Case, StepTransition } from './api';

export type Step = CaseStep;
export type Actor = 'village_clerk' | 'township_reviewer' | 'county_reviewer';

export const stepsOf = (kind: string): readonly Step[] => (kind === 'elimination' ? ELIMINATION_STEPS : IDENTIFICATION_STEPS);

export const WHO_ACTS: Record<Step, Actor> = {
  visit: 'village_clerk',
  comparison: 'county_reviewer',
  appraisal: 'village_clerk',
  notice: 'village_clerk',
  township_review: 'township_reviewer',
  county_approval: 'county_reviewer',
};

export const isStep = isCaseStep;

/** Whether the server lets this user take any step of the case now (its role, area, level and the case's state). */
export function mayAct(c: Pick<Case, 'allowedActions' | 'closedAt'>): boolean {
  return !c.closedAt && (c.allowedActions?.length ?? 0) > 0;
}

/** Whether the user may take this transition now (a button is shown only then). */
export const allowed = (c: Pick<Case, 'allowedActions'>, t: StepTransition): boolean => !!c.allowedActions?.includes(t);

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
