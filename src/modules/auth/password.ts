import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from './errors.js';

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
  if (alg !== 'scrypt' || !salt || !hash) return false;
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

/** 等保: at least 10 characters, 3 of 4 classes (upper, lower, digit, symbol), not the user name. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('length');
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('classes');
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  if (name && (lower === name || lower.includes(name))) problems.push('username');
  return problems;
}

export function assertStrongPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw new AppError('PASSWORD_WEAK', {}, { problems });
}

/** A random password that satisfies the policy: for demo accounts and administrator resets. */
export function generatePassword(): string {
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
