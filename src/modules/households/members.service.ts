import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError } from './errors.js';
import { maskId } from '../../core/idcard.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { assertInScope } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { headProblems, validateMember, type MemberInput } from './validate.js';
import { assertNotActiveElsewhere, invalid, memberRow } from './households.service.js';
import { getHousehold, memberDto } from './households.query.js';
import { recordHistory, refreshTotals, settleHistory } from './history.js';

async function loadMember(db: Database, actor: Actor, householdId: number, memberId: number) {
  const m = await db.selectFrom('members').selectAll().where('id', '=', memberId).where('household_id', '=', householdId).executeTakeFirst();
  if (!m) throw new AppError('NOT_FOUND');
  assertInScope(m.village_code, actor.user);
  return m;
}

async function activeRelations(db: Database, householdId: number, exceptId?: number) {
  const rows = await db.selectFrom('members').select(['id', 'relation']).where('household_id', '=', householdId).where('status', '=', 'active').execute();
  return rows.filter((r) => r.id !== exceptId).map((r) => r.relation);
}

export async function addMember(db: Database, cipher: FieldCipher, actor: Actor, householdId: number, input: MemberInput) {
  const household = await getHousehold(db, actor.user, householdId);
  const r = validateMember(input);
  if (!r.value) throw invalid(r.problems);
  const m = r.value;
  const heads = headProblems([...(await activeRelations(db, householdId)), m.relation]);
  if (heads.length) throw invalid(heads);
  await db.transaction().execute(async (trx) => {
    await settleHistory(trx, householdId);
    await assertNotActiveElsewhere(trx, actor, m, cipher);
    const row = await trx.insertInto('members').values(memberRow(m, householdId, household.villageCode, cipher)).returning('id').executeTakeFirstOrThrow();
    await touch(trx, householdId, actor);
    await recordHistory(trx, actor, householdId, 'member_add', { memberId: row.id, name: m.name });
    await recordAudit(trx, { ...auditActor(actor), action: 'registry.member_add', targetType: 'member', targetId: row.id, detail: { after: { householdId, name: m.name, id: maskId(m.id.id), relation: m.relation } } });
  });
  return getHousehold(db, actor.user, householdId);
}

export async function updateMember(db: Database, cipher: FieldCipher, actor: Actor, householdId: number, memberId: number, patch: Partial<MemberInput>) {
  const before = await loadMember(db, actor, householdId, memberId);
  if (before.status !== 'active') throw new AppError('MEMBER_NOT_ACTIVE');
  const idNumber = patch.idNumber ?? cipher.decrypt(before.id_enc);
  const current = memberDto(before);
  const merged: MemberInput = { ...current, ...patch, idNumber, gender: patch.gender ?? null, birthDate: patch.birthDate ?? null };
  const r = validateMember(merged);
  if (!r.value) throw invalid(r.problems);
  const m = r.value;
  const heads = headProblems([...(await activeRelations(db, householdId, memberId)), m.relation]);
  if (heads.length) throw invalid(heads);
  await db.transaction().execute(async (trx) => {
    await settleHistory(trx, householdId);
    if (patch.idNumber) await assertNotActiveElsewhere(trx, actor, m, cipher, memberId);
    const { household_id: _h, ...row } = memberRow(m, householdId, before.village_code, cipher);
    // Keep the stored ciphertext when the number did not change: no churn in history or the blind index.
    const values = patch.idNumber ? row : { ...row, id_enc: before.id_enc, id_idx: before.id_idx, id_masked: before.id_masked };
    await trx.updateTable('members').set({ ...values, updated_at: sql`now()` }).where('id', '=', memberId).execute();
    await touch(trx, householdId, actor);
    const after = memberDto(await trx.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow());
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(current[k]));
    await recordHistory(trx, actor, householdId, 'member_update', { memberId, name: m.name, changed });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'registry.member_update',
      targetType: 'member',
      targetId: memberId,
      detail: { before: Object.fromEntries(changed.map((k) => [k, current[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) },
    });
  });
  return getHousehold(db, actor.user, householdId);
}

export interface RemoveMemberInput {
  status: 'deceased' | 'moved_out' | 'married_out' | 'other';
  date: string;
  reason: string;
  /** Required when the head leaves: the member who becomes head. */
  newHeadMemberId?: number;
}

/** A member leaves (death, marriage out, hukou moved): kept with status, date and reason — never deleted. */
export async function removeMember(db: Database, actor: Actor, householdId: number, memberId: number, input: RemoveMemberInput) {
  const m = await loadMember(db, actor, householdId, memberId);
  if (m.status !== 'active') throw new AppError('MEMBER_NOT_ACTIVE');
  // Today in China time: a removal dated today must be accepted between 00:00 and 08:00 too.
  if (input.date > new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)) {
    throw invalid([{ field: 'date', code: 'DATE_FUTURE', zh: '减少日期不能晚于今天', en: 'The date cannot be in the future' }]);
  }
  const remaining = await db.selectFrom('members').select(['id', 'relation']).where('household_id', '=', householdId).where('status', '=', 'active').where('id', '!=', memberId).execute();
  if (m.relation === 'head' && remaining.length > 0) {
    if (!input.newHeadMemberId || !remaining.some((r) => r.id === input.newHeadMemberId)) {
      throw invalid([{ field: 'newHeadMemberId', code: 'NEW_HEAD_REQUIRED', zh: '户主减少后须指定新户主', en: 'Choose the new head of the household' }]);
    }
  }
  await db.transaction().execute(async (trx) => {
    await settleHistory(trx, householdId);
    await trx.updateTable('members').set({ status: input.status, status_date: input.date, status_reason: input.reason, updated_at: sql`now()` }).where('id', '=', memberId).execute();
    if (m.relation === 'head' && input.newHeadMemberId) {
      await trx.updateTable('members').set({ relation: 'head', updated_at: sql`now()` }).where('id', '=', input.newHeadMemberId).execute();
    }
    await touch(trx, householdId, actor);
    await recordHistory(trx, actor, householdId, 'member_remove', { memberId, name: m.name, status: input.status, date: input.date, reason: input.reason });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'registry.member_remove',
      targetType: 'member',
      targetId: memberId,
      detail: { before: { status: 'active' }, after: { status: input.status, date: input.date, reason: input.reason, newHeadMemberId: input.newHeadMemberId ?? null } },
    });
  });
  return getHousehold(db, actor.user, householdId);
}

/** The full ID number: needs registry.viewFullId (checked by the route) and is always audited. */
export async function revealIdNumber(db: Database, cipher: FieldCipher, actor: Actor, householdId: number, memberId: number) {
  const m = await loadMember(db, actor, householdId, memberId);
  await recordAudit(db, { ...auditActor(actor), action: 'registry.reveal_id', targetType: 'member', targetId: memberId, detail: { householdId, idMasked: m.id_masked } });
  return { idNumber: cipher.decrypt(m.id_enc) };
}

async function touch(db: Database, householdId: number, actor: Actor) {
  await db.updateTable('households').set({ version: sql`version + 1`, updated_at: sql`now()`, updated_by: actor.user.id }).where('id', '=', householdId).execute();
  await refreshTotals(db, [householdId]);
}
