/**
 * Phase timings of an import, for tuning: FANGPIN_IMPORT_TIMING=1 prints each phase's duration to stderr
 * (`npx fangpin import households FILE`, `npm run bench`). Silent otherwise.
 */
const enabled = process.env.FANGPIN_IMPORT_TIMING === '1';

export function phaseClock(label: string): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    if (!enabled) return;
    const now = performance.now();
    process.stderr.write(`[import ${label}] ${phase}: ${Math.round(now - last)} ms\n`);
    last = now;
  };
}
