import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, dueDate, isWorkingDay, urgencyOf, workingDaysBetween, type HolidayCalendar } from './working-days.js';

// The 2026 calendar of the national default policy (migration 0020): National Day 1–7 October, make-up working days
// Sunday 20 September and Saturday 10 October; Mid-Autumn 25–27 September.
const cal2026: HolidayCalendar = {
  holidays: ['2026-09-25', '2026-09-26', '2026-09-27', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-20', '2026-10-10'],
};
const none: HolidayCalendar = { holidays: [], workdays: [] };

test('a weekend is skipped: Friday + 1 working day is Monday', () => {
  assert.equal(addWorkingDays('2026-03-06', 1, none), '2026-03-09');
  assert.equal(addWorkingDays('2026-03-06', 5, none), '2026-03-13');
  assert.equal(isWorkingDay('2026-03-07', none), false);
  assert.equal(isWorkingDay('2026-03-09', none), true);
});

test('the National Day week is off and its make-up Saturday is a working day', () => {
  // Wednesday 30 September + 1 working day: Thursday 1 October … Wednesday 7 are off, Thursday 8 October.
  assert.equal(addWorkingDays('2026-09-30', 1, cal2026), '2026-10-08');
  assert.equal(addWorkingDays('2026-09-30', 3, cal2026), '2026-10-10'); // 8, 9, then Saturday 10 (make-up)
  assert.equal(addWorkingDays('2026-09-30', 4, cal2026), '2026-10-12');
  assert.equal(isWorkingDay('2026-10-10', cal2026), true);
  assert.equal(isWorkingDay('2026-10-10', none), false);
  assert.equal(workingDaysBetween('2026-09-30', '2026-10-11', cal2026), 3);
});

test('a make-up Sunday counts and a holiday Friday does not', () => {
  assert.equal(isWorkingDay('2026-09-20', cal2026), true);
  assert.equal(addWorkingDays('2026-09-18', 1, cal2026), '2026-09-20');
  assert.equal(isWorkingDay('2026-09-25', cal2026), false);
  assert.equal(addWorkingDays('2026-09-24', 1, cal2026), '2026-09-28');
});

test('20 working days from the first clue vs 15 calendar days', () => {
  assert.equal(dueDate('2026-09-21', 15, 'calendar', cal2026), '2026-10-06'); // holidays do not stop calendar days
  // 22,23,24, 28,29,30, 8,9,10(Sat), 12..16, 19..23, 26 → the 20th working day
  assert.equal(dueDate('2026-09-21', 20, 'working', cal2026), '2026-10-26');
  assert.equal(dueDate('2026-02-27', 1, 'calendar', none), '2026-02-28');
});

test('urgency: due soon within 2 working days, overdue after the due day', () => {
  assert.equal(urgencyOf('2026-03-13', '2026-03-09', none), 'ok');
  assert.equal(urgencyOf('2026-03-13', '2026-03-11', none), 'due_soon');
  assert.equal(urgencyOf('2026-03-13', '2026-03-13', none), 'due_soon');
  assert.equal(urgencyOf('2026-03-13', '2026-03-14', none), 'overdue');
  // Over the National Day week, 30 September is 2 working days before 9 October.
  assert.equal(urgencyOf('2026-10-09', '2026-09-30', cal2026), 'due_soon');
  assert.equal(urgencyOf('2026-10-09', '2026-09-29', cal2026), 'ok');
});
