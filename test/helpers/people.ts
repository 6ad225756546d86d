import { checkChar } from '../../src/core/idcard.js';

let seq = 100;
/** A valid 18-digit ID number (GB 11643) for tests; odd sequence = male. */
export function makeId(opts: { area?: string; birth?: string; gender?: 'M' | 'F' } = {}): string {
  seq = (seq + 2) % 998;
  const s = seq + (opts.gender === 'F' ? 1 : 0) + 1; // seq even → s odd for M
  const first17 = `${opts.area ?? '140430'}${opts.birth ?? '19800101'}${String(s).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

let hh = 0;
export function householdNo(): string {
  return `T${Date.now().toString(36).toUpperCase()}${++hh}`;
}
