import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { recordActorAudit as audit } from '../audit/actor.js';
import { AppError } from './errors.js';
import { extensionOf, getLoan, insertExtension } from './repo.js';
import { addMonths, EXTENSION_MAX_MONTHS } from './rules.js';

/**
 * Extends a loan (展期): once per loan, a new due date after the current one and at most 12 months after the original
 * one, with a reason; a repaid loan is not extended.
 */
export async function extendLoan(db: Kysely<DB>, actor: Actor, loanId: number, e: { newDueOn: string; reason: string }) {
  const reason = e.reason.trim();
  if (!reason) throw new AppError('MC_INVALID', { field: 'reason', reasonZh: '请填写展期原因', reasonEn: 'give the reason' });
  return db.transaction().execute(async (trx) => {
    const loan = await getLoan(trx, actor.user, loanId, true);
    if (Number(loan.principal_repaid) >= Number(loan.amount)) throw new AppError('MC_LOAN_REPAID');
    const used = await extensionOf(trx, loanId);
    if (used) throw new AppError('MC_EXTENSION_USED', { on: used.created_at.toISOString().slice(0, 10) });
    if (e.newDueOn <= loan.due_on) {
      throw new AppError('MC_INVALID', { field: 'newDueOn', reasonZh: `须晚于当前到期日 ${loan.due_on}`, reasonEn: `must be after the current due date ${loan.due_on}` });
    }
    const latest = addMonths(loan.original_due_on, EXTENSION_MAX_MONTHS);
    if (e.newDueOn > latest) throw new AppError('MC_EXTENSION_TOO_LONG', { months: EXTENSION_MAX_MONTHS, latest });
    await insertExtension(trx, loanId, loan.version, { oldDueOn: loan.due_on, newDueOn: e.newDueOn, reason }, actor.user.id);
    await audit(trx, actor, 'microcredit.extend', 'microcredit_loan', loanId, { oldDueOn: loan.due_on, newDueOn: e.newDueOn, reason });
  });
}
