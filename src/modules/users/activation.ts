import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { sm3 } from '../../core/crypto.js';
import { AppError } from './errors.js';
import { recordAudit } from '../audit/repo.js';
import { assertStrongPassword, hashPassword } from '../auth/password.js';
import { forgetSessions } from '../auth/session.js';
import { consumeActivation, countActivationFailure, findActivation, storeActivationCode } from './repo.js';

/**
 * One-time activation codes (三员分立): an auditor's or security administrator's account is opened, and reset, by a
 * code its owner uses to choose his own password at the public activation page. The administrator who issues it sees
 * the code once and never a password; the code is random (80 bits), stored as its SM3 hash, single-use, valid
 * ACTIVATION_HOURS, and gone after ACTIVATION_MAX_FAILURES wrong tries. Every issue, activation and failed try is
 * audited.
 */
export const ACTIVATION_HOURS = 72;
export const ACTIVATION_MAX_FAILURES = 5;
// 32 letters and digits without 0/O, 1/I: read aloud or typed from paper without doubt.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface Activation {
  /** Shown once, grouped by four (ABCD-EFGH-JKLM-NPQR); dashes and spaces are ignored when typed. */
  code: string;
  expiresAt: string;
}

function newCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]!);
  return chars.join('').replace(/(.{4})(?!$)/g, '$1-');
}

function codeHash(code: string): string {
  return sm3(`activation:${code.toUpperCase().replace(/[\s-]/g, '')}`);
}

/** A new code for the account (in the caller's transaction, which ends its sessions and writes the audit entry). */
export async function issueActivation(trx: Kysely<DB>, userId: number, createdBy: number | null): Promise<Activation> {
  const code = newCode();
  const expiresAt = new Date(Date.now() + ACTIVATION_HOURS * 3600_000);
  await storeActivationCode(trx, userId, codeHash(code), expiresAt, createdBy);
  return { code, expiresAt: expiresAt.toISOString() };
}

/**
 * The owner's activation: the code must be his account's, unused and unexpired; the new password follows the rules
 * (auth/password-rules.ts). A weak password does not use the code up. Audited either way.
 */
export async function activateAccount(db: Database, input: { username: string; code: string; newPassword: string; ip: string }): Promise<void> {
  const found = await findActivation(db, input.username);
  const audit = (outcome: 'ok' | 'fail', reason?: string) =>
    recordAudit(db, {
      userId: found?.id ?? null,
      username: input.username.slice(0, 64),
      areaCode: found?.area_code ?? null,
      ip: input.ip,
      action: 'users.activate',
      targetType: found ? 'user' : null,
      targetId: found?.id ?? null,
      outcome,
      detail: reason ? { reason } : {},
    });
  const hash = codeHash(input.code);
  if (!found?.code_hash || !found.expires_at) {
    await audit('fail', found ? 'no_code' : 'unknown_user');
    throw new AppError('ACTIVATION_INVALID');
  }
  if (!crypto.timingSafeEqual(Buffer.from(hash), Buffer.from(found.code_hash))) {
    const failures = await countActivationFailure(db, found.id, ACTIVATION_MAX_FAILURES);
    await audit('fail', failures >= ACTIVATION_MAX_FAILURES ? 'wrong_code_withdrawn' : 'wrong_code');
    throw new AppError('ACTIVATION_INVALID');
  }
  if (found.expires_at.getTime() <= Date.now()) {
    await audit('fail', 'expired');
    throw new AppError('ACTIVATION_EXPIRED');
  }
  try {
    assertStrongPassword(input.newPassword, { username: found.username, displayName: found.display_name, phone: found.phone });
  } catch (err) {
    await audit('fail', 'weak_password');
    throw err;
  }
  const passwordHash = await hashPassword(input.newPassword);
  const done = await db.transaction().execute(async (trx) => {
    if (!(await consumeActivation(trx, found.id, hash, passwordHash))) return false;
    await recordAudit(trx, { userId: found.id, username: found.username, areaCode: found.area_code, ip: input.ip, action: 'users.activate', targetType: 'user', targetId: found.id });
    return true;
  });
  if (!done) {
    await audit('fail', 'used');
    throw new AppError('ACTIVATION_INVALID');
  }
  forgetSessions();
}
