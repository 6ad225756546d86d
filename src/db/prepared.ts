import crypto from 'node:crypto';
import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import pg from './pg-types.js';
import type { DB } from './schema.js';

/**
 * Prepared statements for the few hot statements (the search box: 20 clerks typing at once).
 *
 * node-postgres sends every statement unnamed, so PostgreSQL parses, analyses and plans it on every call. For a
 * look-up by ID number that is two-thirds of the database's work (1.2 ms a call against 0.5 ms prepared, measured on
 * 1,000,000 members). A named statement is parsed once per connection, and once PostgreSQL sees that its generic
 * plan costs no more than the custom ones (an equality on an index) it stops planning it. A statement whose best
 * plan depends on its values (`name LIKE $1` can use the index only for a known prefix) keeps getting custom plans:
 * PostgreSQL decides that itself, per statement, so preparing is never worse than not.
 *
 * Opt-in: `runPrepared` marks a statement with a leading comment, and pools made by `createPool` send marked
 * statements as named ones, named after a hash of their text (the same text, the same name, on every connection).
 * Only statements with a fixed set of shapes may be marked: a connection keeps each one until it closes. And they must
 * name their columns: a prepared `select *` fails ("cached plan must not change result type") on every call after a
 * migration adds a column, until its connection closes — a server still running while a newer one migrates.
 *
 * DB_PREPARED_STATEMENTS=false turns it off (marked statements then run unnamed, as any other): for a connection pooler
 * in transaction mode that cannot keep a session's prepared statements (PgBouncer before 1.21, or without
 * max_prepared_statements).
 */
const MARK = '/* prepared */ ';

export function createPool(opts: pg.PoolConfig, { prepared = true }: { prepared?: boolean } = {}): pg.Pool {
  const pool = new pg.Pool(opts);
  // A client checked out of the pool whose connection dies between statements (the database restarted, 57P01) emits
  // 'error' on itself, where the pool's own listener does not reach: unheard, that event ends the process. Its current
  // or next statement fails anyway and the request answers DB_UNAVAILABLE, so hearing it is enough.
  pool.on('connect', (client) => client.on('error', () => {}));
  if (!prepared) return pool;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Kysely calls query(text, values); everything else (pg-boss, COPY streams, cursors) passes through untouched.
    (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]) =>
      typeof text === 'string' && text.startsWith(MARK) && (rest.length === 0 || Array.isArray(rest[0]))
        ? query({ name: statementName(text), text, values: rest[0] }, ...rest.slice(1))
        : query(text, ...rest);
  });
  return pool;
}

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `fp_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= 1000) names.clear();
    names.set(text, name);
  }
  return name;
}

/** Runs a compiled query as a prepared statement (on a pool from createPool; elsewhere as an ordinary one). */
export function runPrepared<R>(db: Kysely<DB>, compiled: CompiledQuery<R>): Promise<QueryResult<R>> {
  return db.executeQuery(CompiledQuery.raw(MARK + compiled.sql, [...compiled.parameters]) as CompiledQuery<R>);
}
