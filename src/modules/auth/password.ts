import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { AppError, PASSWORD_REASON_TEXT } from './errors.js';
import { passwordProblems, type PasswordOwner, type PasswordReason } from './password-rules.js';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEYLEN = 32;

/** Salted scrypt, stored as `scrypt$N$r$p$salt$hash` so parameters can be raised later without a migration. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEYLEN, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) {
    // No password (an account waiting for activation): as slow as a wrong one, so the answer's timing tells nothing.
    await burnTime(password);
    return false;
  }
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(actual, expected);
}

// Verifying against this when the user does not exist keeps the response time the same (no user enumeration).
let dummyHash: Promise<string> | undefined;
export async function burnTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(password, await dummyHash);
}

/** Refuses a password that breaks a rule (password-rules.ts): PASSWORD_WEAK with the first reason. */
export function assertStrongPassword(password: string, owner: PasswordOwner): void {
  const problems = passwordProblems(password, owner);
  if (problems.length) throw weakPassword(problems);
}

/** PASSWORD_WEAK saying the first of `problems`; details.reason names it, details.problems lists them all. */
export function weakPassword(problems: readonly PasswordReason[]): AppError {
  const reason = problems[0]!;
  const text = PASSWORD_REASON_TEXT[reason];
  return new AppError('PASSWORD_WEAK', { reasonZh: text.zh, reasonEn: text.en }, { reason, problems });
}

/**
 * A random password that satisfies the rules for `owner` (for demo accounts and administrator resets). A draw that
 * happens to hold a run, a walk or the user's name is drawn again.
 */
export function generatePassword(owner: PasswordOwner = { username: '' }): string {
  for (;;) {
    const password = drawPassword();
    if (passwordProblems(password, owner).length === 0) return password;
  }
}

function drawPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#%+=@'];
  const all = sets.join('');
  const pick = (s: string) => s[crypto.randomInt(s.length)]!;
  const chars = sets.map(pick);
  while (chars.length < 14) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
