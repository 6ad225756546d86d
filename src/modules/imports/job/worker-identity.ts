import fs from 'node:fs';
import os from 'node:os';

/**
 * Which process runs an import job: "<host>:<pid>:<start>", where start is the process's start time in clock ticks
 * since boot (/proc/<pid>/stat, field 22), so that a pid the kernel has since given to another process is not taken
 * for the job's. Without /proc (not Linux) the start is 0 and only the pid is compared.
 */
export function workerId(pid = process.pid): string {
  return `${os.hostname()}:${pid}:${startTicks(pid) ?? 0}`;
}

/**
 * True when the job's process ran on this host and has ended (or its pid now belongs to another process): its
 * transaction was rolled back with it. Unknown (null, another host, an unreadable id): false, and the job's age decides.
 */
export function workerGone(worker: string | null): boolean {
  const m = worker ? /^(.*):(\d+):(\d+)$/.exec(worker) : null;
  if (!m || m[1] !== os.hostname()) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return false;
  const start = startTicks(pid);
  if (start === undefined) return !alive(pid);
  return m[3] !== '0' && String(start) !== m[3];
}

function startTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
