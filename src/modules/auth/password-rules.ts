import fs from 'node:fs';
import { pinyin } from 'pinyin-pro';

/**
 * The password rules (等保 plus what guessing lists try first). Each refusal has one reason the web app can show;
 * `passwordProblems` lists them in this order, the first being the one to tell the user.
 */
export const PASSWORD_REASONS = ['length', 'classes', 'repeated', 'keyboard', 'sequence', 'common', 'contains_name', 'contains_phone', 'reused'] as const;
export type PasswordReason = (typeof PASSWORD_REASONS)[number];

/** What a password is checked against besides itself. */
export interface PasswordOwner {
  username: string;
  displayName?: string | null;
  phone?: string | null;
}

const MIN_LENGTH = 10;
/** A new password may not be any of the user's last this many (the current one included). */
export const PASSWORD_HISTORY = 5;
/** A password this much made of keyboard walks or alphabet/number runs is one. */
const WALK_SHARE = 0.6;
/** The shortest piece counted as a walk or run ("qwe", "123"). */
const WALK_MIN = 3;

export function passwordProblems(password: string, owner: PasswordOwner): PasswordReason[] {
  // Spaces pad a password without making it harder to guess: every rule reads what is left without them.
  const content = password.replace(/\s+/g, '');
  const lower = content.toLowerCase();
  const problems: PasswordReason[] = [];
  if (content.length < MIN_LENGTH) problems.push('length');
  if ([/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(content)).length < 3) problems.push('classes');
  if (isRepetitive(lower)) problems.push('repeated');
  const walk = walkKind(lower);
  if (walk) problems.push(walk);
  if (isCommon(lower)) problems.push('common');
  if (containsName(lower, owner)) problems.push('contains_name');
  if (containsPhone(lower, owner.phone)) problems.push('contains_phone');
  return problems;
}

// ---------------------------------------------------------------- repeated

/** One character making up half of it, fewer than five different characters, or one chunk over and over. */
function isRepetitive(s: string): boolean {
  if (!s) return false;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return Math.max(...counts.values()) * 2 >= s.length || counts.size < 5 || /^(.+?)\1+$/.test(s);
}

// ---------------------------------------------------------------- keyboard walks and sequences

/** The shifted symbols of a US/Chinese keyboard, read as the key they sit on ("!QAZ@WSX" is "1qaz2wsx"). */
const UNSHIFT: Record<string, string> = {
  '!': '1', '@': '2', '#': '3', $: '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
  _: '-', '+': '=', '{': '[', '}': ']', '|': '\\', ':': ';', '"': "'", '<': ',', '>': '.', '?': '/',
};
const ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./'];
/**
 * The rows, and from each key of the top row the three ways down: "1qaz" (the keys are staggered, so this is the
 * column), "1wdv" and "4esz". Read both ways (`inAny`).
 */
const KEYBOARD: string[] = (() => {
  const rows = ROWS.map((r, i) => (i === 0 ? r.slice(1) : r));
  const lines = [...rows];
  for (let c = 0; c < 10; c++) {
    lines.push(rows.map((r) => r[c] ?? '').join(''));
    lines.push(rows.map((r, i) => r[c + i] ?? '').join(''));
    lines.push(rows.map((r, i) => r[c - i] ?? '').join(''));
  }
  return lines.filter((l) => l.length >= WALK_MIN);
})();
/** No walk or run is longer than the alphabet. */
const WALK_MAX = 26;
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890'];

const reverse = (s: string) => [...s].reverse().join('');
const inAny = (lines: string[], piece: string) => lines.some((l) => l.includes(piece) || l.includes(reverse(piece)));

/** 'keyboard' or 'sequence' when walks and runs make up most of the password, by which covers more of it. */
function walkKind(lower: string): 'keyboard' | 'sequence' | undefined {
  const s = [...lower].map((c) => UNSHIFT[c] ?? c).join('');
  const kind: ('keyboard' | 'sequence' | undefined)[] = new Array(s.length).fill(undefined);
  let i = 0;
  while (i < s.length) {
    let found = 0;
    let as: 'keyboard' | 'sequence' = 'sequence';
    // The longest walk or run starting here; an alphabet or number run counts as a sequence even on a keyboard row.
    for (let j = Math.min(s.length, i + WALK_MAX); j - i >= WALK_MIN; j--) {
      const piece = s.slice(i, j);
      if (inAny(SEQUENCES, piece)) as = 'sequence';
      else if (inAny(KEYBOARD, piece)) as = 'keyboard';
      else continue;
      found = j - i;
      break;
    }
    if (!found) {
      i++;
      continue;
    }
    for (let k = i; k < i + found; k++) kind[k] = as;
    i += found;
  }
  const keyboard = kind.filter((k) => k === 'keyboard').length;
  const sequence = kind.filter((k) => k === 'sequence').length;
  if ((keyboard + sequence) < WALK_SHARE * s.length) return undefined;
  return keyboard >= sequence ? 'keyboard' : 'sequence';
}

// ---------------------------------------------------------------- common passwords

/** Leet-speak read back as letters; "1" may stand for i or l. */
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '3': 'e', '5': 's', $: 's', '7': 't', '!': 'i', '8': 'b', '9': 'g' };
const unleet = (s: string, one: 'i' | 'l') => [...s].map((c) => (c === '1' ? one : (LEET[c] ?? c))).join('');
const stripTail = (s: string) => s.replace(/[\W\d_]+$/, '');
const stripHead = (s: string) => s.replace(/^[\W\d_]+/, '');
const stripTailSymbols = (s: string) => s.replace(/[\W_]+$/, '');

/** The forms a password is looked up under: as typed, without the digits and symbols added before or after, de-leeted. */
function forms(lower: string): Set<string> {
  const bare = [lower, stripTailSymbols(lower), stripTail(lower), stripHead(lower), stripHead(stripTail(lower)), stripHead(stripTailSymbols(lower))];
  const all = new Set<string>();
  for (const f of bare) {
    if (!f) continue;
    all.add(f);
    all.add(unleet(f, 'i'));
    all.add(unleet(f, 'l'));
  }
  return all;
}

const COMMON_FILE = new URL('./common-passwords.txt', import.meta.url);
let common: { exact: Set<string>; words: string[] } | undefined;

/**
 * The list, loaded once: each entry, and its stem without trailing digits ("zhang123" → "zhang") when that is still
 * a word of four letters or more. Alphabetic entries of five letters or more are also looked for inside a password.
 */
function commonList(): { exact: Set<string>; words: string[] } {
  if (common) return common;
  const entries = fs.readFileSync(COMMON_FILE, 'utf8').split('\n').map((l) => l.trim().toLowerCase()).filter((l) => l && !l.startsWith('#'));
  const exact = new Set<string>();
  for (const e of entries) {
    exact.add(e);
    const stem = stripTail(e);
    if (stem.length >= 4) exact.add(stem);
  }
  const words = [...new Set(entries.map(stripTail).filter((w) => /^[a-z]{5,}$/.test(w)))].sort((a, b) => b.length - a.length);
  common = { exact, words };
  return common;
}

/**
 * A listed password in any of its forms, or one with only a few more letters around it ("MyPassword1!"): fewer than
 * four letters besides the listed word.
 */
function isCommon(lower: string): boolean {
  const list = commonList();
  const candidates = forms(lower);
  for (const f of candidates) if (list.exact.has(f)) return true;
  for (const f of candidates) {
    const letters = f.replace(/[^a-z]/g, '');
    for (const w of list.words) {
      if (w.length > letters.length) continue;
      const at = letters.indexOf(w);
      if (at >= 0 && letters.length - w.length < 4) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- the owner's name and phone

/** The user name, the person's name and its pinyin ("李建国" → "lijianguo"), each also read backwards. */
function containsName(lower: string, owner: PasswordOwner): boolean {
  const names = [owner.username.toLowerCase()];
  const display = owner.displayName?.trim().toLowerCase();
  if (display) {
    if (display.length >= 2) names.push(display);
    const spelled = (pinyin(display, { toneType: 'none', type: 'array', surname: 'head', v: true }) as string[]).join('').replace(/[^a-z]/g, '');
    if (spelled.length >= 4) names.push(spelled);
  }
  return names.some((n) => n.length >= 3 && (lower.includes(n) || lower.includes(reverse(n))));
}

/** The phone's digits, forwards or backwards (spaces and dashes in the stored number do not matter). */
function containsPhone(lower: string, phone: string | null | undefined): boolean {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 7 && (lower.includes(digits) || lower.includes(reverse(digits)));
}
