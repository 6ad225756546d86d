import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../../../db/schema.js';
import { type StagedRow } from '../../map/staged-row.js';

/**
 * The staging tables of one import job, in schema import_stage (unlogged: rebuilt from the file if lost):
 * - job_<id>: one row per member row of the file, validated and encrypted (no plain ID number), with its problems;
 * - job_<id>_hh: one row per household of the file (county + household number): its source row (the head's row, else
 *   the first), its problems, the matching household in the registry and whether it is new, changed or unchanged;
 * - job_<id>_m: one row per member row whose person is active in the registry (registryChecks): that member, and
 *   whether the row updates it, leaves it unchanged, or names a person active in another household.
 * Every cross-row and database check is one set-based statement here, never a query per row.
 */
export const STAGE_COLUMNS: Record<string, string> = {
  row_no: 'integer',
  household_no: 'text',
  county_code: 'text',
  village_code: 'text',
  address: 'text',
  phone_idx: 'text',
  phone_enc: 'text',
  phone_masked: 'text',
  category: 'text',
  monitoring_type: 'text',
  exit_year: 'smallint',
  is_dibao: 'boolean',
  is_tekun: 'boolean',
  is_relocated: 'boolean',
  has_left_behind: 'boolean',
  housing_rating: 'text',
  housing_rated_on: 'date',
  water_quantity_ok: 'boolean',
  water_quality_ok: 'boolean',
  water_access_ok: 'boolean',
  water_supply_ok: 'boolean',
  income_year: 'smallint',
  income_wages: 'numeric',
  income_business: 'numeric',
  income_property: 'numeric',
  income_transfer: 'numeric',
  expense_business: 'numeric',
  id_enc: 'text',
  id_idx: 'text',
  id_masked: 'text',
  name: 'text',
  name_pinyin: 'text',
  name_initials: 'text',
  gender: 'text',
  birth_date: 'date',
  relation: 'text',
  ethnicity: 'text',
  education: 'text',
  school_status: 'text',
  health: 'text',
  disability_category: 'text',
  disability_grade: 'smallint',
  labour_capacity: 'text',
  work_place: 'text',
  work_months: 'smallint',
  medical_insured: 'boolean',
  pension_insured: 'boolean',
  welfare_post: 'boolean',
  head_name: 'text',
  head_id_idx: 'text',
  hh_filled: 'text',
  problems: 'jsonb',
  hh_problems: 'jsonb',
};
const COLS = Object.keys(STAGE_COLUMNS);
const RECORD_DEF = COLS.map((c) => `${c} ${STAGE_COLUMNS[c]}`).join(', ');

export interface StageNames {
  rows: RawBuilder<unknown>;
  hh: RawBuilder<unknown>;
  /** The member rows' registered persons (registryChecks). */
  m: RawBuilder<unknown>;
  /** The households as the import would leave them (household-checks.ts relationRules), while it checks them. */
  after: RawBuilder<unknown>;
}

export function stageNames(jobId: number): StageNames {
  const id = Math.trunc(jobId);
  return { rows: sql.raw(`import_stage.job_${id}`), hh: sql.raw(`import_stage.job_${id}_hh`), m: sql.raw(`import_stage.job_${id}_m`), after: sql.raw(`import_stage.job_${id}_after`) };
}

export async function stageExists(db: Kysely<DB>, jobId: number): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select to_regclass(${`import_stage.job_${Math.trunc(jobId)}_hh`}) is not null as ok`.execute(db);
  return r.rows[0]!.ok;
}

export async function dropStage(db: Kysely<DB>, jobId: number): Promise<void> {
  const t = stageNames(jobId);
  await sql`drop table if exists ${t.rows}, ${t.hh}, ${t.m}, ${t.after}`.execute(db);
}

export async function createStage(db: Kysely<DB>, jobId: number): Promise<void> {
  const t = stageNames(jobId);
  await dropStage(db, jobId);
  await sql`create unlogged table ${t.rows} (${sql.raw(RECORD_DEF)}, db_problems jsonb, db_warnings jsonb)`.execute(db);
}

/**
 * One chunk of staged rows in one statement: one array parameter per column, `unnest`ed into rows (about 30% faster
 * than json_to_recordset, and close to COPY for 5,000-row chunks). The arrays travel as array literals (stageParams).
 */
const UNNEST = sql.raw(COLS.map((c, i) => `$${i + 1}::${STAGE_COLUMNS[c] === 'jsonb' ? 'jsonb' : STAGE_COLUMNS[c]}[]`).join(', '));
export async function insertRows(db: Kysely<DB>, jobId: number, rows: StagedRow[]): Promise<void> {
  if (!rows.length) return;
  const t = stageNames(jobId);
  const compiled = sql`insert into ${t.rows} (${sql.raw(COLS.join(', '))}) select * from unnest(${UNNEST})`.compile(db);
  await db.executeQuery({ ...compiled, parameters: stageParams(rows) });
}

const JSON_COLUMN = COLS.map((c) => STAGE_COLUMNS[c] === 'jsonb');
/**
 * The chunk's columns as array literals ('{"a",NULL,3,t}'), in STAGE_COLUMNS order: what insertRows sends. Texts are
 * always quoted (backslash and double quote escaped); numbers and booleans go bare. Elements are joined once, not
 * appended one by one (three times faster at 50 columns × 5,000 rows).
 */
export function stageParams(rows: StagedRow[]): string[] {
  return COLS.map((c, i) => {
    const json = JSON_COLUMN[i];
    const parts = new Array<string>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r]![c];
      if (v == null) parts[r] = 'NULL';
      else if (typeof v === 'number') parts[r] = String(v);
      else if (typeof v === 'boolean') parts[r] = v ? 't' : 'f';
      else {
        const text = json ? JSON.stringify(v) : String(v);
        parts[r] = text.indexOf('"') < 0 && text.indexOf('\\') < 0 ? `"${text}"` : `"${text.replace(/[\\"]/g, '\\$&')}"`;
      }
    }
    return `{${parts.join(',')}}`;
  });
}


/** One problem as the staging tables keep them (the shape of RowProblem), built in SQL. */
export const problemJson = (column: string, field: string, code: string, zh: RawBuilder<unknown> | string, en: RawBuilder<unknown> | string) =>
  sql`jsonb_build_array(jsonb_build_object('column', ${column}::text, 'field', ${field}::text, 'code', ${code}::text, 'zh', ${zh}::text, 'en', ${en}::text))`;

