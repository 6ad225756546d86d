import { AppError } from './errors.js';
import { pad12, parseAreaCode } from './division-source.js';

/** A code as typed (2, 4, 6, 9 or 12 digits) → the 12-digit stored code, or AREA_CODE_INVALID. */
export function normaliseCode(input: string): string {
  const parsed = parseAreaCode(input);
  if (!parsed) throw new AppError('AREA_CODE_INVALID', { code: input.slice(0, 20) });
  return pad12(parsed.short);
}

/** What may be loaded from the national tree: a province, city, county or township with everything below it. */
export function importableCode(input: string): { short: string; level: number } {
  const parsed = parseAreaCode(input);
  if (!parsed) throw new AppError('AREA_CODE_INVALID', { code: input.slice(0, 20) });
  if (parsed.level > 4) throw new AppError('AREA_IMPORT_LEVEL', { code: input.trim() });
  return parsed;
}
