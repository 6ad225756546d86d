import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { assertInScope } from '../../core/scope.js';
import { recordActorAudit as audit } from '../audit/actor.js';
import { AppError } from './errors.js';
import { borrowerFacts, getLoan, insertLoan, limitsOf } from './repo.js';
import { addMonths, ageOn, BORROWER_AGE, hasCents } from './rules.js';

export interface LoanInput {
  householdId: number;
  memberId: number;
  bank: string;
  amount: number;
  termMonths: number;
  rate: number;
  subsidized: boolean;
  subsidyRate?: number | null | undefined;
  purpose: string;
  issuedOn: string;
}

const invalid = (field: string, reasonZh: string, reasonEn: string) => new AppError('MC_INVALID', { field, reasonZh, reasonEn });

/**
 * Records a loan of a household of the caller's area: the household exited (脱贫户) or monitored, the borrower an
 * active member of it aged 18–65 on the issue day, amount and term within the county's limits, the due date computed
 * (issue date + term). Nothing is saved when a rule refuses it.
 */
export async function createLoan(db: Kysely<DB>, actor: Actor, input: LoanInput, today: string) {
  const bank = input.bank.trim();
  const purpose = input.purpose.trim();
  if (!bank) throw invalid('bank', '不能为空', 'must not be empty');
  if (!purpose) throw invalid('purpose', '不能为空', 'must not be empty');
  if (!hasCents(input.amount)) throw invalid('amount', '最多两位小数', 'at most 2 decimals');
  if (input.issuedOn > today) throw invalid('issuedOn', '不能晚于今天', 'cannot be after today');
  const subsidyRate = input.subsidyRate ?? null;
  if (input.subsidized && subsidyRate == null) throw invalid('subsidyRate', '贴息贷款须填写贴息利率', 'a subsidised loan needs its subsidy rate');
  if (!input.subsidized && subsidyRate != null) throw invalid('subsidyRate', '未贴息的贷款不填贴息利率', 'only a subsidised loan has a subsidy rate');
  if (subsidyRate != null && subsidyRate > input.rate) throw invalid('subsidyRate', '贴息利率不能高于贷款利率', 'cannot be above the loan’s rate');

  return db.transaction().execute(async (trx) => {
    const { household, member } = await borrowerFacts(trx, input.householdId, input.memberId);
    if (!household) throw new AppError('MC_HOUSEHOLD_NOT_FOUND');
    assertInScope(household.village_code, actor.user);
    if (!household.monitored && household.category !== 'exited' && household.category !== 'monitored') throw new AppError('MC_HOUSEHOLD_NOT_ELIGIBLE');
    if (!member || member.household_id !== household.id) throw new AppError('MC_BORROWER_INVALID', { reasonZh: '不是该户成员', reasonEn: 'is not a member of the household' });
    if (member.status !== 'active') throw new AppError('MC_BORROWER_INVALID', { reasonZh: '已不在户', reasonEn: 'is no longer in the household' });
    const age = ageOn(member.birth_date, input.issuedOn);
    if (age < BORROWER_AGE.min || age > BORROWER_AGE.max) {
      throw new AppError('MC_BORROWER_INVALID', { reasonZh: `放款时 ${age} 岁，须为 18–65 岁`, reasonEn: `is ${age} on the issue day; 18–65 is required` });
    }
    const limits = await limitsOf(trx, household.village_code.slice(0, 6));
    if (input.amount > limits.maxAmount) throw new AppError('MC_AMOUNT_OVER_LIMIT', { amount: input.amount, limit: limits.maxAmount });
    if (input.termMonths > limits.maxTermMonths) throw new AppError('MC_TERM_OVER_LIMIT', { term: input.termMonths, limit: limits.maxTermMonths });
    const dueOn = addMonths(input.issuedOn, input.termMonths);
    const id = await insertLoan(
      trx,
      { ...input, bank, purpose, subsidyRate, villageCode: household.village_code, dueOn },
      actor.user.id,
    );
    await audit(trx, actor, 'microcredit.loan_create', 'microcredit_loan', id, { ...input, bank, purpose, dueOn });
    return getLoan(trx, actor.user, id);
  });
}
