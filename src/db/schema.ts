import type { ColumnType, Generated } from 'kysely';

/**
 * Row types for Kysely, one interface per table: the database's shape, as `migrations/` (one numbered folder) makes it.
 * Imports nothing from the modules. The tables here are the foundation's and the registry's; a module that brings its
 * own tables declares them in its own tables.ts, merged into `DB` (declaration merging, as permissions and error
 * codes are), so a new module edits no shared file but its migration: see src/modules/monitoring/tables.ts.
 */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AreasTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  created_at: DefaultTimestamp;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  area_code: string;
  department: string | null;
  phone: string | null;
  status: Generated<'active' | 'disabled'>;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  last_failed_login_at: Timestamp | null;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: DefaultTimestamp;
  created_by: number | null;
}

/** A one-time activation code of an account whose owner chooses his own password (migration 0017). */
export interface ActivationCodesTable {
  user_id: number;
  code_hash: string;
  expires_at: Timestamp;
  failures: Generated<number>;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  seq: number;
  ts: Timestamp;
  user_id: number | null;
  username: string | null;
  ip: string | null;
  area_code: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'ok' | 'fail';
  detail: unknown;
  prev_hash: string;
  hash: string;
}

export interface SettingsTable {
  key: string;
  value: unknown;
  updated_at: DefaultTimestamp;
}

export interface HouseholdsTable {
  id: Generated<number>;
  household_no: string;
  county_code: string;
  village_code: string;
  address: string | null;
  head_name: string | null;
  phone_enc: string | null;
  phone_idx: string | null;
  phone_masked: string | null;
  category: 'exited' | 'monitored' | 'ordinary';
  monitoring_type: 'unstable_exited' | 'marginal' | 'sudden_hardship' | null;
  exit_year: number | null;
  is_dibao: Generated<boolean>;
  is_tekun: Generated<boolean>;
  is_relocated: Generated<boolean>;
  has_left_behind: Generated<boolean>;
  housing_rating: 'A' | 'B' | 'C' | 'D' | null;
  housing_rated_on: string | null;
  water_quantity_ok: boolean | null;
  water_quality_ok: boolean | null;
  water_access_ok: boolean | null;
  water_supply_ok: boolean | null;
  income_year: number | null;
  /** numeric: read as string */
  income_wages: ColumnType<string, number | string | undefined, number | string>;
  income_business: ColumnType<string, number | string | undefined, number | string>;
  income_property: ColumnType<string, number | string | undefined, number | string>;
  income_transfer: ColumnType<string, number | string | undefined, number | string>;
  expense_business: ColumnType<string, number | string | undefined, number | string>;
  member_count: Generated<number>;
  per_capita_income: ColumnType<string | null, never, never>;
  version: Generated<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  created_by: number | null;
  updated_by: number | null;
}

export interface MembersTable {
  id: Generated<number>;
  household_id: number;
  village_code: string;
  id_enc: string;
  id_idx: string;
  id_masked: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  gender: 'M' | 'F';
  birth_date: ColumnType<string, string, string>;
  relation: string;
  ethnicity: string | null;
  education: string | null;
  school_status: string | null;
  health: string | null;
  disability_category: string | null;
  disability_grade: number | null;
  labour_capacity: string | null;
  work_place: string | null;
  work_months: number | null;
  medical_insured: boolean | null;
  pension_insured: boolean | null;
  welfare_post: Generated<boolean>;
  status: Generated<'active' | 'deceased' | 'moved_out' | 'married_out' | 'other'>;
  status_date: string | null;
  status_reason: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface HouseholdHistoryTable {
  id: Generated<number>;
  household_id: number;
  ts: DefaultTimestamp;
  user_id: number | null;
  username: string | null;
  action: string;
  summary: unknown;
  snapshot: unknown;
}

/** An import job's states: the check constraint of migrations 0003/0006 (the API lists the same: imports/schemas.ts). */
export type ImportJobState = 'uploaded' | 'checking' | 'checked' | 'importing' | 'done' | 'failed' | 'cancelled';

/** 导入任务: one uploaded file, its dry run and its commit (see migrations/0003_imports.sql). */
export interface ImportJobsTable {
  id: Generated<number>;
  kind: Generated<'households'>;
  state: Generated<ImportJobState>;
  file_name: string;
  file_path: string;
  file_size: number;
  file_type: 'csv' | 'xlsx' | null;
  encoding: string | null;
  sheet_name: string | null;
  header_row: number | null;
  mapping: unknown;
  mapping_override: unknown;
  mode: 'all_or_nothing' | 'valid_only' | null;
  area_code: string;
  area_level: number;
  created_by: number | null;
  actor: unknown;
  rows_total: number | null;
  rows_checked: Generated<number>;
  rows_written: Generated<number>;
  bytes_read: Generated<number>;
  counts: unknown;
  problems: unknown;
  report_path: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  checked_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** When the upload and the report were deleted (cancel, or the retention of IMPORT_RETENTION_DAYS). */
  files_removed_at: Timestamp | null;
  step: unknown;
  /** Bumped by every state change and by the removal of the files (core/state-machine.ts optimistic lock). */
  version: Generated<number>;
  /** The process running it: "<host>:<pid>:<process start>" (imports/job/worker-identity.ts). */
  worker: string | null;
}

/** 导入模板: a saved column mapping. */
export interface ImportTemplatesTable {
  id: Generated<number>;
  name: string;
  area_code: string;
  area_level: number;
  mapping: unknown;
  header_row: number | null;
  created_by: number | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** 状态流转记录: one transition of a record moving through steps (core/state-machine.ts); append-only. */
export interface StateTransitionsTable {
  id: Generated<number>;
  entity_type: string;
  entity_id: number;
  transition: string;
  from_state: string;
  to_state: string;
  actor_user_id: number | null;
  actor_role: string | null;
  actor_area_code: string | null;
  at: DefaultTimestamp;
  reason: string | null;
  payload: unknown;
}

/** Failed sign-ins under names that are no account (migration 0012). */
export interface LoginFailuresTable {
  name: string;
  failures: number;
  locked_until: Timestamp | null;
  last_failed_at: DefaultTimestamp;
}

/** Previous password hashes of a user (migration 0012). */
export interface PasswordHistoryTable {
  id: Generated<string>;
  user_id: number;
  password_hash: string;
  created_at: DefaultTimestamp;
}

/** Money: numeric columns read as strings (exact), written as numbers or strings. */
export type Money = ColumnType<string, number | string, number | string>;
export type DateCol = ColumnType<string, string, string>;

export interface DB {
  households: HouseholdsTable;
  members: MembersTable;
  household_history: HouseholdHistoryTable;
  import_jobs: ImportJobsTable;
  import_templates: ImportTemplatesTable;
  areas: AreasTable;
  users: UsersTable;
  sessions: SessionsTable;
  activation_codes: ActivationCodesTable;
  login_failures: LoginFailuresTable;
  password_history: PasswordHistoryTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  state_transitions: StateTransitionsTable;
}
