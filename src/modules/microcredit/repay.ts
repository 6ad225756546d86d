import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { recordActorAudit as audit } from '../audit/actor.js';
import { AppError } from './errors.js';
import { getLoan, insertRepayment } from './repo.js';
import { cents, hasCents } from './rules.js';

/** Records a repayment: principal not above the balance, a day from the issue to today. */
export async function repay(db: Kysely<DB>, actor: Actor, loanId: number, r: { paidOn: string; principal: number; interest: number }, today: string) {
  if (!hasCents(r.principal) || !hasCents(r.interest)) throw new AppError('MC_INVALID', { field: 'principal', reasonZh: '最多两位小数', reasonEn: 'at most 2 decimals' });
  if (r.principal + r.interest <= 0) throw new AppError('MC_INVALID', { field: 'principal', reasonZh: '本金和利息不能都为 0', reasonEn: 'principal and interest cannot both be 0' });
  if (r.paidOn > today) throw new AppError('MC_INVALID', { field: 'paidOn', reasonZh: '不能晚于今天', reasonEn: 'cannot be after today' });
  return db.transaction().execute(async (trx) => {
    const loan = await getLoan(trx, actor.user, loanId, true);
    if (r.paidOn < loan.issued_on) {
      throw new AppError('MC_INVALID', { field: 'paidOn', reasonZh: `不能早于放款日 ${loan.issued_on}`, reasonEn: `cannot be before the issue date ${loan.issued_on}` });
    }
    const balanceCents = cents(Number(loan.amount)) - cents(Number(loan.principal_repaid));
    if (balanceCents <= 0) throw new AppError('MC_LOAN_REPAID');
    if (cents(r.principal) > balanceCents) throw new AppError('MC_REPAY_OVER_BALANCE', { principal: r.principal, balance: balanceCents / 100 });
    const id = await insertRepayment(trx, loanId, loan.version, r, actor.user.id);
    await audit(trx, actor, 'microcredit.repay', 'microcredit_loan', loanId, { repaymentId: id, ...r, balanceBefore: balanceCents / 100 });
    return id;
  });
}
