import type { ColumnType, Generated } from 'kysely';
import type { DateCol, DefaultTimestamp } from '../../db/schema.js';

/** Assistance's tables (migrations/0023_assistance.sql), merged into the database's type `DB` of db/schema.ts. */

export interface AssistanceCatalogueTable {
  id: Generated<number>;
  county_code: string;
  grp: string;
  name: string;
  sort: Generated<number>;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface AssistanceMeasuresTable {
  id: Generated<number>;
  household_id: number;
  village_code: string;
  catalogue_id: number;
  grp: string;
  risk_type: string | null;
  content: string;
  start_on: DateCol;
  end_on: DateCol;
  /** numeric: read as string */
  amount: ColumnType<string, number | string, number | string>;
  department: string | null;
  member_ids: ColumnType<unknown, string, string>;
  done_on: DateCol | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface AssistanceAssignmentsTable {
  id: Generated<number>;
  household_id: number;
  village_code: string;
  helper_id: number;
  assigned_on: DateCol;
  assigned_by: number | null;
  ended_on: DateCol | null;
  ended_by: number | null;
  created_at: DefaultTimestamp;
}

export interface AssistanceVisitsTable {
  id: Generated<number>;
  client_id: string;
  household_id: number;
  village_code: string;
  helper_id: number;
  visited_on: DateCol;
  met: string;
  situation: string;
  changes: ColumnType<unknown, string, string>;
  needs: string | null;
  photos: ColumnType<unknown, string | undefined, string>;
  new_risk: Generated<boolean>;
  case_id: number | null;
  created_at: DefaultTimestamp;
}

export interface AssistanceSettingsTable {
  county_code: string;
  monitored_months: number;
  exited_months: number;
  left_behind_months: number;
  updated_by: number | null;
  updated_at: DefaultTimestamp;
}

declare module '../../db/schema.js' {
  interface DB {
    assistance_catalogue: AssistanceCatalogueTable;
    assistance_measures: AssistanceMeasuresTable;
    assistance_assignments: AssistanceAssignmentsTable;
    assistance_visits: AssistanceVisitsTable;
    assistance_settings: AssistanceSettingsTable;
  }
}
