/** Microcredit's rules that need no database: limits, dates, a loan's state. */

/** The national defaults (脱贫人口小额信贷): 50,000 yuan, 3 years. A county may set its own (microcredit_settings). */
export const DEFAULT_LIMITS = { maxAmount: 50_000, maxTermMonths: 36 } as const;
/** An extension (展期) ends at most this many months after the original due date, and a loan is extended once. */
export const EXTENSION_MAX_MONTHS = 12;
/** A loan due within this many days is warned of. */
export const DUE_SOON_DAYS = 30;
/** The borrower's age on the issue day (the policy: 18–65). */
export const BORROWER_AGE = { min: 18, max: 65 } as const;
/** Banks seen in counties' rolls (the form offers them; any other text is accepted). */
export const BANKS = ['中国农业银行', '农村商业银行', '农村信用合作社', '中国邮政储蓄银行', '村镇银行', '中国建设银行', '中国工商银行'] as const;

/** A day `months` later (the same day of the month, or the month's last day: 2026-01-31 + 1 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Full years from a birth date to a day. */
export function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) < birth.slice(5) ? years - 1 : years;
}

export type LoanStatus = 'repaid' | 'overdue' | 'due_soon' | 'active';

/** Overdue: past its due day with a balance; due soon: a balance and due within DUE_SOON_DAYS days. */
export function loanStatus(l: { balance: number; dueOn: string }, today: string): LoanStatus {
  if (l.balance <= 0) return 'repaid';
  if (l.dueOn < today) return 'overdue';
  if (l.dueOn <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  return 'active';
}

export const cents = (n: number) => Math.round(n * 100);
export const hasCents = (n: number) => Math.abs(cents(n) - n * 100) < 1e-6;
