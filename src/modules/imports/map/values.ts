import { isoDate, type Cell } from '../parse/sheet.js';

/**
 * Cell → value, the way county rolls write things: 是/否, √/×, 一级…四级, 2019年, 24,000.00, 1980/1/1, an Excel date.
 * Each parser returns undefined for an empty cell and `BAD` for text it cannot read.
 */
export const BAD = Symbol('bad');
export type Parsed<T> = T | undefined | typeof BAD;

/** Text of a cell; an apostrophe that protected a formula-like value on export (`'-5`, `'=x`) is removed. */
export function text(c: Cell | undefined): string {
  if (c == null) return '';
  if (typeof c === 'string') {
    const t = c.trim();
    return t.length > 1 && t[0] === "'" && /^'[=+\-@]/.test(t) ? t.slice(1) : t;
  }
  if (typeof c === 'number') return Number.isInteger(c) && Math.abs(c) < 1e21 ? BigInt(c).toString() : String(c);
  if (typeof c === 'boolean') return c ? '是' : '否';
  return isoDate(c);
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有', '参加', '已参加', '享受', '达标', '对', 't']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', '无', '未参加', '不参加', '不享受', '未享受', '不达标', '没有', 'f']);

export function parseBool(c: Cell | undefined): Parsed<boolean> {
  if (typeof c === 'boolean') return c;
  // What nearly every county roll writes, eleven columns a row: no trimming or lower-casing for those two.
  if (c === '是') return true;
  if (c === '否') return false;
  const t = text(c).toLowerCase();
  if (!t) return undefined;
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return BAD;
}

/** 24,000.00 / ￥24000 / 2.4万 / 24000元 → 24000. */
export function parseAmount(c: Cell | undefined): Parsed<number> {
  if (typeof c === 'number') return Number.isFinite(c) ? c : BAD;
  let t = text(c).replace(/[,，\s￥¥]/g, '').replace(/元$/, '');
  if (!t) return undefined;
  let scale = 1;
  if (t.endsWith('万')) {
    scale = 10_000;
    t = t.slice(0, -1);
  }
  if (!/^-?\d+(\.\d+)?$/.test(t)) return BAD;
  return Math.round(Number(t) * scale * 100) / 100;
}

/** Whole numbers: 2019, 2019年, 6个月, 6. */
export function parseInteger(c: Cell | undefined, suffix = /(年|年度|个月|月)$/): Parsed<number> {
  if (typeof c === 'number') return Number.isInteger(c) ? c : BAD;
  const t = text(c).replace(suffix, '');
  if (!t) return undefined;
  return /^\d{1,6}$/.test(t) ? Number(t) : BAD;
}

const GRADE: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4, '壹': 1, '贰': 2, '叁': 3, '肆': 4 };

/** 一级 / 1级 / 1 / 二 → 1–4. */
export function parseGrade(c: Cell | undefined): Parsed<number> {
  if (typeof c === 'number') return Number.isInteger(c) ? c : BAD;
  const t = text(c).replace(/^残疾/, '').replace(/[级等]$/g, '');
  if (!t) return undefined;
  return GRADE[t] ?? BAD;
}

export function parseGender(c: Cell | undefined): Parsed<'M' | 'F'> {
  const t = text(c).toUpperCase();
  if (!t) return undefined;
  if (['男', 'M', 'MALE', '男性', '1'].includes(t)) return 'M';
  if (['女', 'F', 'FEMALE', '女性', '2'].includes(t)) return 'F';
  return BAD;
}

/** An Excel serial day number (1900 system) → date. */
function fromSerial(n: number): string | undefined {
  if (n < 1 || n > 80_000) return undefined;
  return new Date(Date.UTC(1899, 11, 30) + Math.round(n) * 86_400_000).toISOString().slice(0, 10);
}

/** 1980-01-01 / 1980/1/1 / 1980.1.1 / 1980年1月1日 / 19800101 / an Excel date → YYYY-MM-DD. */
export function parseDate(c: Cell | undefined): Parsed<string> {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? BAD : isoDate(c);
  if (typeof c === 'number') {
    if (c >= 19000101 && c <= 21001231) return parseDate(String(c));
    return fromSerial(c) ?? BAD;
  }
  const t = text(c);
  if (!t) return undefined;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) {
    m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(t);
    if (!m) return BAD;
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return BAD;
  return m[2]!.length === 2 && m[3]!.length === 2 && t[4] === '-' && t.length === 10 ? t : `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** A/B/C/D, A级, C级危房. */
export function parseRating(c: Cell | undefined): Parsed<'A' | 'B' | 'C' | 'D'> {
  const t = text(c).toUpperCase().replace(/[级類类]|危房|住房/g, '');
  if (!t) return undefined;
  return /^[ABCD]$/.test(t) ? (t as 'A' | 'B' | 'C' | 'D') : BAD;
}

/** Mobile numbers lose spaces, dashes and +86; landlines keep their area-code dash. */
export function normalisePhone(c: Cell | undefined): string {
  const t = text(c).replace(/[\s\u3000]/g, '');
  // A mobile number, maybe with +86 and dashes: only its digits.
  if (/^(\+?86-?)?1[\d-]{10,13}$/.test(t)) return t.replace(/-/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return t;
}

/**
 * An identifier typed into a number cell: Excel keeps 15 significant digits, so an 18-digit ID number or household
 * number stored as a number has lost its last digits. Returns the text, or `lost` when that happened.
 */
export function identifierText(c: Cell | undefined): { value: string; lost: boolean } {
  if (typeof c === 'number') {
    if (!Number.isSafeInteger(c) || c >= 1e15) return { value: text(c), lost: true };
    return { value: String(c), lost: false };
  }
  return { value: text(c), lost: false };
}
