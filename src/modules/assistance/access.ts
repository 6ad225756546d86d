import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope, codeInScope } from '../../core/scope.js';
import type { SessionUser } from '../../server/context.js';
import { AppError } from './errors.js';
import { householdRow, isPairedWith, type Viewer } from './repo.js';

/**
 * Who reaches what in assistance: a household inside the caller's area, and for a helper only a household paired
 * with him now — in every endpoint (reads, lists, writes).
 */
export async function reachHousehold(db: Kysely<DB>, user: SessionUser, householdId: number) {
  const h = await householdRow(db, householdId);
  assertInScope(h.village_code, user);
  if (user.role === 'helper' && !(await isPairedWith(db, householdId, user.id))) throw new AppError('ASSIST_NOT_ASSIGNED');
  return h;
}

export function viewerOf(user: SessionUser): Viewer {
  return { id: user.id, role: user.role, areaCode: user.areaCode, areaLevel: user.areaLevel };
}

/** The county a catalogue or schedule request is about: the caller's own, or (above a county) the one named. */
export function countyOf(user: SessionUser, requested?: string): string {
  if (user.areaLevel >= 3) return user.areaCode.slice(0, 6);
  if (!requested || requested.length < 6) throw new AppError('ASSIST_COUNTY_REQUIRED');
  const county = requested.slice(0, 6);
  if (!codeInScope(county.padEnd(12, '0'), user)) throw new AppError('OUT_OF_SCOPE');
  return county;
}

/** An area filter inside the caller's area (a township of the county, a village of the township). */
export function areaFilter(user: SessionUser, areaCode: string | undefined): string | undefined {
  if (!areaCode) return undefined;
  assertInScope(areaCode.padEnd(12, '0'), user);
  return areaCode;
}
