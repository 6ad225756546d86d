import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../core/config.js';
import { connect, type Connection } from '../db/database.js';
import { migrate } from '../db/migrate.js';

export const VERSION: string = JSON.parse(
  fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8'),
).version;

/**
 * Opens (or starts) the database and brings its schema up to date. Shared by the server and the CLI; `requests`: the
 * server's pool for requests, whose statements give up waiting for a lock after REQUEST_LOCK_TIMEOUT_S.
 */
export async function openDatabase(config: Config, log: (msg: string) => void = () => {}, opts: { requests?: boolean } = {}): Promise<Connection> {
  const conn = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log,
    poolSize: config.dbPoolSize,
    preparedStatements: config.dbPreparedStatements,
    lockTimeoutMs: opts.requests ? config.requestLockTimeoutMs : undefined,
  });
  try {
    const applied = await migrate(conn.pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } catch (err) {
    await conn.close();
    throw err;
  }
  return conn;
}
