import type { Selectable } from 'kysely';
import type { MonitoringPoliciesTable } from './tables.js';
import type { DayUnit, HolidayCalendar } from './working-days.js';

/** An entry of an editable code table (categories 监测类别, risk types 风险类型). */
export interface CodeItem {
  code: string;
  zh: string;
  en: string;
}

/** The steps a case waits in, each with its own time limit. */
export const STEP_KEYS = ['visit', 'comparison', 'appraisal', 'notice', 'township_review', 'county_approval'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

/** One version of a policy, as the rules read it. */
export interface PolicyValues extends HolidayCalendar {
  id: number;
  areaCode: string;
  /** 0 national default, 1 province, 3 county. */
  areaLevel: number;
  year: number;
  version: number;
  effectiveFrom: string;
  /** 监测范围: per-capita net income a year, yuan. */
  monitoringLine: number;
  categories: CodeItem[];
  riskTypes: CodeItem[];
  noticeDays: number;
  /** The whole identification, from the first clue. */
  timeLimit: number;
  timeUnit: DayUnit;
  stepLimits: Record<StepKey, number>;
  stabilityMonths: number;
  holidays: string[];
  workdays: string[];
}

export const NATIONAL_AREA = '000000000000';

export function policyOf(r: Selectable<MonitoringPoliciesTable>): PolicyValues {
  return {
    id: r.id,
    areaCode: r.area_code,
    areaLevel: r.area_level,
    year: r.year,
    version: r.version,
    effectiveFrom: r.effective_from,
    monitoringLine: Number(r.monitoring_line),
    categories: r.categories as CodeItem[],
    riskTypes: r.risk_types as CodeItem[],
    noticeDays: r.notice_days,
    timeLimit: r.time_limit,
    timeUnit: r.time_unit,
    stepLimits: r.step_limits as Record<StepKey, number>,
    stabilityMonths: r.stability_months,
    holidays: r.holidays as string[],
    workdays: r.workdays as string[],
  };
}

/** The areas whose policy may apply to a place, most specific first: its county, its province, the nation. */
export function policyAreasOf(code: string): string[] {
  const out = [];
  if (code.length >= 6 && code.slice(2, 6) !== '0000') out.push(code.slice(0, 6).padEnd(12, '0'));
  out.push(code.slice(0, 2).padEnd(12, '0'));
  out.push(NATIONAL_AREA);
  return out;
}
