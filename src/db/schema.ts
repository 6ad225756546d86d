import type { ColumnType, Generated } from 'kysely';

/** Row types for Kysely. Keep in step with `migrations/`. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: DefaultTimestamp;
  created_by: number | null;
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

export interface DB {
  areas: AreasTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}
