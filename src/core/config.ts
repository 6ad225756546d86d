import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

/**
 * Configuration, read once from the environment and validated. A bad value stops the process with one clear line
 * (see `ConfigError`), never a half-configured server.
 */
export interface Config {
  port: number;
  host: string;
  /** Unset → an embedded PostgreSQL under `dataDir/pg`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Connections to PostgreSQL per server process: a few per core serve more requests than many (less contention). */
  dbPoolSize: number;
  /** How long a request's statement waits for a lock before the request answers DB_BUSY (0: no limit). */
  requestLockTimeoutMs: number;
  /** Named prepared statements for the hot searches (src/db/prepared.ts); off behind a pooler that cannot keep them. */
  dbPreparedStatements: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  bodyLimitBytes: number;
  /** 'auto' sets the Secure cookie flag when the request came over HTTPS (directly or via a trusted proxy). */
  cookieSecure: 'auto' | boolean;
  trustProxy: boolean;
  demoCounty: string;
  /** Whether the first start seeds the demo county and demo accounts. */
  seedDemo: boolean;
  /** With seedDemo: whether the first start also fills the demo county with generated households (in the background). */
  seedDemoHouseholds: boolean;
  /** Master key for SM4/SM3 field protection: hex in FANGPIN_KEY, or a file (default `<dataDir>/fangpin.key`). */
  keyHex: string | undefined;
  keyFile: string | undefined;
  /** Largest accepted import upload. */
  importMaxBytes: number;
  /** Largest attachment (a visit's authorisation, photos, minutes): each purpose's own limit is capped by this. */
  fileMaxBytes: number;
  /** Days an import job's uploaded file and report are kept after its last change (done, failed, cancelled, checked). */
  importRetentionDays: number;
  /** An import inserting at least this many rows, and at least as many as the table holds, builds the table's
   *  indexes after the insert instead of during it (db/bulk-indexes.ts); 0: never. */
  importBulkMinRows: number;
  /** Key of the audit chain's checkpoints (HMAC-SM3): hex in AUDIT_KEY, or a file (default `<dataDir>/audit.key`).
   *  Never in the database: whoever can rewrite the log must not be able to sign its checkpoints. */
  auditKeyHex: string | undefined;
  auditKeyFile: string | undefined;
  /** Where the checkpoints (entry, hash, signature, time) are appended, outside the database. */
  auditCheckpointFile: string;
  /** Minutes between checkpoints of the audit chain (one is also written at start and at shutdown). */
  auditCheckpointMinutes: number;
  /** FANGPIN_CLOCK: a fixed "now" (ISO date or date-time) for demonstrations and tests of time limits; unset: the
   *  real clock. Tests may set it on the config object to move time (core/clock.ts reads it on every call). */
  clock: string | undefined;
  /** FANGPIN_CLOCK_CONTROL=1 (browser tests only): POST /api/test/clock moves `clock` at run time; never otherwise. */
  clockControl: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://`);
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }
  const cookieRaw = (env.COOKIE_SECURE ?? 'auto').trim().toLowerCase();
  const cookieSecure = cookieRaw === 'auto' ? 'auto' : bool(env, 'COOKIE_SECURE', false);
  const demoCounty = (env.DEMO_COUNTY ?? '140430').trim();
  if (!/^\d{6}$/.test(demoCounty)) throw new ConfigError(`DEMO_COUNTY must be a 6-digit county code, got "${demoCounty}"`);
  const dataDir = path.resolve(env.DATA_DIR?.trim() || 'data');
  if (fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) {
    throw new ConfigError(`DATA_DIR ${dataDir} exists and is not a directory`);
  }
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    dbPoolSize: int(env, 'DB_POOL_SIZE', Math.max(4, 2 * os.availableParallelism()), 2, 200),
    requestLockTimeoutMs: int(env, 'REQUEST_LOCK_TIMEOUT_S', 5, 0, 3600) * 1000,
    dbPreparedStatements: bool(env, 'DB_PREPARED_STATEMENTS', true),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir,
    logLevel,
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    bodyLimitBytes: int(env, 'BODY_LIMIT_KB', 1024, 1, 1024 * 1024) * 1024,
    cookieSecure,
    trustProxy: bool(env, 'TRUST_PROXY', false),
    demoCounty,
    seedDemo: bool(env, 'SEED_DEMO', true),
    seedDemoHouseholds: bool(env, 'SEED_DEMO_HOUSEHOLDS', true),
    keyHex: hexKey(env, 'FANGPIN_KEY'),
    keyFile: env.FANGPIN_KEY_FILE?.trim() ? path.resolve(env.FANGPIN_KEY_FILE.trim()) : undefined,
    importMaxBytes: int(env, 'IMPORT_MAX_MB', 200, 1, 4096) * 1024 * 1024,
    fileMaxBytes: int(env, 'FILE_MAX_MB', 10, 1, 100) * 1024 * 1024,
    importRetentionDays: int(env, 'IMPORT_RETENTION_DAYS', 30, 1, 3650),
    importBulkMinRows: int(env, 'IMPORT_BULK_MIN_ROWS', 50_000, 0, 1_000_000_000),
    auditKeyHex: hexKey(env, 'AUDIT_KEY'),
    auditKeyFile: env.AUDIT_KEY_FILE?.trim() ? path.resolve(env.AUDIT_KEY_FILE.trim()) : undefined,
    auditCheckpointFile: path.resolve(env.AUDIT_CHECKPOINT_FILE?.trim() || path.join(dataDir, 'audit-checkpoints.log')),
    auditCheckpointMinutes: int(env, 'AUDIT_CHECKPOINT_MINUTES', 1, 1, 24 * 60),
    clock: clockOf(env),
    clockControl: env.FANGPIN_CLOCK_CONTROL?.trim() === '1',
  };
}

function hexKey(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  if (!v) return undefined;
  if (!/^[0-9a-fA-F]{64,}$/.test(v)) throw new ConfigError(`${name} must be at least 64 hexadecimal characters (32 bytes)`);
  return v;
}

export function clockOf(env: Env): string | undefined {
  const v = env.FANGPIN_CLOCK?.trim();
  if (!v) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new ConfigError(`FANGPIN_CLOCK must be an ISO date or date-time, got "${v}"`);
  }
  return v;
}
