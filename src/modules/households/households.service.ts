import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Database } from '../../db/database.js';
import { AppError } from './errors.js';
import { maskId } from '../../core/idcard.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { assertInScope, codeInScope } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { headProblems, validateHouseholdFields, validateMember, type FieldProblem, type HouseholdFields, type MemberInput, type ValidMember } from './validate.js';
import { namePinyin } from './pinyin.js';
import { recordHistory, refreshTotals, settleHistory } from './history.js';
import { getHousehold } from './households.query.js';

export function invalid(problems: FieldProblem[]): AppError {
  const summary = problems.slice(0, 3).map((p) => p.zh).join('；');
  return new AppError('REGISTRY_INVALID', { summary }, { problems });
}

/** Household columns from form fields (phone encrypted; derived totals left to refreshTotals). */
export function householdRow(h: Partial<HouseholdFields>, cipher: FieldCipher) {
  const row: Record<string, unknown> = {
    household_no: h.householdNo?.toUpperCase(),
    village_code: h.villageCode,
    county_code: h.villageCode?.slice(0, 6),
    address: h.address,
    category: h.category,
    monitoring_type: h.monitoringType,
    exit_year: h.exitYear,
    is_dibao: h.isDibao,
    is_tekun: h.isTekun,
    is_relocated: h.isRelocated,
    has_left_behind: h.hasLeftBehind,
    housing_rating: h.housingRating,
    housing_rated_on: h.housingRatedOn,
    water_quantity_ok: h.waterQuantityOk,
    water_quality_ok: h.waterQualityOk,
    water_access_ok: h.waterAccessOk,
    water_supply_ok: h.waterSupplyOk,
    income_year: h.incomeYear,
    income_wages: h.incomeWages,
    income_business: h.incomeBusiness,
    income_property: h.incomeProperty,
    income_transfer: h.incomeTransfer,
    expense_business: h.expenseBusiness,
  };
  if (h.phone !== undefined) {
    row.phone_enc = h.phone ? cipher.encrypt(h.phone) : null;
    row.phone_idx = h.phone ? cipher.blindIndex(h.phone) : null;
    row.phone_masked = h.phone ? h.phone.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2') : null;
  }
  for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
  return row;
}

/** Member columns: ID number encrypted with SM4, blind index for look-up, masked copy for display. */
export function memberRow(m: ValidMember, householdId: number, villageCode: string, cipher: FieldCipher) {
  const py = namePinyin(m.name);
  return {
    household_id: householdId,
    village_code: villageCode,
    id_enc: cipher.encrypt(m.id.id),
    id_idx: cipher.blindIndex(m.id.id),
    id_masked: maskId(m.id.id),
    name: m.name,
    name_pinyin: py.full,
    name_initials: py.initials,
    gender: m.gender,
    birth_date: m.birthDate,
    relation: m.relation,
    ethnicity: m.ethnicity ?? null,
    education: m.education ?? null,
    school_status: m.schoolStatus ?? null,
    health: m.health ?? null,
    disability_category: m.disabilityCategory ?? null,
    disability_grade: m.disabilityGrade ?? null,
    labour_capacity: m.labourCapacity ?? null,
    work_place: m.workPlace ?? null,
    work_months: m.workMonths ?? null,
    medical_insured: m.medicalInsured ?? null,
    pension_insured: m.pensionInsured ?? null,
    welfare_post: m.welfarePost ?? false,
  };
}

export async function assertVillage(db: Kysely<DB>, actor: Actor, villageCode: string) {
  assertInScope(villageCode, actor.user);
  const v = await db.selectFrom('areas').select('level').where('code', '=', villageCode).executeTakeFirst();
  if (!v) throw new AppError('AREA_NOT_FOUND', { code: villageCode });
  if (v.level !== 5) throw invalid([{ field: 'villageCode', code: 'NOT_A_VILLAGE', zh: '所选区划不是村', en: 'The chosen area is not a village' }]);
}

/**
 * The next household number of a village as county rolls number them: the village's 12-digit code and a serial of
 * four digits (140430103207 + 0183), one after the highest such number in the county. A suggestion for the form: the
 * create still refuses a number taken meanwhile (HOUSEHOLD_NO_TAKEN).
 */
export async function nextHouseholdNo(db: Kysely<DB>, actor: Actor, villageCode: string): Promise<string> {
  await assertVillage(db, actor, villageCode);
  const r = await sql<{ n: number | null }>`
    select max(substr(household_no, 13)::int) as n from households
    where county_code = ${villageCode.slice(0, 6)} and household_no like ${`${villageCode}%`} and household_no ~ ${`^${villageCode}[0-9]{4,6}$`}`.execute(db);
  return `${villageCode}${String((r.rows[0]?.n ?? 0) + 1).padStart(4, '0')}`;
}

/** Refuses an ID number already active in another household (names that household only if the actor may see it). */
export async function assertNotActiveElsewhere(db: Kysely<DB>, actor: Actor, m: ValidMember, cipher: FieldCipher, exceptMemberId?: number) {
  const other = await db
    .selectFrom('members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['m.id', 'h.household_no', 'h.village_code'])
    .where('m.id_idx', '=', cipher.blindIndex(m.id.id))
    .where('m.status', '=', 'active')
    .executeTakeFirst();
  if (other && other.id !== exceptMemberId) {
    const visible = codeInScope(other.village_code, actor.user);
    throw new AppError('PERSON_ACTIVE_ELSEWHERE', { idMasked: maskId(m.id.id), householdNo: visible ? other.household_no : '—' });
  }
}

export interface CreateHouseholdInput extends HouseholdFields {
  members: MemberInput[];
}

export async function createHousehold(db: Database, cipher: FieldCipher, actor: Actor, input: CreateHouseholdInput) {
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
  await assertVillage(db, actor, input.villageCode);

  const id = await db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('households')
      .select('id')
      .where('county_code', '=', input.villageCode.slice(0, 6))
      .where('household_no', '=', input.householdNo)
      .executeTakeFirst();
    if (taken) throw new AppError('HOUSEHOLD_NO_TAKEN', { householdNo: input.householdNo });
    for (const m of members) await assertNotActiveElsewhere(trx, actor, m, cipher);
    const h = await trx
      .insertInto('households')
      .values({ ...householdRow(input, cipher), created_by: actor.user.id, updated_by: actor.user.id } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('members').values(members.map((m) => memberRow(m, h.id, input.villageCode, cipher))).execute();
    await refreshTotals(trx, [h.id]);
    await recordHistory(trx, actor, h.id, 'create', { members: members.length });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'registry.household_create',
      targetType: 'household',
      targetId: h.id,
      detail: { after: { householdNo: input.householdNo, villageCode: input.villageCode, category: input.category, members: members.map((m) => maskId(m.id.id)) } },
    });
    return h.id;
  });
  return getHousehold(db, actor.user, id);
}

export async function updateHousehold(
  db: Database,
  cipher: FieldCipher,
  actor: Actor,
  id: number,
  input: Partial<HouseholdFields> & { version: number },
) {
  const before = await getHousehold(db, actor.user, id);
  const merged = { ...before, ...input } as HouseholdFields;
  const problems = validateHouseholdFields(merged);
  if (problems.length) throw invalid(problems);
  if (input.villageCode && input.villageCode !== before.villageCode) {
    await assertVillage(db, actor, input.villageCode);
    if (input.villageCode.slice(0, 6) !== before.villageCode.slice(0, 6)) {
      throw invalid([{ field: 'villageCode', code: 'COUNTY_CHANGE', zh: '不能把农户迁到其他县，请在迁入县重新登记', en: 'A household cannot move to another county here' }]);
    }
  }
  await db.transaction().execute(async (trx) => {
    await settleHistory(trx, id);
    if (input.householdNo && input.householdNo !== before.householdNo) {
      const taken = await trx.selectFrom('households').select('id').where('county_code', '=', before.villageCode.slice(0, 6)).where('household_no', '=', input.householdNo).executeTakeFirst();
      if (taken) throw new AppError('HOUSEHOLD_NO_TAKEN', { householdNo: input.householdNo });
    }
    const { version: _v, ...fields } = input;
    const res = await trx
      .updateTable('households')
      .set({ ...householdRow(fields, cipher), version: sql`version + 1`, updated_at: sql`now()`, updated_by: actor.user.id } as never)
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
    if (input.villageCode) await trx.updateTable('members').set({ village_code: input.villageCode }).where('household_id', '=', id).execute();
    await refreshTotals(trx, [id]);
    const changed = Object.keys(fields).filter((k) => k !== 'phone' && JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((fields as Record<string, unknown>)[k]));
    await recordHistory(trx, actor, id, 'update', { changed: input.phone !== undefined ? [...changed, 'phone'] : changed });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'registry.household_update',
      targetType: 'household',
      targetId: id,
      detail: {
        before: Object.fromEntries(changed.map((k) => [k, (before as Record<string, unknown>)[k]])),
        after: Object.fromEntries(changed.map((k) => [k, (fields as Record<string, unknown>)[k]])),
      },
    });
  });
  return getHousehold(db, actor.user, id);
}
