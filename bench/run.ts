/**
 * `npm run bench` — the registry at scale (not part of `npm test`). Each figure is measured beside its anchor, in the
 * same run, on a fresh database (an embedded PostgreSQL in a temporary directory, or a new database on DATABASE_URL's
 * server):
 *   (a) CSV import rows/s vs PostgreSQL COPY of the same file into a bare table       target ≥ 0.5×
 *   (b) XLSX import rows/s vs the CSV import; its peak RSS                            target ≥ 0.25×, ≤ 1 GB
 *   (c) search p95 with 20 concurrent clients on the real HTTP server                target ≤ 50 ms
 *   (d) export of every row to .xlsx: time and peak RSS                              target ≤ 500 MB
 *   (e) the same CSV import at N/10 and N rows: time ratio                           target ≤ ~12×
 *   (f) load: search, household detail and home page mixed, at 100 req/s for 60 s     target p99 ≤ 300 ms, no error
 *       and the highest rate at p99 ≤ 1 s, beside Fastify's hello-world (bench/load.ts)
 * BENCH_PERSONS (default 1,000,000) scales it; BENCH_SEARCH_REQUESTS (default 2,000 per search kind);
 * BENCH_LOAD=0 skips (f), BENCH_LOAD_SECONDS (default 60) sets its fixed-rate run;
 * BENCH_KEEP=1 keeps the generated files and the database; BENCH_PROFILE=<dir> writes the children's CPU profiles.
 * Results: bench/results/<date>[-<N>].json and .md, and the table in docs/performance.md.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from '../src/db/pg-types.js';
import type { DB } from '../src/db/schema.js';
import { migrate } from '../src/db/migrate.js';
import { startEmbedded } from '../src/db/embedded.js';
import { createFieldCipher } from '../src/core/field-crypto.js';
import { suspendIndexes } from '../src/db/bulk-indexes.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { namePinyin } from '../src/modules/households/pinyin.js';
import { TEMPLATE_HEADERS } from '../src/modules/exports/columns.js';
import { nextCounties, writeDemoCsv, writeDemoXlsx, type DemoStats } from '../src/modules/demo/demo-file.js';
import type { ImportSummary } from '../src/modules/imports/job/record.js';
import { loadBench, type LoadResult } from './load.js';
import { busyMeter, cpuMsSince, fmtInt, httpGet, liveChildren, percentile, ROOT, round, runChild, startServerChild } from './lib.js';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const SMALL = Math.round(PERSONS / 10);
const SEARCH_REQUESTS = Number(process.env.BENCH_SEARCH_REQUESTS ?? 2000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const KEEP = process.env.BENCH_KEEP === '1';
const PASSWORD = 'Bench-Passw0rd!';

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

interface Results {
  date: string;
  persons: number;
  machine: Record<string, unknown>;
  database: Record<string, unknown>;
  generate?: Record<string, unknown>;
  copy?: { rows: number; ms: number; rowsPerSec: number; method: string };
  /** Context for (a): copying the imported members into a table with the members' indexes, nothing else. */
  floor?: {
    rows: number;
    ms: number;
    bulkMs?: number;
    rowsPerSec: number;
    ratioToCopy?: number;
    bareMs: number;
    /** Core-milliseconds the machine was busy during the members' bulk load (machineBusyMs). */
    cpuMs?: number;
    /** The households likewise, as a bulk load into an indexed copy of their table. */
    households?: { rows: number; bulkMs: number; cpuMs?: number };
  };
  /** Node's SM4 encryption and SM3 blind index of every ID number and household phone of the file, on one core. */
  crypto?: { values: number; cpuMs: number };
  /** The least any reader of the file does: decode it and split it into lines and fields (no quotes, no checks). */
  read?: { cpuMs: number };
  /**
   * What no import of this file can do faster on this machine, whatever its design: the CPU time of the work it cannot
   * skip (crypto + writing the finished rows with their indexes), spread perfectly over every core.
   */
  bound?: { cpuMs: number; cores: number; bestMs: number; maxRatio?: number };
  csvImport?: { rows: number; ms: number; rowsPerSec: number; peakRssMb: number; ratioToCopy?: number; state: string; cpuMs?: number };
  /** The CSV imported again into the registry the XLSX filled (the same people): a county's next import of its roll. */
  reimport?: { rows: number; ms: number; rowsPerSec: number; unchanged: number; peakRssMb: number };
  xlsxImport?: { rows: number; ms: number; rowsPerSec: number; peakRssMb: number; ratioToCsv?: number; state: string };
  scaling?: { smallRows: number; smallMs: number; bigRows: number; bigMs: number; ratio: number };
  search?: { clients: number; requestsPerKind: number; kinds: { kind: string; p50: number; p95: number; p99: number; max: number; rps: number; hitRate: number; errors: number }[]; serverPeakRssMb: number };
  export?: { rows: number; households: number; ms: number; rowsPerSec: number; peakRssMb: number; bytes: number };
  /** (f) the screens people use, mixed, at an offered rate (bench/load.ts). */
  load?: LoadResult;
  errors: Record<string, string>;
}

/**
 * The `bench` user (county_admin over all of 140000, password PASSWORD) the searches and the export run as. One left
 * by an earlier run on the same database (BENCH_SEARCH_DB) is replaced, its sessions with it. Returns its id.
 */
async function createBenchUser(db: Kysely<DB>): Promise<number> {
  await db.deleteFrom('sessions').where('user_id', 'in', db.selectFrom('users').select('id').where('username', '=', 'bench')).execute();
  await db.deleteFrom('users').where('username', '=', 'bench').execute();
  const user = await db
    .insertInto('users')
    .values({ username: 'bench', display_name: 'bench', password_hash: await hashPassword(PASSWORD), role: 'county_admin', area_code: '140000000000', must_change_password: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

/**
 * BENCH_SEARCH_DB=<url of a filled database> (with its FANGPIN_KEY): only the searches, on that data — for tuning
 * without regenerating a million people. The sample is read back from the registry (ID numbers decrypted).
 */
async function searchOnly(url: string) {
  const keyHex = process.env.FANGPIN_KEY;
  if (!keyHex) throw new Error('BENCH_SEARCH_DB needs the FANGPIN_KEY the data was written with');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let dataDir: string | undefined;
  try {
    const cipher = createFieldCipher(Buffer.from(keyHex, 'hex'));
    const rows = await sql<{ id_enc: string; name: string; village_code: string }>`
      select id_enc, name, village_code from members tablesample system (1) limit 3000`.execute(db);
    const sample = rows.rows.map((r) => ({ id: cipher.decrypt(r.id_enc), name: r.name, village: r.village_code }));
    await createBenchUser(db);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-bench-'));
    const env = { ...process.env, BENCH_DB_URL: url, LOG_LEVEL: 'error', DATA_DIR: dataDir };
    const r = await searchBench(env, sample);
    console.log(JSON.stringify(r, null, 1));
    if (process.env.BENCH_LOAD !== '0') console.log(JSON.stringify(await runLoad(db, env), null, 1));
  } finally {
    await db.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  if (process.env.BENCH_SEARCH_DB) return searchOnly(process.env.BENCH_SEARCH_DB);
  const started = Date.now();
  const results: Results = {
    date: new Date().toISOString(),
    persons: PERSONS,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
      loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
    },
    database: {},
    errors: {},
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-bench-'));
  fs.chmodSync(work, 0o755);
  log(`${fmtInt(PERSONS)} persons; working directory ${work}`);

  // ---- the database server -------------------------------------------------------------------------------------------
  let adminUrl = process.env.DATABASE_URL;
  let stopPg = async () => {};
  if (!adminUrl) {
    log('starting an embedded PostgreSQL');
    const h = await startEmbedded(path.join(work, 'data'));
    adminUrl = h.url;
    stopPg = h.stop;
    results.database.mode = 'embedded';
  } else results.database.mode = 'external (DATABASE_URL)';
  const base = `fp_bench_${Date.now().toString(36)}`;
  const urlFor = (name: string) => {
    const u = new URL(adminUrl!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const adminQuery = async (q: string) => {
    const c = new pg.Client({ connectionString: urlFor('postgres') });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  // Interrupted (Ctrl-C, SIGTERM): no process, cluster or temporary file left behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      for (const c of liveChildren) c.kill('SIGKILL');
      void stopPg()
        .catch(() => {})
        .finally(() => {
          if (!KEEP) fs.rmSync(work, { recursive: true, force: true });
          process.exit(130);
        });
    });
  }
  // A kept database is searched again later (BENCH_SEARCH_DB) with the key it was written with: FANGPIN_KEY then.
  const key = KEEP && process.env.FANGPIN_KEY ? process.env.FANGPIN_KEY : crypto.randomBytes(32).toString('hex');
  if (KEEP) log(`kept databases: ${base}_*, FANGPIN_KEY ${KEEP && process.env.FANGPIN_KEY ? 'as given' : key}`);
  const open: Fresh[] = [];
  interface Fresh {
    name: string;
    url: string;
    db: Kysely<DB>;
    env: NodeJS.ProcessEnv;
    drop(): Promise<void>;
  }
  /** Every measurement on a fresh database: created, migrated, the counties' area trees loaded. */
  const freshDatabase = async (label: string, counties: string[]): Promise<Fresh> => {
    const name = `${base}_${label}`;
    await adminQuery(`create database ${name} encoding 'UTF8' template template0`);
    const url = urlFor(name);
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    await migrate(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    for (const c of counties) await importAreas(db, null, c);
    const f: Fresh = {
      name,
      url,
      db,
      env: { ...process.env, BENCH_DB_URL: url, FANGPIN_KEY: key, DATA_DIR: path.join(work, 'app-data'), LOG_LEVEL: 'error' },
      drop: async () => {
        await db.destroy();
        open.splice(open.indexOf(f), 1);
        if (!KEEP) await adminQuery(`drop database if exists ${name} with (force)`);
      },
    };
    open.push(f);
    return f;
  };

  try {
    // ---- the files ------------------------------------------------------------------------------------------------
    const counties = ['140430', ...(await nextCounties('140430', 300))];
    const bigCsv = path.join(work, `households-${PERSONS}.csv`);
    const smallCsv = path.join(work, `households-${SMALL}.csv`);
    const bigXlsx = path.join(work, `households-${PERSONS}.xlsx`);
    let t = Date.now();
    const stats: DemoStats = await writeDemoCsv(bigCsv, { counties, persons: PERSONS });
    const csvMs = Date.now() - t;
    await writeDemoCsv(smallCsv, { counties, persons: SMALL });
    log(`CSV: ${fmtInt(stats.persons)} persons, ${fmtInt(stats.households)} households, ${stats.villages} villages in ${stats.counties.length} counties (${csvMs} ms)`);
    t = Date.now();
    await writeDemoXlsx(bigXlsx, { counties, persons: PERSONS, title: '农户基本信息表' });
    const xlsxMs = Date.now() - t;
    log(`XLSX written (${xlsxMs} ms)`);
    results.generate = {
      households: stats.households,
      villages: stats.villages,
      counties: stats.counties,
      csvMs,
      csvMb: round(fs.statSync(bigCsv).size / 2 ** 20),
      xlsxMs,
      xlsxMb: round(fs.statSync(bigXlsx).size / 2 ** 20),
    };

    // ---- (a) anchor: COPY into a bare table -------------------------------------------------------------------------
    try {
      const f = await freshDatabase('copy', []);
      const version = await sql<{ v: string; sb: string }>`select version() as v, current_setting('shared_buffers') as sb`.execute(f.db);
      results.database.version = version.rows[0]!.v.split(' on ')[0];
      results.database.sharedBuffers = version.rows[0]!.sb;
      await sql.raw(`create table bench_copy (${TEMPLATE_HEADERS.map((_, i) => `c${i + 1} text`).join(', ')})`).execute(f.db);
      const copySql = `copy bench_copy from '${bigCsv}' with (format csv, header true)`;
      let method: string;
      t = performance.now();
      const psql = spawnSync('psql', [f.url, '-v', 'ON_ERROR_STOP=1', '-c', `\\${copySql}`], { encoding: 'utf8' });
      if (psql.error || psql.status !== 0) {
        // No psql: the server reads the file itself (needs a superuser and a file the server can read).
        t = performance.now();
        await sql.raw(copySql).execute(f.db);
        method = 'COPY FROM file (server side)';
      } else method = 'psql \\copy (client side)';
      const ms = performance.now() - t;
      const n = Number((await sql<{ n: string }>`select count(*) as n from bench_copy`.execute(f.db)).rows[0]!.n);
      results.copy = { rows: n, ms: Math.round(ms), rowsPerSec: Math.round((n / ms) * 1000), method };
      log(`COPY: ${fmtInt(n)} rows in ${Math.round(ms)} ms = ${fmtInt(results.copy.rowsPerSec)} rows/s (${method})`);
      await f.drop();
    } catch (err) {
      results.errors.copy = String(err);
      log(`COPY failed: ${String(err)}`);
    }

    // ---- (a) bound, part 1: the crypto every import of this file must do ---------------------------------------------
    try {
      results.read = await readWork(bigCsv);
      results.crypto = await cryptoWork(bigCsv, key);
      log(`reading: ${results.read.cpuMs} ms of CPU; crypto: SM4 + SM3 of ${fmtInt(results.crypto.values)} ID numbers and phones: ${results.crypto.cpuMs} ms of CPU`);
    } catch (err) {
      results.errors.crypto = String(err);
    }

    const importRun = async (f: Fresh, file: string, label: string) => {
      log(`import ${label} …`);
      const busy = busyMeter();
      const r = await runChild<ImportSummary>('import', { file }, f.env, log);
      const cpuMs = busy();
      const s = r.result;
      const rows = s.counts?.rows.total ?? 0;
      log(`import ${label}: ${s.state}, ${fmtInt(rows)} rows in ${s.durationMs} ms = ${fmtInt(s.rowsPerSecond ?? 0)} rows/s, peak RSS ${r.peakRssMb} MB`);
      if (s.state !== 'done') throw new Error(`import ${label} ended ${s.state}: ${JSON.stringify(s.error ?? s.problems.slice(0, 3))}`);
      return { rows, ms: s.durationMs, rowsPerSec: Math.round((rows / s.durationMs) * 1000), peakRssMb: r.peakRssMb, state: s.state, cpuMs, unchanged: s.counts?.rows.unchanged ?? 0 };
    };
    /** An import on its own fresh database, dropped after unless kept for the searches and the export. */
    const importFresh = async (label: string, file: string, what: string, keep = false) => {
      const f = await freshDatabase(label, stats.counties);
      try {
        const r = await importRun(f, file, what);
        if (!keep) await f.drop();
        return { r, f };
      } catch (err) {
        await f.drop();
        throw err;
      }
    };

    // ---- (e) small, then (a) big CSV import, then (b) XLSX, each on a fresh database -----------------------------------
    let small: Awaited<ReturnType<typeof importRun>> | undefined;
    try {
      small = (await importFresh('small', smallCsv, `CSV ${fmtInt(SMALL)}`)).r;
    } catch (err) {
      results.errors.smallImport = String(err);
    }
    try {
      const big = (await importFresh('csv', bigCsv, `CSV ${fmtInt(PERSONS)}`)).r;
      results.csvImport = { ...big, ratioToCopy: results.copy ? round(big.rowsPerSec / results.copy.rowsPerSec, 3) : undefined };
      if (small) results.scaling = { smallRows: small.rows, smallMs: small.ms, bigRows: big.rows, bigMs: big.ms, ratio: round(big.ms / small.ms, 2) };
    } catch (err) {
      results.errors.csvImport = String(err);
    }
    let data: Fresh | undefined;
    try {
      const x = await importFresh('xlsx', bigXlsx, `XLSX ${fmtInt(PERSONS)}`, true);
      data = x.f;
      results.xlsxImport = { ...x.r, ratioToCsv: results.csvImport ? round(x.r.rowsPerSec / results.csvImport.rowsPerSec, 3) : undefined };
    } catch (err) {
      results.errors.xlsxImport = String(err);
      // The searches and the export still need the data: the CSV, once more.
      try {
        data = (await importFresh('data', bigCsv, 'CSV (data for search and export)', true)).f;
      } catch (e2) {
        results.errors.data = String(e2);
      }
    }
    if (!data) throw new Error('no data for the searches and the export');
    await sql`vacuum analyze`.execute(data.db);

    // A checkpoint now, so that the searches do not share the machine with the one the bulk loads would cause.
    await sql`checkpoint`.execute(data.db);

    // ---- (c) search on the real HTTP server ---------------------------------------------------------------------------
    const userId = await createBenchUser(data.db);
    try {
      results.search = await searchBench(data.env, await sampleFromCsv(bigCsv));
    } catch (err) {
      results.errors.search = String(err);
      log(`search failed: ${String(err)}`);
    }

    // ---- (f) load: the screens people use, mixed ----------------------------------------------------------------------
    if (process.env.BENCH_LOAD !== '0') {
      try {
        results.load = await runLoad(data.db, data.env);
      } catch (err) {
        results.errors.load = String(err);
        log(`load failed: ${String(err)}`);
      }
    }

    // ---- (d) export ------------------------------------------------------------------------------------------------
    try {
      const file = path.join(work, 'export.xlsx');
      log('export …');
      const r = await runChild<{ rows: number; households: number; ms: number; bytes: number }>('export', { file, userId, areaCode: '140000000000', areaLevel: 1 }, data.env, log);
      results.export = { ...r.result, rowsPerSec: Math.round((r.result.rows / r.result.ms) * 1000), peakRssMb: r.peakRssMb };
      log(`export: ${fmtInt(r.result.rows)} rows in ${r.result.ms} ms, ${round(r.result.bytes / 2 ** 20)} MB, peak RSS ${r.peakRssMb} MB`);
    } catch (err) {
      results.errors.export = String(err);
      log(`export failed: ${String(err)}`);
    }

    // ---- context for (a): the CSV again, into the registry the XLSX filled with the same people -------------------------
    // The import a county runs every month: its roll again, mostly unchanged. Every row is compared with the registry.
    try {
      const r = await importRun(data, bigCsv, `CSV ${fmtInt(PERSONS)} again`);
      results.reimport = { rows: r.rows, ms: r.ms, rowsPerSec: r.rowsPerSec, unchanged: r.unchanged, peakRssMb: r.peakRssMb };
    } catch (err) {
      results.errors.reimport = String(err);
    }

    // ---- context for (a), measured last (its bulk writes would disturb the rest): the registry's own write floor ------
    // The members, already validated and encrypted, copied into a table with the members' indexes (what search needs)
    // — row by row into the indexes, and as a bulk load that builds them afterwards (as a first import does,
    // db/bulk-indexes.ts) — and into one without: how close any import can come to a bare-table COPY on this machine.
    try {
      await sql`create table bench_floor (like members including all)`.execute(data.db);
      await sql`create table bench_bulk (like members including all)`.execute(data.db);
      await sql`create table bench_bare (like members)`.execute(data.db);
      let t0 = performance.now();
      const n = Number((await sql`insert into bench_floor select * from members`.execute(data.db)).numAffectedRows ?? 0);
      const ms = performance.now() - t0;
      await sql`checkpoint`.execute(data.db);
      const members = await bulkCopy(data.db, 'members', 'bench_bulk');
      t0 = performance.now();
      await sql`insert into bench_bare select * from members`.execute(data.db);
      const bareMs = performance.now() - t0;
      await sql`create table bench_hh_bulk (like households including all)`.execute(data.db);
      const households = await bulkCopy(data.db, 'households', 'bench_hh_bulk');
      await sql`drop table bench_floor, bench_bulk, bench_bare, bench_hh_bulk`.execute(data.db);
      const rowsPerSec = Math.round((n / Math.min(ms, members.ms)) * 1000);
      results.floor = {
        rows: n,
        ms: Math.round(ms),
        bulkMs: members.ms,
        rowsPerSec,
        ratioToCopy: results.copy ? round(rowsPerSec / results.copy.rowsPerSec, 3) : undefined,
        bareMs: Math.round(bareMs),
        cpuMs: members.cpuMs,
        households: { rows: households.rows, bulkMs: households.ms, cpuMs: households.cpuMs },
      };
      log(`floor: ${fmtInt(n)} members into an indexed copy of the table in ${Math.round(ms)} ms, as a bulk load ${members.ms} ms (${results.floor.ratioToCopy}× COPY, ${members.cpuMs} ms of CPU); without indexes ${Math.round(bareMs)} ms; ${fmtInt(households.rows)} households as a bulk load ${households.ms} ms (${households.cpuMs} ms of CPU)`);
    } catch (err) {
      results.errors.floor = String(err);
    }
    // ---- (a) bound, part 2: that work spread perfectly over every core --------------------------------------------------
    const f = results.floor;
    if (results.read && results.crypto && f?.cpuMs !== undefined && f.households?.cpuMs !== undefined) {
      const cores = os.cpus().length;
      const cpuMs = results.read.cpuMs + results.crypto.cpuMs + f.cpuMs + f.households.cpuMs;
      const bestMs = Math.round(cpuMs / cores);
      results.bound = { cpuMs, cores, bestMs, maxRatio: results.copy ? round(results.copy.ms / bestMs, 3) : undefined };
      log(`bound: ${cpuMs} ms of CPU no import can skip / ${cores} cores = ${bestMs} ms at best = ${results.bound.maxRatio}× COPY`);
    }
  } finally {
    for (const f of [...open]) await f.drop().catch(() => {});
    await stopPg();
    if (!KEEP) fs.rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}${process.env.DATABASE_URL ? ` and the databases ${base}_*` : ''}`);
  }
  results.machine.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
  results.machine.totalMinutes = round((Date.now() - started) / 60_000, 1);
  writeResults(results);
}

/** 20 clients, each its own session, hammer GET /api/households with three kinds of query. */
type Person = { id: string; name: string; village: string };

/** Every stride-th person of the generated file: ID number, name, village. */
/**
 * `source`'s rows copied into `target` (an indexed copy of it) as a first import writes them: indexes dropped, the
 * rows inserted, the indexes built again, in one transaction (db/bulk-indexes.ts). Wall time and the machine's CPU.
 */
async function bulkCopy(db: Kysely<DB>, source: string, target: string): Promise<{ rows: number; ms: number; cpuMs?: number }> {
  const busy = busyMeter();
  const t0 = performance.now();
  let rows = 0;
  await db.transaction().execute(async (trx) => {
    const suspended = await suspendIndexes(trx, target);
    if (!suspended) throw new Error(`${target}: no lock`);
    rows = Number((await sql`insert into ${sql.table(target)} select * from ${sql.table(source)}`.execute(trx)).numAffectedRows ?? 0);
    await suspended.restore();
  });
  const ms = Math.round(performance.now() - t0);
  return { rows, ms, cpuMs: busy() };
}

/**
 * The CPU time of the least any import of `csv` does to read it: decode it from UTF-8 and split it into lines and
 * fields by plain string splitting (no quotes, no line breaks inside fields, no checks: less than a real reader).
 */
async function readWork(csv: string): Promise<{ cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  let carry = '';
  let fields = 0;
  for await (const chunk of fs.createReadStream(csv, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (carry + (chunk as string)).split('\n');
    carry = lines.pop()!;
    for (const line of lines) fields += line.split(',').length;
  }
  fields += carry.split(',').length;
  const cpuMs = cpuMsSince(cpu0);
  if (fields === 0) throw new Error('nothing read');
  return { cpuMs };
}

/**
 * The CPU time of the crypto an import of `csv` must do, with the application's own FieldCipher (Node's built-in
 * SM4 and SM3): every ID number encrypted and blind-indexed, and the phone of every household (its first row's).
 * The values are read first, so only the crypto is timed.
 */
async function cryptoWork(csv: string, keyHex: string): Promise<{ values: number; cpuMs: number }> {
  const col = (h: string) => TEMPLATE_HEADERS.indexOf(h);
  const [idCol, phoneCol, noCol, villageCol] = [col('身份证号'), col('联系电话'), col('户编号'), col('村代码')];
  const values: string[] = [];
  let household = '';
  let first = true;
  const rl = readline.createInterface({ input: fs.createReadStream(csv, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (first) {
      first = false;
      continue;
    }
    // The demo file quotes no field (its texts have no comma, quote or line break).
    const c = line.split(',');
    values.push(c[idCol]!);
    const key = `${c[villageCol]}/${c[noCol]}`;
    if (key !== household) {
      household = key;
      if (c[phoneCol]) values.push(c[phoneCol]!);
    }
  }
  const cipher = createFieldCipher(Buffer.from(keyHex, 'hex'));
  let sink = 0;
  const cpu0 = process.cpuUsage();
  for (const v of values) sink += cipher.encrypt(v).length + cipher.blindIndex(v).length;
  const cpuMs = cpuMsSince(cpu0);
  if (sink === 0) throw new Error('no crypto output');
  return { values: values.length, cpuMs };
}

/** (f) on the filled registry: households sampled from it, sessions of the bench user. */
async function runLoad(db: Kysely<DB>, env: NodeJS.ProcessEnv): Promise<LoadResult> {
  const rows = await sql<{ id: string; village_code: string; head_name: string }>`
    select id, village_code, head_name from households tablesample system (2) where head_name is not null limit 5000`.execute(db);
  const households = rows.rows.map((r) => ({ id: Number(r.id), village: r.village_code, name: r.head_name, initials: namePinyin(r.head_name).initials }));
  const login = async (base: string) => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: PASSWORD }) });
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  return loadBench(env, households, login, log, startServerChild);
}

async function sampleFromCsv(csv: string): Promise<Person[]> {
  const sample: Person[] = [];
  const stride = Math.max(1, Math.floor(PERSONS / 3000));
  const rl = readline.createInterface({ input: fs.createReadStream(csv, 'utf8'), crlfDelay: Infinity });
  const col = (h: string) => TEMPLATE_HEADERS.indexOf(h);
  let i = -1;
  for await (const line of rl) {
    if (i++ < 0 || i % stride) continue;
    const c = line.split(',');
    sample.push({ id: c[col('身份证号')]!, name: c[col('姓名')]!, village: c[col('村代码')]! });
  }
  return sample;
}

async function searchBench(env: NodeJS.ProcessEnv, sample: Person[]): Promise<NonNullable<Results['search']>> {
  const server = await startServerChild(env);
  const base = `http://127.0.0.1:${server.port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    const sessions: string[] = [];
    for (let k = 0; k < CLIENTS; k++) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: PASSWORD }) });
      if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      sessions.push(res.headers.get('set-cookie')!.split(';')[0]!);
    }
    const kinds: { kind: string; url: (p: (typeof sample)[number]) => string }[] = [
      { kind: 'ID number look-up', url: (p) => `/api/households?q=${p.id}` },
      { kind: 'name prefix (2 characters)', url: (p) => `/api/households?q=${encodeURIComponent(p.name.slice(0, 2))}` },
      { kind: 'pinyin initials + village', url: (p) => `/api/households?q=${namePinyin(p.name).initials}&villageCode=${p.village}` },
    ];
    const out: NonNullable<Results['search']>['kinds'] = [];
    for (const k of kinds) {
      const run = async (total: number) => {
        const lat: number[] = [];
        let next = 0;
        let hits = 0;
        let errors = 0;
        const t0 = performance.now();
        await Promise.all(
          sessions.map(async (cookie) => {
            for (;;) {
              const n = next++;
              if (n >= total) return;
              const p = sample[(n * 7919) % sample.length]!;
              const t = performance.now();
              const res = await httpGet(agent, base + k.url(p), cookie);
              lat.push(performance.now() - t);
              const body = (res.status === 200 ? JSON.parse(res.body) : {}) as { total?: number };
              if (res.status !== 200) errors++;
              else if ((body.total ?? 0) > 0) hits++;
            }
          }),
        );
        return { lat: lat.sort((a, b) => a - b), hits, errors, ms: performance.now() - t0 };
      };
      await run(Math.min(200, SEARCH_REQUESTS)); // warm-up
      const r = await run(SEARCH_REQUESTS);
      const row = {
        kind: k.kind,
        p50: round(percentile(r.lat, 50)),
        p95: round(percentile(r.lat, 95)),
        p99: round(percentile(r.lat, 99)),
        max: round(r.lat[r.lat.length - 1]!),
        rps: Math.round((SEARCH_REQUESTS / r.ms) * 1000),
        hitRate: round(r.hits / SEARCH_REQUESTS, 3),
        errors: r.errors,
      };
      log(`search ${k.kind}: p50 ${row.p50} ms, p95 ${row.p95} ms, p99 ${row.p99} ms, ${row.rps} req/s, hits ${row.hitRate}, errors ${row.errors}`);
      out.push(row);
    }
    agent.destroy();
    const serverPeakRssMb = await server.stop();
    return { clients: CLIENTS, requestsPerKind: SEARCH_REQUESTS, kinds: out, serverPeakRssMb };
  } catch (err) {
    agent.destroy();
    await server.stop();
    throw err;
  }
}

// ---- reporting ---------------------------------------------------------------------------------------------------

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? '—' : ok ? '✅' : '❌';
}

export function markdownTable(r: Results): string {
  const rows: string[][] = [];
  const n = fmtInt(r.persons);
  if (r.csvImport || r.copy) {
    rows.push([
      `(a) CSV import, ${n} rows`,
      r.csvImport ? `${fmtInt(r.csvImport.rowsPerSec)} rows/s (${round(r.csvImport.ms / 1000)} s, peak RSS ${r.csvImport.peakRssMb} MB)` : 'failed',
      r.copy ? `COPY: ${fmtInt(r.copy.rowsPerSec)} rows/s (${round(r.copy.ms / 1000)} s)` : 'failed',
      r.csvImport?.ratioToCopy !== undefined ? `${r.csvImport.ratioToCopy}× (≥ 0.5×)` : '—',
      verdict(r.csvImport?.ratioToCopy === undefined ? undefined : r.csvImport.ratioToCopy >= 0.5),
    ]);
  }
  if (r.floor) {
    rows.push([
      `(a) context: ${fmtInt(r.floor.rows)} finished member rows into a table with the members' indexes`,
      `${fmtInt(r.floor.rowsPerSec)} rows/s (${r.floor.bulkMs !== undefined ? `indexes built after the load ${round(r.floor.bulkMs / 1000)} s, row by row into them` : 'row by row into the indexes'} ${round(r.floor.ms / 1000)} s; without indexes ${round(r.floor.bareMs / 1000)} s)`,
      r.copy ? `COPY: ${fmtInt(r.copy.rowsPerSec)} rows/s` : '—',
      r.floor.ratioToCopy !== undefined ? `${r.floor.ratioToCopy}× — no import can beat this` : '—',
      '—',
    ]);
  }
  if (r.bound && r.read && r.crypto && r.floor?.households) {
    const s = (ms?: number) => (ms === undefined ? '?' : `${round(ms / 1000)} s`);
    rows.push([
      `(a) bound: the CPU work no import of this file can skip on this machine`,
      `${s(r.bound.cpuMs)} of CPU: reading the file ${s(r.read.cpuMs)}; SM4 + SM3 of ${fmtInt(r.crypto.values)} ID numbers and phones ${s(r.crypto.cpuMs)}; members written with their indexes ${s(r.floor.cpuMs)}; ${fmtInt(r.floor.households.rows)} households likewise ${s(r.floor.households.cpuMs)} — on ${r.bound.cores} cores at best ${s(r.bound.bestMs)}`,
      r.copy ? `COPY: ${s(r.copy.ms)}` : '—',
      r.bound.maxRatio !== undefined ? `at most ${r.bound.maxRatio}× — the ceiling of (a) here` : '—',
      '—',
    ]);
  }
  if (r.csvImport?.cpuMs !== undefined) {
    rows.push([
      `(a) context: the machine's CPU during the CSV import`,
      `${round(r.csvImport.cpuMs / 1000)} s of CPU in ${round(r.csvImport.ms / 1000)} s: ${round(r.csvImport.cpuMs / r.csvImport.ms, 2)} of ${r.machine.cpus} cores busy on average`,
      '—',
      '—',
      '—',
    ]);
  }
  if (r.reimport) {
    rows.push([
      `(a) context: the same ${fmtInt(r.reimport.rows)} rows imported again (a county's next import of its roll)`,
      `${fmtInt(r.reimport.rowsPerSec)} rows/s (${round(r.reimport.ms / 1000)} s; ${fmtInt(r.reimport.unchanged)} rows unchanged)`,
      '—',
      '—',
      '—',
    ]);
  }
  if (r.xlsxImport || r.csvImport) {
    rows.push([
      `(b) XLSX import, ${n} rows`,
      r.xlsxImport ? `${fmtInt(r.xlsxImport.rowsPerSec)} rows/s (${round(r.xlsxImport.ms / 1000)} s)` : 'failed',
      r.csvImport ? `CSV import: ${fmtInt(r.csvImport.rowsPerSec)} rows/s` : '—',
      r.xlsxImport?.ratioToCsv !== undefined ? `${r.xlsxImport.ratioToCsv}× (≥ 0.25×)` : '—',
      verdict(r.xlsxImport?.ratioToCsv === undefined ? undefined : r.xlsxImport.ratioToCsv >= 0.25),
    ]);
    rows.push(['(b) XLSX import peak RSS', r.xlsxImport ? `${r.xlsxImport.peakRssMb} MB` : '—', '1 GB', '≤ 1024 MB', verdict(r.xlsxImport ? r.xlsxImport.peakRssMb <= 1024 : undefined)]);
  }
  for (const k of r.search?.kinds ?? []) {
    rows.push([`(c) search: ${k.kind}`, `p95 ${k.p95} ms (p50 ${k.p50}, p99 ${k.p99}; ${k.rps} req/s; hits ${Math.round(k.hitRate * 100)} %)`, `${r.search!.clients} concurrent clients`, '≤ 50 ms', verdict(k.p95 <= 50 && k.errors === 0)]);
  }
  if (r.export) {
    rows.push([`(d) export to .xlsx, ${fmtInt(r.export.rows)} rows`, `${round(r.export.ms / 1000)} s (${fmtInt(r.export.rowsPerSec)} rows/s, ${round(r.export.bytes / 2 ** 20)} MB)`, '—', 'time reported', '—']);
    rows.push(['(d) export peak RSS', `${r.export.peakRssMb} MB`, '500 MB', '≤ 500 MB', verdict(r.export.peakRssMb <= 500)]);
  }
  if (r.load) {
    const f = r.load.fixed;
    const mix = Object.entries(r.load.mix).map(([k, v]) => `${k} ${Math.round(v / 100)} %`).join(', ');
    rows.push([`(f) load at 100 req/s for ${f.seconds} s (${mix})`, `p99 ${f.p99} ms (p50 ${f.p50}, p95 ${f.p95}, max ${f.max}); ${f.errors} errors of ${fmtInt(f.sent)}; machine ${f.machineCores ?? '?'} cores busy`, 'offered rate, open loop', '≤ 300 ms, no error', verdict(f.p99 <= 300 && f.errors === 0)]);
    const top = r.load.steps.find((x) => x.rate === r.load!.maxRate);
    const helloTop = r.load.hello.steps.find((x) => x.rate === r.load!.hello.maxRate);
    rows.push([`(f) highest rate at p99 ≤ 1 s, no error`, `${fmtInt(r.load.maxRate)} req/s${top ? ` (p99 ${top.p99} ms, machine ${top.machineCores ?? '?'} cores busy)` : ''}`, `Fastify hello-world: ${fmtInt(r.load.hello.maxRate)} req/s${helloTop ? ` (p99 ${helloTop.p99} ms)` : ''}, same client`, r.load.hello.maxRate ? `${round(r.load.maxRate / r.load.hello.maxRate, 3)}× of hello-world` : '—', '—']);
  }
  if (r.scaling) {
    rows.push([`(e) CSV import ${fmtInt(r.scaling.smallRows)} → ${fmtInt(r.scaling.bigRows)} rows`, `${round(r.scaling.smallMs / 1000)} s → ${round(r.scaling.bigMs / 1000)} s`, `10× the rows`, `${r.scaling.ratio}× (≤ ~12×)`, verdict(r.scaling.ratio <= 12)]);
  }
  const table = ['| measure | result | anchor | ratio / target | |', '|---|---|---|---|---|', ...rows.map((x) => `| ${x.join(' | ')} |`)];
  const m = r.machine;
  const lines = [
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${n} members${r.generate ? ` (${fmtInt(Number(r.generate.households))} households, ${r.generate.villages} villages, ${(r.generate.counties as string[]).length} counties)` : ''}.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, ${m.platform}, Node ${m.node}; load average at start ${(m.loadAverageAtStart as number[]).join(' / ')}, at end ${(m.loadAverageAtEnd as number[] | undefined)?.join(' / ') ?? '?'}.`,
    `Database: ${r.database.mode}, ${r.database.version}, shared_buffers ${r.database.sharedBuffers}. Whole run ${m.totalMinutes} min.`,
    '',
    ...table,
  ];
  if (Object.keys(r.errors).length) lines.push('', 'Errors:', ...Object.entries(r.errors).map(([k, v]) => `- ${k}: ${v.slice(0, 300)}`));
  return lines.join('\n');
}

function writeResults(r: Results) {
  const dir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const name = `${r.date.slice(0, 10)}${r.persons === 1_000_000 ? '' : `-${r.persons}`}`;
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(r, null, 2) + '\n');
  const md = markdownTable(r);
  fs.writeFileSync(path.join(dir, `${name}.md`), `# Benchmark ${name}\n\n${md}\n`);
  // docs/performance.md: the generated block between the markers, per data-set size.
  const doc = path.join(ROOT, 'docs/performance.md');
  if (fs.existsSync(doc)) {
    const start = `<!-- bench:${r.persons}:start -->`;
    const end = `<!-- bench:${r.persons}:end -->`;
    let text = fs.readFileSync(doc, 'utf8');
    const block = `${start}\n${md}\n${end}`;
    if (text.includes(start) && text.includes(end)) text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
    else text = text.replace('<!-- bench:results -->', `<!-- bench:results -->\n\n### ${fmtInt(r.persons)} members\n\n${block}\n`);
    fs.writeFileSync(doc, text);
  }
  console.log(`\n${md}\n\nwritten bench/results/${name}.json and .md${fs.existsSync(doc) ? ', docs/performance.md' : ''}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
