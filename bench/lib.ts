import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** Child processes alive now: killed when the benchmark is interrupted. */
export const liveChildren = new Set<import('node:child_process').ChildProcess>();

export interface ChildResult<T> {
  result: T;
  /** Peak resident set size of the child, MB: the larger of its own final VmHWM and our VmHWM samples. */
  peakRssMb: number;
  wallMs: number;
}

/** VmHWM (peak RSS) of a live process, in kB, from /proc; undefined when it is gone or /proc is missing. */
export function vmHwmKb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node's arguments for a child. BENCH_PROFILE=<dir> writes each child's V8 CPU profile there (Node refuses
 * --cpu-prof in NODE_OPTIONS; open the .cpuprofile in Chrome's DevTools).
 */
function childNodeArgs(): string[] {
  const dir = process.env.BENCH_PROFILE;
  return ['--import', 'tsx', ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
}

/**
 * Runs `bench/child.ts <task>` in its own Node process (so its memory is its own), sampling /proc/<pid>/status
 * VmHWM while it runs. The child prints one JSON line `{"result": …, "maxRssKb": …}` last.
 */
export function runChild<T>(task: string, args: unknown, env: NodeJS.ProcessEnv, log: (s: string) => void = () => {}): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...childNodeArgs(), path.join(ROOT, 'bench/child.ts'), task, JSON.stringify(args)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    liveChildren.add(child);
    let hwm = 0;
    const timer = setInterval(() => {
      const v = vmHwmKb(child.pid!);
      if (v) hwm = Math.max(hwm, v);
    }, 200);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) {
        if (l.startsWith('{"result"')) {
          try {
            const parsed = JSON.parse(l) as { result: T; maxRssKb: number };
            hwm = Math.max(hwm, parsed.maxRssKb);
            (child as unknown as { parsed: typeof parsed }).parsed = parsed;
          } catch {
            /* not ours */
          }
        } else if (l.trim()) log(`  [${task}] ${l}`);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 20_000) err = err.slice(-20_000);
    });
    child.on('exit', (code) => {
      liveChildren.delete(child);
      clearInterval(timer);
      const parsed = (child as unknown as { parsed?: { result: T; maxRssKb: number } }).parsed;
      if (code !== 0 || !parsed) return reject(new Error(`bench child ${task} exited with ${code}: ${err.slice(-3000)}`));
      resolve({ result: parsed.result, peakRssMb: Math.round(hwm / 1024), wallMs: Date.now() - started });
    });
  });
}

/** Starts `bench/child.ts server` and resolves with its port once it listens; stop() ends it. */
export function startServerChild(env: NodeJS.ProcessEnv): Promise<{ port: number; pid: number; stop(): Promise<number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...childNodeArgs(), path.join(ROOT, 'bench/child.ts'), 'server', '{}'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    liveChildren.add(child);
    child.on('exit', () => liveChildren.delete(child));
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-5000)));
    child.stdout.on('data', (d: Buffer) => {
      const m = /"listening":(\d+)/.exec(d.toString());
      if (m) {
        resolve({
          port: Number(m[1]),
          pid: child.pid!,
          stop: () =>
            new Promise((res) => {
              const hwm = vmHwmKb(child.pid!) ?? 0;
              child.once('exit', () => res(Math.round(hwm / 1024)));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`server child exited early (${code}): ${err}`)));
  });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/**
 * The search load's client: a GET on a keep-alive agent (one socket per simulated clerk), the body read whole. Node's
 * fetch cost ~0.8 ms of CPU per request here against ~0.3 ms for this, and the clients share the server's two vCPUs:
 * the bench measured its own client as much as the server. A clerk's browser runs on the clerk's own machine.
 */
export function httpGet(agent: http.Agent, url: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { cookie } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const CLOCK_TICKS = (() => {
  try {
    const r = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim());
    return r > 0 ? r : 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time the whole machine has spent busy since boot, in core-milliseconds: user, nice, system, irq and softirq of
 * every CPU (/proc/stat), so PostgreSQL's backends, its parallel workers and WAL writer count as much as Node.
 * Waiting for the disk (iowait) and time taken by the hypervisor (steal) are not work. Undefined without /proc.
 */
export function machineBusyMs(): number | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user! + nice! + system! + irq! + softirq!) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Starts counting the machine's busy core-milliseconds (machineBusyMs); the function returned tells them so far. */
export function busyMeter(): () => number | undefined {
  const start = machineBusyMs();
  return () => {
    const now = machineBusyMs();
    return start !== undefined && now !== undefined ? Math.round(now - start) : undefined;
  };
}

/** This process's CPU milliseconds (user + system) since `start` (a process.cpuUsage()). */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(start);
  return Math.round((cpu.user + cpu.system) / 1000);
}
