/**
 * A fixed-window counter per key, in the process's memory: the public /apply page's throttle by IP address and by ID
 * number. Nothing of a refused post reaches the database; a restart forgets the counts (acceptable for a throttle).
 */
export class Throttle {
  private hits = new Map<string, { count: number; until: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a hit on `key`; false when the key is over its limit in the current window. */
  hit(key: string, now = Date.now()): boolean {
    const h = this.hits.get(key);
    if (!h || h.until <= now) {
      if (this.hits.size > 100_000) this.sweep(now);
      this.hits.set(key, { count: 1, until: now + this.windowMs });
      return true;
    }
    h.count++;
    return h.count <= this.limit;
  }

  private sweep(now: number) {
    for (const [k, v] of this.hits) if (v.until <= now) this.hits.delete(k);
  }
}
