import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, SessionUser } from '../../server/context.js';
import { assertInScope, LEVEL_PREFIX } from '../../core/scope.js';
import { XlsxWriter } from '../../core/xlsx-writer.js';
import { AppError } from './errors.js';
import { recordActorAudit as audit } from '../audit/actor.js';
import { areaNamesOf, borrowerCandidates, extensionOf, getLoan, isVillage, limitsOf, listLoans, reportFigures, repaymentsOf, type LoanFilter, type LoanRow } from './repo.js';
import { ageOn, BORROWER_AGE, loanStatus } from './rules.js';

/** Microcredit's reads: the list, a loan with its repayments, the borrower picker, limits, the report. */

export function loanDto(l: LoanRow, today: string) {
  const amount = Number(l.amount);
  const balance = Math.round((amount - Number(l.principal_repaid)) * 100) / 100;
  return {
    id: l.id,
    householdId: l.household_id,
    householdNo: l.household_no,
    memberId: l.member_id,
    borrowerName: l.borrower_name,
    borrowerIdMasked: l.borrower_id_masked,
    villageCode: l.village_code,
    villageName: l.village_name,
    townshipName: l.township_name,
    bank: l.bank,
    amount,
    termMonths: l.term_months,
    rate: Number(l.rate),
    subsidized: l.subsidized,
    subsidyRate: l.subsidy_rate == null ? null : Number(l.subsidy_rate),
    purpose: l.purpose,
    issuedOn: l.issued_on,
    originalDueOn: l.original_due_on,
    dueOn: l.due_on,
    principalRepaid: Number(l.principal_repaid),
    interestPaid: Number(l.interest_paid),
    balance,
    status: loanStatus({ balance, dueOn: l.due_on }, today),
    extended: l.due_on !== l.original_due_on,
    version: l.version,
  };
}

export async function loanList(db: Kysely<DB>, user: SessionUser, f: LoanFilter & { page: number; pageSize: number }, today: string) {
  if (f.areaCode) assertInScope(f.areaCode.padEnd(12, '0'), user);
  const { items, total } = await listLoans(db, user, { ...f, q: f.q?.trim() || undefined }, today);
  return { items: items.map((l) => loanDto(l, today)), total, page: f.page, pageSize: f.pageSize };
}

export async function loanDetail(db: Kysely<DB>, user: SessionUser, id: number, today: string) {
  const loan = await getLoan(db, user, id);
  const ext = await extensionOf(db, id);
  return {
    ...loanDto(loan, today),
    repayments: (await repaymentsOf(db, id)).map((r) => ({ id: r.id, paidOn: r.paid_on, principal: Number(r.principal), interest: Number(r.interest) })),
    extension: ext ? { oldDueOn: ext.old_due_on, newDueOn: ext.new_due_on, reason: ext.reason, on: ext.created_at.toISOString().slice(0, 10) } : null,
  };
}

/** A county's limits: the caller's own county (every level below it reads them), or a county of his area. */
export async function limitsFor(db: Kysely<DB>, user: SessionUser, countyCode: string | undefined) {
  const county = countyCode ?? (user.areaLevel >= 3 ? user.areaCode.slice(0, 6) : undefined);
  if (!county) throw new AppError('MC_INVALID', { field: 'countyCode', reasonZh: '请选择县', reasonEn: 'choose a county' });
  // His own county's limits (above a township or village user), or a county inside his area.
  if (!user.areaCode.startsWith(county)) assertInScope(county.padEnd(12, '0'), user);
  return limitsOf(db, county);
}

/** Active members of a village for the loan form, each with what would refuse him on `day` (null: none). */
export async function borrowers(db: Kysely<DB>, user: SessionUser, villageCode: string, q: string | undefined, day: string) {
  assertInScope(villageCode, user);
  if (!(await isVillage(db, villageCode))) throw new AppError('MC_INVALID', { field: 'villageCode', reasonZh: '须为一个村', reasonEn: 'must be a village' });
  const rows = await borrowerCandidates(db, villageCode, q?.trim() || undefined);
  return rows.map((r) => {
    const age = ageOn(r.birth_date, day);
    const refusal = !r.monitored && r.category !== 'exited' && r.category !== 'monitored'
      ? 'MC_HOUSEHOLD_NOT_ELIGIBLE'
      : age < BORROWER_AGE.min || age > BORROWER_AGE.max ? 'MC_BORROWER_INVALID' : null;
    return { memberId: r.member_id, householdId: r.household_id, householdNo: r.household_no, name: r.name, idMasked: r.id_masked, age, category: r.category, monitored: r.monitored, refusal };
  });
}

export async function report(db: Kysely<DB>, user: SessionUser, today: string) {
  const len = LEVEL_PREFIX[Math.min(user.areaLevel + 1, 5)]!;
  const figures = await reportFigures(db, user, len, today);
  const names = await areaNamesOf(db, figures.map((f) => f.area.padEnd(12, '0')));
  const rows = figures.map((f) => ({
    areaCode: f.area.padEnd(12, '0'),
    areaName: names.get(f.area.padEnd(12, '0')) ?? f.area,
    loans: f.loans,
    openLoans: f.open_loans,
    issued: Number(f.issued),
    balance: Number(f.balance),
    overdue: f.overdue,
    overdueAmount: Number(f.overdue_amount),
    dueSoon: f.due_soon,
  }));
  const sum = (k: 'loans' | 'openLoans' | 'issued' | 'balance' | 'overdue' | 'overdueAmount' | 'dueSoon') => Math.round(rows.reduce((s, r) => s + r[k], 0) * 100) / 100;
  return {
    asOf: today,
    rows,
    total: { loans: sum('loans'), openLoans: sum('openLoans'), issued: sum('issued'), balance: sum('balance'), overdue: sum('overdue'), overdueAmount: sum('overdueAmount'), dueSoon: sum('dueSoon') },
  };
}

/** The report as an .xlsx workbook (one row per township or village), audited. */
export async function reportXlsx(db: Kysely<DB>, actor: Actor, today: string): Promise<Buffer> {
  const r = await report(db, actor.user, today);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new XlsxWriter(out);
  const sheet = await w.addSheet('小额信贷', { frozenRows: 2, widths: { 0: 20 } });
  await sheet.writeRow(1, [`小额信贷报表（截至 ${today}）`]);
  await sheet.writeRow(2, ['区域', '贷款笔数', '未结清笔数', '放款金额（元）', '贷款余额（元）', '逾期笔数', '逾期金额（元）', '30天内到期笔数']);
  let n = 3;
  for (const x of [...r.rows, { areaName: '合计', ...r.total }]) {
    await sheet.writeRow(n++, [x.areaName, x.loans, x.openLoans, x.issued, x.balance, x.overdue, x.overdueAmount, x.dueSoon]);
  }
  await sheet.end();
  await w.finish();
  const ended = new Promise((resolve) => out.on('end', resolve));
  out.end();
  await ended;
  await db.transaction().execute((trx) => audit(trx, actor, 'microcredit.export', 'microcredit_report', today, { rows: r.rows.length }));
  return Buffer.concat(chunks);
}
