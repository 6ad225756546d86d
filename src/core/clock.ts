/**
 * "Now" for rules that count days (time limits, months monitored): the real clock, or FANGPIN_CLOCK (config.clock),
 * which tests move by setting it on the config object.
 */
export function nowOf(config: { clock?: string | undefined }): Date {
  return config.clock ? new Date(config.clock) : new Date();
}

/** The calendar day in China (UTC+8, no daylight saving) of an instant: the day a time limit counts. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
