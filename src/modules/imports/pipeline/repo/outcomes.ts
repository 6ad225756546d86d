import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../../db/schema.js';
import type { RowProblem } from '../../map/staged-row.js';
import { stageNames, type StageNames } from './stage.js';
import { EXIT_YEAR_COLUMN_MISSING, EXIT_YEAR_PENDING } from '../../map/household.js';

/** What became of each row and household of a job's staging tables: counts, the first problems, every row's status. */

/** SQL of a row's final status, over `r` (rows) left-joined to `h` (households) and `mm` (registered persons). */
const ROW_STATUS = sql.raw(`case
  when r.problems is not null or r.db_problems is not null or (h.source_row = r.row_no and (h.problems is not null or h.db_problems is not null)) then 'error'
  when h.ok is not true then 'skipped'
  when mm.m_state is null then 'new'
  when mm.m_state = 'updated' or (h.source_row = r.row_no and h.hh_state = 'updated') then 'updated'
  else 'unchanged' end`);

/** SQL: the row has a warning of its own or, on its household's row, of its household. */
const WARNED = sql.raw(`(r.db_warnings is not null or (h.source_row = r.row_no and h.warnings is not null))`);
/** SQL: the row's warnings (its own, and its household's on the household's row), or null. */
const WARNINGS = sql.raw(
  `nullif(coalesce(r.db_warnings, '[]'::jsonb) || (case when h.source_row = r.row_no then coalesce(h.warnings, '[]'::jsonb) else '[]'::jsonb end), '[]'::jsonb)`,
);

const JOIN_HH = (t: StageNames) =>
  sql`${t.rows} r left join ${t.hh} h on h.county_code = r.county_code and h.household_no = r.household_no left join ${t.m} mm on mm.row_no = r.row_no`;

export interface StageCounts {
  /** warning: rows with a warning (imported all the same; the report says what to check). */
  rows: { total: number; valid: number; error: number; skipped: number; new: number; updated: number; unchanged: number; warning?: number };
  households: { total: number; valid: number; error: number; new: number; updated: number; unchanged: number };
}

export async function stageCounts(db: Kysely<DB>, jobId: number): Promise<StageCounts> {
  const t = stageNames(jobId);
  const r = await sql<Record<string, number>>`
    select count(*)::int as total,
           count(*) filter (where st = 'error')::int as error,
           count(*) filter (where st = 'skipped')::int as skipped,
           count(*) filter (where st = 'new')::int as new,
           count(*) filter (where st = 'updated')::int as updated,
           count(*) filter (where st = 'unchanged')::int as unchanged,
           count(*) filter (where warned)::int as warning
    from (select ${ROW_STATUS} as st, ${WARNED} as warned from ${JOIN_HH(t)}) x`.execute(db);
  const h = await sql<Record<string, number>>`
    select count(*)::int as total,
           count(*) filter (where ok)::int as valid,
           count(*) filter (where ok and hh_state = 'new')::int as new,
           count(*) filter (where ok and hh_state <> 'new' and touched)::int as members_changed,
           count(*) filter (where ok and not touched)::int as unchanged
    from ${t.hh}`.execute(db);
  const rr = r.rows[0]!;
  const hr = h.rows[0]!;
  return {
    rows: { total: rr.total!, valid: rr.total! - rr.error! - rr.skipped!, error: rr.error!, skipped: rr.skipped!, new: rr.new!, updated: rr.updated!, unchanged: rr.unchanged!, warning: rr.warning! },
    households: { total: hr.total!, valid: hr.valid!, error: hr.total! - hr.valid!, new: hr.new!, updated: hr.members_changed!, unchanged: hr.unchanged! },
  };
}

export interface ListedProblem extends RowProblem {
  row: number;
  /** A warning: the row is imported all the same. Absent: an error. */
  severity?: 'warning';
}

/** Problems with one cause for the whole file: listed once (the report still says it on every row). */
const FILE_WIDE = new Set([EXIT_YEAR_COLUMN_MISSING, EXIT_YEAR_PENDING]);

/**
 * The first `limit` problems in row order (row problems, then the household's problems on its source row), then the
 * first `limit` warnings (severity 'warning').
 */
export async function firstProblems(db: Kysely<DB>, jobId: number, limit = 200): Promise<ListedProblem[]> {
  const t = stageNames(jobId);
  const r = await sql<{ row_no: number; p: RowProblem[] }>`
    select r.row_no,
           coalesce(r.problems, '[]'::jsonb) || coalesce(r.db_problems, '[]'::jsonb)
           || (case when h.source_row = r.row_no then coalesce(h.problems, '[]'::jsonb) || coalesce(h.db_problems, '[]'::jsonb) else '[]'::jsonb end) as p
    from ${JOIN_HH(t)}
    where r.problems is not null or r.db_problems is not null or (h.source_row = r.row_no and (h.problems is not null or h.db_problems is not null))
    order by r.row_no limit ${limit}`.execute(db);
  const out: ListedProblem[] = [];
  const seen = new Set<string>();
  for (const row of r.rows) {
    for (const p of row.p) {
      if (FILE_WIDE.has(p.code)) {
        if (seen.has(p.code)) continue;
        seen.add(p.code);
      }
      if (out.length < limit) out.push({ row: row.row_no, ...p });
    }
  }
  const w = await sql<{ row_no: number; p: RowProblem[] }>`
    select r.row_no, ${WARNINGS} as p from ${JOIN_HH(t)} where ${WARNED} order by r.row_no limit ${limit}`.execute(db);
  let warnings = 0;
  for (const row of w.rows) {
    for (const p of row.p) {
      if (FILE_WIDE.has(p.code)) {
        if (seen.has(p.code)) continue;
        seen.add(p.code);
      }
      if (warnings++ < limit) out.push({ row: row.row_no, ...p, severity: 'warning' });
    }
  }
  return out;
}

export interface RowOutcome {
  row_no: number;
  status: 'new' | 'updated' | 'unchanged' | 'error' | 'skipped';
  problems: RowProblem[] | null;
  source_row: number | null;
  household_no: string | null;
  /** Warnings of the row (and of its household, on the household's row). */
  warnings: RowProblem[] | null;
  /** On the household's row: its registered values the import changes, column → [registered, file]. */
  changes: Record<string, [unknown, unknown]> | null;
  /** On the household's row of a registered household: its registered members the file does not list (kept). */
  kept: number | null;
}

/**
 * Statuses in row order, a page at a time (keyset on row_no): merged with the file by the report writer. The next
 * page is asked for while the report writes this one, so PostgreSQL and the writer work at the same time.
 */
export async function* rowOutcomes(db: Kysely<DB>, jobId: number, page = 20_000): AsyncGenerator<RowOutcome> {
  const t = stageNames(jobId);
  const query = async (after: number) =>
    (
      await sql<RowOutcome>`
      select r.row_no, ${ROW_STATUS} as status, h.source_row, r.household_no, ${WARNINGS} as warnings,
             case when h.source_row = r.row_no then h.changes end as changes,
             case when h.source_row = r.row_no and h.household_id is not null then h.kept end as kept,
             nullif(coalesce(r.problems, '[]'::jsonb) || coalesce(r.db_problems, '[]'::jsonb)
               || (case when h.source_row = r.row_no then coalesce(h.problems, '[]'::jsonb) || coalesce(h.db_problems, '[]'::jsonb) else '[]'::jsonb end), '[]'::jsonb) as problems
      from ${JOIN_HH(t)} where r.row_no > ${after} order by r.row_no limit ${page}`.execute(db)
    ).rows;
  // A page asked for ahead may fail after its reader has stopped (a cancelled report, its staging tables dropped):
  // that failure is nobody's news, and unheard it would end the process. The reader still gets it when it awaits.
  const fetch = (after: number) => {
    const p = query(after);
    p.catch(() => {});
    return p;
  };
  let next: Promise<RowOutcome[]> | undefined = fetch(0);
  while (next) {
    const rows: RowOutcome[] = await next;
    next = rows.length === page ? fetch(rows[rows.length - 1]!.row_no) : undefined;
    yield* rows;
  }
}


/** The stored list (firstProblems) → errors and warnings apart, as the API and the command line show them. */
export function splitProblems(stored: ListedProblem[] | null): { problems: ListedProblem[]; warnings: ListedProblem[] } {
  const problems: ListedProblem[] = [];
  const warnings: ListedProblem[] = [];
  for (const p of stored ?? []) {
    if (p.severity === 'warning') {
      const { severity: _severity, ...rest } = p;
      warnings.push(rest);
    } else problems.push(p);
  }
  return { problems, warnings };
}
