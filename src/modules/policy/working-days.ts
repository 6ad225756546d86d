/**
 * Days of the calendar and working days (工作日) as a policy counts them: weekends off, the public holidays of the
 * policy's calendar off, its make-up working days (调休上班, a Saturday or Sunday) on. Days are 'YYYY-MM-DD' strings:
 * a time limit is about days of the calendar, not instants. Imports nothing (pure, unit-tested).
 */
export interface HolidayCalendar {
  /** Days off besides weekends. */
  holidays: readonly string[];
  /** Weekend days that are working days. */
  workdays: readonly string[];
}

export type DayUnit = 'calendar' | 'working';

const DAY_MS = 86_400_000;

function toUtc(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addCalendarDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function isWorkingDay(day: string, cal: HolidayCalendar): boolean {
  if (cal.workdays.includes(day)) return true;
  if (cal.holidays.includes(day)) return false;
  const weekday = new Date(toUtc(day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after `day` (`day` itself does not count); n = 0: `day`. */
export function addWorkingDays(day: string, n: number, cal: HolidayCalendar): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string, cal: HolidayCalendar): number {
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

/** The last day of a time limit of `n` days of `unit` started on `start`. */
export function dueDate(start: string, n: number, unit: DayUnit, cal: HolidayCalendar): string {
  return unit === 'working' ? addWorkingDays(start, n, cal) : addCalendarDays(start, n);
}

export type Urgency = 'ok' | 'due_soon' | 'overdue';

/** Overdue after its due day; due soon when at most 2 working days are left (the lists' orange). */
export function urgencyOf(due: string, today: string, cal: HolidayCalendar): Urgency {
  if (today > due) return 'overdue';
  return workingDaysBetween(today, due, cal) <= 2 ? 'due_soon' : 'ok';
}
