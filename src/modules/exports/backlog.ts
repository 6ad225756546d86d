import { setTimeout as sleep } from 'node:timers/promises';

/**
 * ExcelJS's streaming writer commits rows synchronously into its zip stream and ignores back-pressure inside: when rows
 * come faster than zlib compresses them (in the thread pool), the backlog waits in Buffers. Called between batches of
 * rows, this waits while the process holds more than `limitBytes` of Buffers, so memory stays bounded however fast
 * the rows come. Never waits longer than `maxWaitMs` at a time (Buffers held by someone else cannot stall us).
 */
export async function waitForZipBacklog(limitBytes = 64 * 2 ** 20, maxWaitMs = 5000): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  while (process.memoryUsage().arrayBuffers > limitBytes && Date.now() < deadline) await sleep(10);
}
