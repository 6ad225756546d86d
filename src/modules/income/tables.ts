import type { Generated } from 'kysely';
import type { Money, DateCol, DefaultTimestamp } from '../../db/schema.js';

/** The income accounting's table (migrations/0020_monitoring.sql), merged into the database's type `DB` of db/schema.ts. */

export interface IncomeFormsTable {
  id: Generated<number>;
  household_id: number;
  case_id: number | null;
  recorded_on: DateCol;
  wages: Money;
  business: Money;
  property: Money;
  transfers: Money;
  insurance_payouts: Money;
  business_expenses: Money;
  self_paid_medical: Money;
  self_paid_schooling: Money;
  self_paid_other: Money;
  household_size: number;
  per_capita_net: Money;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

declare module '../../db/schema.js' {
  interface DB {
    income_forms: IncomeFormsTable;
  }
}
