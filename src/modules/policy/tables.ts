import type { Generated } from 'kysely';
import type { Money, DateCol, DefaultTimestamp } from '../../db/schema.js';

/** The policy module's table (migrations/0020_monitoring.sql), merged into the database's type `DB` of db/schema.ts. */

export interface MonitoringPoliciesTable {
  id: Generated<number>;
  area_code: string;
  area_level: number;
  year: number;
  version: number;
  effective_from: DateCol;
  monitoring_line: Money;
  categories: unknown;
  risk_types: unknown;
  notice_days: number;
  time_limit: number;
  time_unit: 'calendar' | 'working';
  step_limits: unknown;
  stability_months: number;
  holidays: unknown;
  workdays: unknown;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

declare module '../../db/schema.js' {
  interface DB {
    monitoring_policies: MonitoringPoliciesTable;
  }
}
