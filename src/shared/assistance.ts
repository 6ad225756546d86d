/**
 * Assistance (帮扶) data shared by the server and the web app: the measure groups of the national system, which
 * labour capacities count as "has labour capacity", and the visit schedule's arithmetic. Imports no module.
 */

export const MEASURE_GROUPS = [
  { code: 'industry', zh: '产业帮扶', en: 'Industry' },
  { code: 'employment', zh: '就业帮扶', en: 'Employment' },
  { code: 'finance', zh: '金融帮扶（小额信贷）', en: 'Finance (microcredit)' },
  { code: 'welfare_post', zh: '公益岗位帮扶', en: 'Public-welfare post' },
  { code: 'health', zh: '健康帮扶', en: 'Health' },
  { code: 'compulsory_education', zh: '义务教育保障', en: 'Compulsory education' },
  { code: 'other_education', zh: '其他教育帮扶（雨露计划）', en: 'Other education (Yulu plan)' },
  { code: 'social_security', zh: '综合保障（低保、特困、临时救助）', en: 'Social security (dibao, tekun, temporary aid)' },
  { code: 'housing', zh: '住房安全保障', en: 'Housing safety' },
  { code: 'water', zh: '饮水安全保障', en: 'Drinking water safety' },
  { code: 'social_help', zh: '社会帮扶', en: 'Social help' },
  { code: 'relocation', zh: '搬迁后续扶持', en: 'Relocation follow-up' },
  { code: 'living_conditions', zh: '生产生活条件改善', en: 'Production and living conditions' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const;
export type MeasureGroup = (typeof MEASURE_GROUPS)[number]['code'];
export const MEASURE_GROUP_CODES = MEASURE_GROUPS.map((g) => g.code) as readonly MeasureGroup[];

/** A household with labour capacity gets at least one measure of these groups (产业, 就业). */
export const WORK_GROUPS: readonly MeasureGroup[] = ['industry', 'employment'];

/** Labour capacities (shared/codes.ts `labour`) that count as having labour capacity: normal, skilled, weak/half. */
export const LABOUR_CAPABLE = ['normal', 'skilled', 'weak'] as const;

/** The largest amount of one measure, in yuan. */
export const MEASURE_AMOUNT_MAX = 10_000_000;

/** A measure ends "soon" within this many days. */
export const ENDING_SOON_DAYS = 30;

export interface VisitSchedule {
  monitoredMonths: number;
  exitedMonths: number;
  leftBehindMonths: number;
}
export const DEFAULT_SCHEDULE: VisitSchedule = { monitoredMonths: 1, exitedMonths: 3, leftBehindMonths: 1 };

/** The calendar day `months` after `day` (YYYY-MM-DD), clamped at the month's end: 01-31 + 1 → 02-28 (or 29). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Days from a to b (b − a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export type VisitReason = 'monitored' | 'left_behind' | 'exited';

/**
 * How often a household is visited: the shortest interval of what applies (monitored now, or a 监测户 of the
 * registry; left-behind elderly or
 * children; an exited household, 脱贫户). null: no schedule (an ordinary household with no left-behind member).
 */
export function visitInterval(h: { monitored: boolean; category: string; hasLeftBehind: boolean }, s: VisitSchedule): { months: number; reason: VisitReason } | null {
  const options: { months: number; reason: VisitReason }[] = [];
  if (h.monitored || h.category === 'monitored') options.push({ months: s.monitoredMonths, reason: 'monitored' });
  if (h.hasLeftBehind) options.push({ months: s.leftBehindMonths, reason: 'left_behind' });
  if (h.category === 'exited') options.push({ months: s.exitedMonths, reason: 'exited' });
  if (!options.length) return null;
  return options.reduce((a, b) => (b.months < a.months ? b : a));
}

/**
 * The next visit's due day: the interval after the last visit, or after the pairing when there was none yet.
 * Overdue when the due day is before today.
 */
export function visitDue(
  h: { monitored: boolean; category: string; hasLeftBehind: boolean; lastVisit: string | null; assignedOn: string },
  s: VisitSchedule,
  today: string,
): { dueOn: string | null; overdueDays: number; reason: VisitReason | null } {
  const interval = visitInterval(h, s);
  if (!interval) return { dueOn: null, overdueDays: 0, reason: null };
  const dueOn = addMonths(h.lastVisit ?? h.assignedOn, interval.months);
  return { dueOn, overdueDays: Math.max(0, daysBetween(dueOn, today)), reason: interval.reason };
}
