import type { Generated } from 'kysely';
import type { DateCol, DefaultTimestamp, Money } from '../../db/schema.js';

/** The public-welfare posts' tables (migrations/0024_welfare_posts_microcredit.sql), merged into `DB` of db/schema.ts. */

export interface WelfarePostsTable {
  id: Generated<number>;
  village_code: string;
  post_type: string;
  name: string;
  monthly_subsidy: Money;
  places: number;
  starts_on: DateCol;
  ends_on: DateCol | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

export interface WelfarePostHiresTable {
  id: Generated<number>;
  post_id: number;
  member_id: number;
  household_id: number;
  person_idx: string;
  village_code: string;
  hired_on: DateCol;
  exited_on: DateCol | null;
  exit_reason: string | null;
  created_by: number | null;
  created_at: DefaultTimestamp;
  exited_by: number | null;
}

export interface WelfarePostPayTable {
  id: Generated<number>;
  hire_id: number;
  post_id: number;
  village_code: string;
  month: string;
  amount: Money;
  over_reason: string | null;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

declare module '../../db/schema.js' {
  interface DB {
    welfare_posts: WelfarePostsTable;
    welfare_post_hires: WelfarePostHiresTable;
    welfare_post_pay: WelfarePostPayTable;
  }
}
