import { sql, type Kysely } from 'kysely';

/**
 * Planner statistics after a large write. An import that has just loaded a county (tens of thousands of members) into
 * tables the planner last saw nearly empty leaves it planning for empty tables until autovacuum's analyze comes round
 * (a minute or more later, and never on a server run with autovacuum off): searches and exports in that window ran 2–3×
 * slower in the benchmark (docs/performance.md, 2026-12-03). So the writer analyses a table itself when it wrote a
 * tenth or more of the rows the planner believes it has (autovacuum's own rule, without the wait), or the table was
 * never analysed. Decided from the writer's own counts: the statistics views lag up to a second behind other sessions.
 * ANALYZE samples a fixed number of rows (~1 s at a million members) and blocks neither readers nor writers.
 */
export async function refreshStatistics<T>(db: Kysely<T>, written: Record<string, number>): Promise<string[]> {
  const tables = Object.keys(written).filter((t) => written[t]! > 0);
  if (!tables.length) return [];
  const known = await sql<{ relname: string; reltuples: number }>`
    select relname, reltuples::float8 as reltuples from pg_class
    where relnamespace = current_schema()::regnamespace and relkind = 'r' and relname = any(${tables})`.execute(db);
  const stale = known.rows.filter((r) => r.reltuples < 0 || written[r.relname]! >= 0.1 * Math.max(r.reltuples, 1000)).map((r) => r.relname);
  for (const t of stale) await sql`analyze ${sql.table(t)}`.execute(db);
  return stale;
}
