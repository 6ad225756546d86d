import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { computeIncome, type IncomeForm } from '../../shared/income.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Stores a form with its computed per-capita figure; returns its id and the figure. */
export async function saveIncomeForm(db: Db, householdId: number, caseId: number | null, day: string, f: IncomeForm, userId: number | null) {
  const figures = computeIncome(f);
  const row = await db
    .insertInto('income_forms')
    .values({
      household_id: householdId,
      case_id: caseId,
      recorded_on: day,
      wages: f.wages,
      business: f.business,
      property: f.property,
      transfers: f.transfers,
      insurance_payouts: f.insurancePayouts,
      business_expenses: f.businessExpenses,
      self_paid_medical: f.selfPaidMedical,
      self_paid_schooling: f.selfPaidSchooling,
      self_paid_other: f.selfPaidOther,
      household_size: f.householdSize,
      per_capita_net: figures.perCapitaNet,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, ...figures };
}

/** The household's latest form: its day and per-capita figure (null: none yet). */
export async function latestIncome(db: Db, householdId: number): Promise<{ recordedOn: string; perCapitaNet: number } | null> {
  const r = await db
    .selectFrom('income_forms')
    .select(['recorded_on', 'per_capita_net'])
    .where('household_id', '=', householdId)
    .orderBy('recorded_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { recordedOn: r.recorded_on, perCapitaNet: Number(r.per_capita_net) } : null;
}
