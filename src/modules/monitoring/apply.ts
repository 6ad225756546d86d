import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { ID_PROBLEM_TEXT, parseIdNumber } from '../../core/idcard.js';
import { AppError } from './errors.js';
import { CASE_STATES, type CaseState } from './machine.js';
import { openCase } from './open-case.js';
import { caseByNumber, householdByMember, memberIdxOf, villageExists } from './repo.js';
import { Throttle } from './throttle.js';

export interface ApplyInput {
  name: string;
  idNumber: string;
  phone: string;
  villageCode: string;
  description: string;
  consent: boolean;
}

/** Per process: a handful of posts an hour from one address, a few a day for one ID number. */
export interface ApplyThrottles {
  ip: Throttle;
  id: Throttle;
}
export function applyThrottles(): ApplyThrottles {
  return { ip: new Throttle(5, 3_600_000), id: new Throttle(3, 86_400_000) };
}

type Deps = { db: Kysely<DB>; config: Config; cipher: FieldCipher };

/**
 * 农户自主申报 (no account): a resident declares a difficulty. Every post counts against its address first (a flood of
 * bad posts is throttled too), then the form is checked — nothing is stored from a refused post. The case opens
 * through openCase (channel 'self'); a household that already has an open case gets that case's number.
 */
export async function apply(deps: Deps, throttles: ApplyThrottles, ip: string, input: ApplyInput): Promise<{ caseNo: string }> {
  if (!throttles.ip.hit(ip)) throw new AppError('RATE_LIMITED');
  if (!input.consent) throw new AppError('APPLY_CONSENT_REQUIRED');
  const id = parseIdNumber(input.idNumber);
  if (!id.ok) throw new AppError('APPLY_ID_INVALID', { reasonZh: ID_PROBLEM_TEXT[id.problem].zh, reasonEn: ID_PROBLEM_TEXT[id.problem].en });
  if (!(await villageExists(deps.db, input.villageCode))) throw new AppError('APPLY_VILLAGE_UNKNOWN');
  const idIdx = deps.cipher.blindIndex(id.value.id);
  if (!throttles.id.hit(idIdx)) throw new AppError('RATE_LIMITED');
  const householdId = await householdByMember(deps.db, input.villageCode, idIdx);
  try {
    const opened = await openCase(
      deps,
      {
        kind: 'identification',
        channel: 'self',
        householdId,
        villageCode: input.villageCode,
        clue: input.description,
        applicant: { name: input.name, idIdx, idEnc: deps.cipher.encrypt(id.value.id), phoneEnc: deps.cipher.encrypt(input.phone) },
      },
      null,
    );
    return { caseNo: opened.caseNo };
  } catch (err) {
    if (err instanceof AppError && err.code === 'CASE_OPEN_EXISTS') return { caseNo: String(err.params.caseNo) };
    throw err;
  }
}

/**
 * The applicant's look-up: the case's state for its number and an ID number of its applicant or of its household.
 * Anything else — no such case, another person's ID number — answers the same APPLY_NOT_FOUND.
 */
export async function lookupApplication(deps: Deps, throttles: ApplyThrottles, ip: string, caseNo: string, idNumber: string) {
  if (!throttles.ip.hit(`lookup:${ip}`)) throw new AppError('RATE_LIMITED');
  const id = parseIdNumber(idNumber);
  const c = await caseByNumber(deps.db, caseNo.trim());
  if (!id.ok || !c) throw new AppError('APPLY_NOT_FOUND');
  const idx = deps.cipher.blindIndex(id.value.id);
  const members = c.household_id ? await memberIdxOf(deps.db, c.household_id) : [];
  if (c.applicant_id_idx !== idx && !members.includes(idx)) throw new AppError('APPLY_NOT_FOUND');
  const state = c.state as CaseState;
  return { caseNo: c.case_no, state, stateLabel: CASE_STATES[state], openedAt: c.opened_at.toISOString(), closedAt: c.closed_at?.toISOString() ?? null, outcome: c.outcome };
}
