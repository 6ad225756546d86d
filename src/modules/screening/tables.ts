import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp, Timestamp } from '../../db/schema.js';

/** The screening module's tables (migrations/0025_screening.sql), merged into the database's type `DB` of db/schema.ts. */

type Num = ColumnType<string, number | string, number | string>;
type Day = ColumnType<string, string, string>;

export interface ScreeningDatasetsTable {
  id: Generated<number>;
  area_code: string;
  area_level: number;
  department: string;
  template: string;
  period: string;
  version: number;
  state: Generated<'draft' | 'submitted' | 'superseded' | 'discarded'>;
  file_name: string;
  file_path: string | null;
  file_type: string | null;
  header_row: number | null;
  mapping: ColumnType<unknown, string | undefined, string>;
  file_problems: ColumnType<unknown, string | undefined, string>;
  row_count: Generated<number>;
  error_rows: Generated<number>;
  warning_rows: Generated<number>;
  uploaded_by: number;
  created_at: DefaultTimestamp;
  submitted_by: number | null;
  submitted_at: Timestamp | null;
}

export interface ScreeningRowsTable {
  id: Generated<number>;
  dataset_id: number;
  row_no: number;
  name: string | null;
  name_pinyin: string | null;
  id_enc: string | null;
  id_idx: string | null;
  id_masked: string | null;
  birth_date: Day | null;
  gender: string | null;
  village_code: string | null;
  data: ColumnType<unknown, string, string>;
  problems: ColumnType<unknown, string, string>;
  has_error: boolean;
  pair_key: string | null;
}

export interface ScreeningMappingsTable {
  area_code: string;
  department: string;
  template: string;
  mapping: ColumnType<unknown, string, string>;
  header_row: number | null;
  updated_by: number | null;
  updated_at: DefaultTimestamp;
}

export interface ScreeningRunsTable {
  id: Generated<number>;
  dataset_id: number;
  area_code: string;
  state: Generated<'queued' | 'running' | 'done' | 'failed'>;
  step: string | null;
  total: Generated<number>;
  done: Generated<number>;
  exact: Generated<number>;
  remembered: Generated<number>;
  candidates: Generated<number>;
  unmatched: Generated<number>;
  warnings: Generated<number>;
  review_threshold: ColumnType<string, number | undefined, number>;
  auto_threshold: ColumnType<string, number | undefined, number>;
  error_code: string | null;
  started_by: number | null;
  created_at: DefaultTimestamp;
  finished_at: Timestamp | null;
}

export type MatchStatus = 'exact' | 'remembered' | 'auto' | 'confirmed' | 'candidate' | 'unmatched';

export interface ScreeningMatchesTable {
  run_id: number;
  row_id: number;
  status: MatchStatus;
  member_id: number | null;
  household_id: number | null;
  score: Num | null;
  reason: string | null;
}

export interface ScreeningCandidatesTable {
  id: Generated<number>;
  run_id: number;
  row_id: number;
  member_id: number;
  score: Num;
  basis: string;
  state: Generated<'pending' | 'confirmed' | 'rejected'>;
  decided_by: number | null;
  decided_at: Timestamp | null;
}

export interface ScreeningPairsTable {
  area_code: string;
  pair_key: string;
  member_id: number;
  decision: 'confirmed' | 'rejected';
  decided_by: number | null;
  decided_at: DefaultTimestamp;
}

export interface ScreeningRulesTable {
  id: Generated<number>;
  county_code: string;
  rule: string;
  version: number;
  enabled: boolean;
  params: ColumnType<unknown, string, string>;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

export interface ScreeningWarningsTable {
  id: Generated<number>;
  county_code: string;
  village_code: string;
  rule: string;
  rule_version: number;
  kind: 'risk' | 'correction' | 'policy';
  department: string;
  dataset_id: number;
  run_id: number;
  row_id: number;
  member_id: number;
  household_id: number;
  fingerprint: string;
  clue: string;
  due_on: Day;
  state: Generated<'open' | 'case_opened' | 'dismissed' | 'corrected'>;
  handled_by: number | null;
  handled_at: Timestamp | null;
  reason: string | null;
  case_id: number | null;
  created_at: DefaultTimestamp;
}

declare module '../../db/schema.js' {
  interface DB {
    screening_datasets: ScreeningDatasetsTable;
    screening_rows: ScreeningRowsTable;
    screening_mappings: ScreeningMappingsTable;
    screening_runs: ScreeningRunsTable;
    screening_matches: ScreeningMatchesTable;
    screening_candidates: ScreeningCandidatesTable;
    screening_pairs: ScreeningPairsTable;
    screening_rules: ScreeningRulesTable;
    screening_warnings: ScreeningWarningsTable;
  }
}
