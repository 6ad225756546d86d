import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { maskId } from '../../core/idcard.js';
import { assertInScope, codeInScope } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import { AppError } from './errors.js';
import { areaLevel } from '../areas/repo.js';
import { activeMemberByIdNumber } from './repo/members.js';
import { headProblems, validateHouseholdFields, validateMember, type FieldProblem, type HouseholdFields, type MemberInput, type ValidMember } from './validate.js';

/** The registry's rules beyond one field (validate.ts): scope, places, who may be where, what a change may do. */

export function invalid(problems: FieldProblem[]): AppError {
  const summary = problems.slice(0, 3).map((p) => p.zh).join('；');
  return new AppError('REGISTRY_INVALID', { summary }, { problems });
}

/** A household lives in a village of the actor's scope. */
export async function assertVillage(db: Kysely<DB>, actor: Actor, villageCode: string): Promise<void> {
  assertInScope(villageCode, actor.user);
  if ((await areaLevel(db, villageCode)) !== 5) {
    throw invalid([{ field: 'villageCode', code: 'NOT_A_VILLAGE', zh: '所选区划不是村', en: 'The chosen area is not a village' }]);
  }
}

/** A new household's form: every field, every member, one head, no ID number twice. Its valid members. */
export function validNewHousehold(input: HouseholdFields & { members: MemberInput[] }): ValidMember[] {
  const problems = validateHouseholdFields(input);
  const members: ValidMember[] = [];
  input.members.forEach((m, i) => {
    const r = validateMember(m);
    problems.push(...r.problems.map((p) => ({ ...p, field: `members.${i}.${p.field}` })));
    if (r.value) members.push(r.value);
  });
  problems.push(...headProblems(input.members.map((m) => m.relation)));
  const ids = members.map((m) => m.id.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) problems.push({ field: 'members', code: 'ID_DUPLICATE', zh: `身份证号 ${maskId(dup)} 在户内重复`, en: `ID ${maskId(dup)} appears twice` });
  if (problems.length) throw invalid(problems);
  return members;
}

/** A household moves only within its county: another county registers it anew. */
export async function assertMove(db: Kysely<DB>, actor: Actor, from: string, to: string | undefined): Promise<void> {
  if (!to || to === from) return;
  await assertVillage(db, actor, to);
  if (to.slice(0, 6) !== from.slice(0, 6)) {
    throw invalid([{ field: 'villageCode', code: 'COUNTY_CHANGE', zh: '不能把农户迁到其他县，请在迁入县重新登记', en: 'A household cannot move to another county here' }]);
  }
}

/** One head among the household's active members once `relations` are theirs. */
export function assertOneHead(relations: string[]): void {
  const heads = headProblems(relations);
  if (heads.length) throw invalid(heads);
}

/** A member's form, or REGISTRY_INVALID. */
export function validMember(input: MemberInput): ValidMember {
  const r = validateMember(input);
  if (!r.value) throw invalid(r.problems);
  return r.value;
}

/**
 * Refuses an ID number already active in another household: with the details (masked ID, that household's number)
 * when that household is in the actor's area; outside it, only that the person cannot be registered here — a form
 * must not tell a village clerk who is registered in another county, nor where.
 */
export async function assertNotActiveElsewhere(db: Kysely<DB>, actor: Actor, m: ValidMember, cipher: FieldCipher, exceptMemberId?: number): Promise<void> {
  const other = await activeMemberByIdNumber(db, cipher, m.id.id);
  if (other && other.id !== exceptMemberId) {
    if (!codeInScope(other.village_code, actor.user)) throw new AppError('PERSON_NOT_REGISTRABLE');
    throw new AppError('PERSON_ACTIVE_ELSEWHERE', { idMasked: maskId(m.id.id), householdNo: other.household_no });
  }
}

/**
 * Refuses a household number the county already uses (`holder`: that household's village): named as taken when the
 * household is in the actor's area, else only as not usable here.
 */
export function assertNumberFree(actor: Actor, householdNo: string, holder: string | undefined): void {
  if (!holder) return;
  if (!codeInScope(holder, actor.user)) throw new AppError('HOUSEHOLD_NO_UNAVAILABLE');
  throw new AppError('HOUSEHOLD_NO_TAKEN', { householdNo });
}

/**
 * A member's leaving: dated today or before (China time: a removal dated today must be accepted between 00:00 and
 * 08:00 too); when the head leaves and others stay, one of them becomes head.
 */
export function assertLeaving(
  member: { status: string; relation: string },
  remaining: { id: number }[],
  input: { date: string; newHeadMemberId?: number },
): void {
  if (member.status !== 'active') throw new AppError('MEMBER_NOT_ACTIVE');
  if (input.date > new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)) {
    throw invalid([{ field: 'date', code: 'DATE_FUTURE', zh: '减少日期不能晚于今天', en: 'The date cannot be in the future' }]);
  }
  if (member.relation === 'head' && remaining.length > 0) {
    if (!input.newHeadMemberId || !remaining.some((r) => r.id === input.newHeadMemberId)) {
      throw invalid([{ field: 'newHeadMemberId', code: 'NEW_HEAD_REQUIRED', zh: '户主减少后须指定新户主', en: 'Choose the new head of the household' }]);
    }
  }
}
