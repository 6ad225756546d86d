import type { Generated } from 'kysely';
import type { DateCol, DefaultTimestamp, Money } from '../../db/schema.js';

/** Microcredit's tables (migrations/0024_welfare_posts_microcredit.sql), merged into `DB` of db/schema.ts. */

export interface MicrocreditSettingsTable {
  county_code: string;
  max_amount: Money;
  max_term_months: number;
  updated_by: number | null;
  updated_at: DefaultTimestamp;
}

export interface MicrocreditLoansTable {
  id: Generated<number>;
  household_id: number;
  member_id: number;
  village_code: string;
  bank: string;
  amount: Money;
  term_months: number;
  rate: Money;
  subsidized: boolean;
  subsidy_rate: Money | null;
  purpose: string;
  issued_on: DateCol;
  original_due_on: DateCol;
  due_on: DateCol;
  principal_repaid: Generated<Money>;
  interest_paid: Generated<Money>;
  version: Generated<number>;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

export interface MicrocreditRepaymentsTable {
  id: Generated<number>;
  loan_id: number;
  paid_on: DateCol;
  principal: Money;
  interest: Money;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

export interface MicrocreditExtensionsTable {
  id: Generated<number>;
  loan_id: number;
  old_due_on: DateCol;
  new_due_on: DateCol;
  reason: string;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

declare module '../../db/schema.js' {
  interface DB {
    microcredit_settings: MicrocreditSettingsTable;
    microcredit_loans: MicrocreditLoansTable;
    microcredit_repayments: MicrocreditRepaymentsTable;
    microcredit_extensions: MicrocreditExtensionsTable;
  }
}
