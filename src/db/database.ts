import { Kysely, PostgresDialect } from 'kysely';
import pg from './pg-types.js';
import type { DB } from './schema.js';
import { startEmbedded, type EmbeddedHandle } from './embedded.js';
import { createPool } from './prepared.js';

export type Database = Kysely<DB>;

export interface Connection {
  db: Database;
  pool: pg.Pool;
  mode: 'embedded' | 'external';
  url: string;
  close(): Promise<void>;
}

/** Opens the database: the given URL, or an embedded PostgreSQL under `dataDir`. */
export async function connect(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
  log?: (msg: string) => void;
  poolSize?: number;
  preparedStatements?: boolean;
  /**
   * The longest a statement waits for a lock before failing with 55P03 (→ DB_BUSY); none when absent. For the server's
   * request pool only: a first load (bulk-indexes.ts) locks the registry's tables until it commits, and a search should
   * then say "busy, try again" rather than hang with the clerk's screen.
   */
  lockTimeoutMs?: number;
}): Promise<Connection> {
  let embedded: EmbeddedHandle | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    embedded = await startEmbedded(opts.dataDir, opts.log);
    url = embedded.url;
  }
  const pool = createPool(
    { connectionString: url, max: opts.poolSize ?? 20, ...(opts.lockTimeoutMs ? { options: `-c lock_timeout=${Math.round(opts.lockTimeoutMs)}` } : {}) },
    { prepared: opts.preparedStatements ?? true },
  );
  pool.on('error', (err) => opts.log?.(`database pool error: ${err.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    mode: embedded ? 'embedded' : 'external',
    url,
    async close() {
      await db.destroy();
      if (embedded?.owned) await embedded.stop();
    },
  };
}

/**
 * A pool of its own on the same database, for background work (imports): a long import then never waits for the
 * requests' connections, nor takes them. This matters most for a first load (db/bulk-indexes.ts), which locks the
 * registry's tables until it commits: requests reading them wait, and if they held every connection of a shared pool,
 * the import's progress update (another connection) would wait for them in turn, forever. Five: a dry run's named
 * connection, its two staging inserts in flight and its progress, and pg-boss's polling.
 */
export function backgroundPool(conn: Connection, max = 5): { db: Database; close(): Promise<void> } {
  const pool = createPool({ connectionString: conn.url, max }, { prepared: false });
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    async close() {
      await db.destroy();
    },
  };
}
