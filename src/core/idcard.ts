/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence
 * (odd = male), 1 check character (ISO 7064 MOD 11-2; 10 is written X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdProblem = 'empty' | 'format' | 'date' | 'future' | 'check';

export interface ParsedId {
  id: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'M' | 'F';
  areaCode: string;
  /** True when the input was a 15-digit legacy number, upgraded to 18. */
  upgraded: boolean;
}

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Full-width digits and X, spaces, and a lower-case x become their plain forms. */
export function normaliseIdInput(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF38\uFF58x]/g, 'X')
    .replace(/[\s\u3000-]/g, '');
}

/** 'date': no such day (or before 1880); 'future': a real day after today. */
function dateProblem(y: number, m: number, d: number, today = new Date()): 'date' | 'future' | undefined {
  if (m < 1 || m > 12 || d < 1) return 'date';
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || y < 1880) return 'date';
  return dt.getTime() > today.getTime() ? 'future' : undefined;
}

/** Parses and validates; returns the normalised 18-digit number or the reason it is not valid. */
export function parseIdNumber(raw: string | null | undefined): { ok: true; value: ParsedId } | { ok: false; problem: IdProblem } {
  if (raw == null || String(raw).trim() === '') return { ok: false, problem: 'empty' };
  let id = normaliseIdInput(String(raw));
  let upgraded = false;
  if (/^\d{15}$/.test(id)) {
    // Legacy numbers: 2-digit year (19xx), no check character.
    const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
    id = first17 + checkChar(first17);
    upgraded = true;
  }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const dateWrong = dateProblem(y, m, d);
  if (dateWrong) return { ok: false, problem: dateWrong };
  if (checkChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check' };
  return {
    ok: true,
    value: {
      id,
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
      areaCode: id.slice(0, 6),
      upgraded,
    },
  };
}

/** 140430********1234: what lists, exports and public notices show. */
export function maskId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : id.replace(/.(?=.{4})/g, '*');
}

export const ID_PROBLEM_TEXT: Record<IdProblem, { zh: string; en: string }> = {
  empty: { zh: '身份证号为空', en: 'ID number is empty' },
  format: { zh: '身份证号格式错误（应为 18 位，最后一位可为 X）', en: 'ID number malformed (18 characters, last may be X)' },
  date: { zh: '身份证号中的出生日期不存在', en: 'ID number contains an impossible birth date' },
  future: { zh: '身份证号中的出生日期晚于今天', en: 'ID number contains a birth date later than today' },
  check: { zh: '身份证号校验位错误', en: 'ID number check digit is wrong' },
};
