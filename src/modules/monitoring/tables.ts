import type { Generated } from 'kysely';
import type { DateCol, Timestamp } from '../../db/schema.js';

/** The monitoring chain's tables (migrations/0020_monitoring.sql), merged into the database's type `DB` of db/schema.ts. */

export interface MonitoringCasesTable {
  id: Generated<number>;
  case_no: string;
  kind: 'identification' | 'elimination';
  elimination_kind: 'assisted' | 'natural' | null;
  household_id: number | null;
  village_code: string;
  channel: 'self' | 'inspection' | 'warning' | 'hotline';
  clue: string;
  hotline: string | null;
  state: string;
  version: Generated<number>;
  policy_id: number;
  opened_at: Timestamp;
  opened_by: number | null;
  due_on: DateCol;
  step_started_on: DateCol;
  step_due_on: DateCol;
  returned_reason: string | null;
  visit: unknown;
  comparison: unknown;
  appraisal: unknown;
  notice: unknown;
  township: unknown;
  county: unknown;
  applicant_name: string | null;
  applicant_id_idx: string | null;
  applicant_id_enc: string | null;
  applicant_phone_enc: string | null;
  closed_at: Timestamp | null;
  outcome: 'approved' | 'rejected' | null;
}

export interface MonitoringCaseCountersTable {
  county_code: string;
  year: number;
  last: number;
}

export interface MonitoringRecordsTable {
  id: Generated<number>;
  household_id: number;
  case_id: number;
  category: string;
  risk_types: unknown;
  since: DateCol;
  ended_on: DateCol | null;
  end_case_id: number | null;
  end_kind: 'assisted' | 'natural' | null;
}

declare module '../../db/schema.js' {
  interface DB {
    monitoring_cases: MonitoringCasesTable;
    monitoring_case_counters: MonitoringCaseCountersTable;
    monitoring_records: MonitoringRecordsTable;
  }
}
