/**
 * The load run of `npm run bench`: the screens people use, mixed, at an offered rate (an open loop: each request is
 * sent at its scheduled time whether or not earlier ones have answered, and its latency counts from that time, so a
 * slow server cannot slow the clock and hide its own queue — "coordinated omission").
 *   (a) 100 requests/s for 60 s: p99 ≤ 300 ms, no error
 *   (b) the highest rate whose p99 stays ≤ 1 s with no error, beside Fastify's hello-world measured by the same client
 * The mix: 45 % searches with filters and sorts, 40 % household detail (the household and its members), 15 % the
 * home page (the figures of the user's area and its place in the tree).
 */
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { busyMeter, liveChildren, percentile, ROOT, round } from './lib.js';

export interface LoadStep {
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  errors: number;
  /** Status or failure → count, for what was not a 200. */
  failures: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  achievedRps: number;
  /** Cores of the whole machine busy during the step (server, PostgreSQL and this client). */
  machineCores?: number;
}

export interface LoadResult {
  fixed: LoadStep;
  /** The rates tried for (b), in order; the last passing one is the answer. */
  steps: LoadStep[];
  maxRate: number;
  hello: { steps: LoadStep[]; maxRate: number };
  mix: Record<string, number>;
}

export interface Target {
  kind: string;
  path: string;
}

/** Sends `rate` requests a second for `seconds` (after `warmSeconds` not counted), from `next(i)`. */
export async function openLoop(base: string, cookies: string[], next: (i: number) => Target, rate: number, seconds: number, warmSeconds = 2): Promise<LoadStep> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const lat: number[] = [];
  const failures: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let errors = 0;
  const interval = 1000 / rate;
  const total = Math.round(rate * (seconds + warmSeconds));
  const warm = Math.round(rate * warmSeconds);
  const t0 = performance.now();
  let busyStart: (() => number | undefined) | undefined;
  let measuredFrom = t0;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    // Behind schedule (a high rate, a busy machine): send, but let the answers in now and then, or their latency
    // would include this loop.
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    else if (i % 16 === 0) await new Promise((r) => setImmediate(r));
    if (i === warm) {
      busyStart = busyMeter();
      measuredFrom = performance.now();
    }
    const counted = i >= warm;
    const target = next(i);
    sent++;
    inflight.push(
      request(agent, base + target.path, cookies[i % cookies.length]!).then(
        (status) => {
          if (!counted) return;
          lat.push(performance.now() - due);
          if (status === 200) ok++;
          else {
            errors++;
            failures[`${target.kind} ${status}`] = (failures[`${target.kind} ${status}`] ?? 0) + 1;
          }
        },
        (err: Error) => {
          if (!counted) return;
          lat.push(performance.now() - due);
          errors++;
          failures[`${target.kind} ${err.message}`] = (failures[`${target.kind} ${err.message}`] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  const elapsed = performance.now() - measuredFrom;
  lat.sort((a, b) => a - b);
  const busyMs = busyStart?.();
  return {
    rate,
    seconds,
    sent: sent - warm,
    ok,
    errors,
    failures,
    p50: round(percentile(lat, 50)),
    p95: round(percentile(lat, 95)),
    p99: round(percentile(lat, 99)),
    max: round(lat[lat.length - 1] ?? NaN),
    achievedRps: Math.round(((sent - warm) / elapsed) * 1000),
    machineCores: busyMs === undefined ? undefined : round(busyMs / elapsed, 2),
  };
}

function request(agent: http.Agent, url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { cookie }, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** (b): rates rising by half until p99 passes 1 s or a request fails; the last that held is the answer. */
export async function findMaxRate(base: string, cookies: string[], next: (i: number) => Target, log: (s: string) => void, start = 50, seconds = 15): Promise<{ steps: LoadStep[]; maxRate: number }> {
  const steps: LoadStep[] = [];
  let maxRate = 0;
  for (let rate = start; rate <= 50_000; rate = Math.round(rate * 1.5)) {
    const step = await openLoop(base, cookies, next, rate, seconds);
    steps.push(step);
    log(`  ${rate} req/s offered: ${step.achievedRps} sent/s, p50 ${step.p50} ms, p99 ${step.p99} ms, errors ${step.errors}, machine ${step.machineCores ?? '?'} cores`);
    // An offered rate the client itself could not send is beyond what this machine can measure.
    if (step.p99 > 1000 || step.errors > 0 || step.achievedRps < rate * 0.9) break;
    maxRate = rate;
  }
  return { steps, maxRate };
}

/** Fastify's hello-world in a process of its own, as the app's server is: the floor of any request on this machine. */
export function startHello(): Promise<{ port: number; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/hello.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    liveChildren.add(child);
    child.on('exit', () => liveChildren.delete(child));
    child.stdout.on('data', (d: Buffer) => {
      const m = /"listening":(\d+)/.exec(d.toString());
      if (m) resolve({ port: Number(m[1]), stop: () => new Promise((res) => (child.once('exit', () => res()), child.kill('SIGTERM'))) });
    });
    child.on('exit', (code) => reject(new Error(`hello-world server exited early (${code})`)));
  });
}

/**
 * The mix, from what the registry holds: `households` (id, village code, head's name) sampled from it. Deterministic
 * for a given i, so two runs send the same requests.
 */
export function screenMix(households: { id: number; village: string; name: string; initials: string }[]): (i: number) => Target {
  const sorts = ['householdNo', 'headName', 'perCapitaIncome', 'memberCount', 'updatedAt'];
  return (i) => {
    const h = households[(i * 7919) % households.length]!;
    const r = (i * 2654435761) % 100;
    if (r < 8) return { kind: 'home', path: '/api/households/summary' };
    if (r < 15) return { kind: 'home', path: `/api/areas/${h.village.slice(0, 6)}000000` };
    if (r < 55) return { kind: 'detail', path: `/api/households/${h.id}` };
    const sort = sorts[i % sorts.length]!;
    const order = i % 2 ? 'asc' : 'desc';
    switch (r % 5) {
      case 0: // a village's list, sorted, a page further on
        return { kind: 'search', path: `/api/households?villageCode=${h.village}&sort=${sort}&order=${order}&page=${1 + (i % 3)}` };
      case 1: // name prefix in a township, filtered by category
        return { kind: 'search', path: `/api/households?q=${encodeURIComponent(h.name.slice(0, 2))}&villageCode=${h.village.slice(0, 9)}&sort=${sort}` };
      case 2: // pinyin initials in a village
        return { kind: 'search', path: `/api/households?q=${h.initials}&villageCode=${h.village}` };
      case 3: // the county's exited households (脱贫户) on 低保, sorted by income
        return { kind: 'search', path: `/api/households?villageCode=${h.village.slice(0, 6)}&category=exited&isDibao=true&sort=perCapitaIncome&order=asc` };
      default: // the whole name
        return { kind: 'search', path: `/api/households?q=${encodeURIComponent(h.name)}&sort=${sort}&order=${order}` };
    }
  };
}

/**
 * The whole load run on a filled database: the app's server (a child, as in production) and the hello-world, each
 * driven by the same client. `households` from the registry; `login` gives a session cookie.
 */
export async function loadBench(
  serverEnv: NodeJS.ProcessEnv,
  households: { id: number; village: string; name: string; initials: string }[],
  login: (base: string) => Promise<string>,
  log: (s: string) => void,
  startServer: (env: NodeJS.ProcessEnv) => Promise<{ port: number; stop(): Promise<number> }>,
): Promise<LoadResult> {
  const fixedSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  const next = screenMix(households);
  const mix: Record<string, number> = {};
  for (let i = 0; i < 10_000; i++) mix[next(i).kind] = (mix[next(i).kind] ?? 0) + 1;

  const hello = await startHello();
  let helloResult: { steps: LoadStep[]; maxRate: number };
  try {
    log("load (b'): Fastify's hello-world, rising rates");
    helloResult = await findMaxRate(`http://127.0.0.1:${hello.port}`, [''], () => ({ kind: 'hello', path: '/' }), log, 500, 10);
  } finally {
    await hello.stop();
  }

  const server = await startServer(serverEnv);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const cookies: string[] = [];
    for (let k = 0; k < 20; k++) cookies.push(await login(base));
    log('load: warming the caches (10 s at 50 req/s)');
    await openLoop(base, cookies, next, 50, 10, 0);
    log(`load (a): 100 req/s for ${fixedSeconds} s`);
    const fixed = await openLoop(base, cookies, next, 100, fixedSeconds);
    log(`  p50 ${fixed.p50} ms, p95 ${fixed.p95} ms, p99 ${fixed.p99} ms, errors ${fixed.errors}${fixed.errors ? ` ${JSON.stringify(fixed.failures)}` : ''}`);
    log('load (b): rising rates until p99 > 1 s');
    const { steps, maxRate } = await findMaxRate(base, cookies, next, log);
    return { fixed, steps, maxRate, hello: helloResult, mix };
  } finally {
    await server.stop();
  }
}
