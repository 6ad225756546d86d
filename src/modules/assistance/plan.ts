import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import type { Actor, SessionUser } from '../../server/context.js';
import { ENDING_SOON_DAYS, LABOUR_CAPABLE, MEASURE_AMOUNT_MAX, WORK_GROUPS, daysBetween } from '../../shared/assistance.js';
import { recordAudit } from '../audit/repo.js';
import { reachHousehold } from './access.js';
import { AppError } from './errors.js';
import { fieldError, optionalText, requiredText } from './field.js';
import {
  assignmentHistory,
  catalogueItem,
  countyHasCatalogue,
  currentAssignment,
  householdMeasures,
  householdMembers,
  insertMeasure,
  measureById,
  monitoringRecordOf,
  NATIONAL_CATALOGUE,
  openCaseOfHousehold,
  updateMeasure,
  type MeasureRow,
  type MeasureValues,
} from './repo.js';

/** 一户一策: a monitored household's plan of measures, its rules, and the plan's own warnings. */

interface Deps {
  db: Kysely<DB>;
  config: Config;
}

export interface MeasureInput {
  catalogueId: number;
  riskType?: string | null;
  content: string;
  startOn: string;
  endOn: string;
  amount: number;
  department?: string | null;
  memberIds: number[];
  doneOn?: string | null;
}

export function measureDto(m: MeasureRow) {
  return {
    id: m.id,
    householdId: m.household_id,
    catalogueId: m.catalogue_id,
    catalogueName: m.catalogue_name,
    group: m.grp,
    riskType: m.risk_type,
    content: m.content,
    startOn: m.start_on,
    endOn: m.end_on,
    amount: Number(m.amount),
    department: m.department,
    memberIds: (m.member_ids as number[]) ?? [],
    doneOn: m.done_on,
    version: m.version,
  };
}

/** The household's plan: its monitoring record, members, measures, helper (and history) and warnings. */
export async function getPlan(deps: Deps, user: SessionUser, householdId: number) {
  const { db } = deps;
  const h = await reachHousehold(db, user, householdId);
  const today = chinaDay(nowOf(deps.config));
  const [record, members, measures, helper, history, openCase, names] = await Promise.all([
    monitoringRecordOf(db, householdId),
    householdMembers(db, householdId),
    householdMeasures(db, householdId),
    currentAssignment(db, householdId),
    assignmentHistory(db, householdId),
    openCaseOfHousehold(db, householdId),
    db.selectFrom('areas').select(['code', 'name']).where('code', 'in', [h.village_code, h.village_code.slice(0, 9) + '000', h.county_code + '000000']).execute(),
  ]);
  const nameOf = (c: string) => names.find((n) => n.code === c)?.name ?? '';
  const dtos = measures.map(measureDto);
  const warnings: { kind: string; measureId: number | null }[] = [];
  if (record) {
    const capable = members.some((m) => m.status === 'active' && (LABOUR_CAPABLE as readonly string[]).includes(m.labour_capacity ?? ''));
    if (capable && !dtos.some((m) => (WORK_GROUPS as readonly string[]).includes(m.group))) warnings.push({ kind: 'no_work_measure', measureId: null });
    if (!helper) warnings.push({ kind: 'no_helper', measureId: null });
  }
  for (const m of dtos) {
    if (!m.doneOn && m.endOn >= today && daysBetween(today, m.endOn) <= ENDING_SOON_DAYS) warnings.push({ kind: 'measure_ending', measureId: m.id });
  }
  return {
    household: {
      id: h.id,
      householdNo: h.household_no,
      headName: h.head_name,
      villageCode: h.village_code,
      villageName: nameOf(h.village_code),
      townshipName: nameOf(h.village_code.slice(0, 9) + '000'),
      countyName: nameOf(h.county_code + '000000'),
      category: h.category,
      address: h.address,
    },
    record: record ? { category: record.category, riskTypes: (record.risk_types as string[]) ?? [], since: record.since } : null,
    members: members.map((m) => ({ id: m.id, name: m.name, relation: m.relation, labourCapacity: m.labour_capacity, status: m.status })),
    measures: dtos,
    helper: helper ? { id: helper.helper_id, name: helper.display_name, username: helper.username, phone: helper.phone, assignedOn: helper.assigned_on } : null,
    helperHistory: history.map((a) => ({ helperId: a.helper_id, name: a.display_name, assignedOn: a.assigned_on, endedOn: a.ended_on })),
    openCase: openCase ? { id: openCase.id, caseNo: openCase.case_no } : null,
    warnings,
    today,
  };
}

/** The rules of one measure: the county's catalogue, dates in order, a sane amount, the household's own members. */
async function checkMeasure(
  deps: Deps,
  h: { id: number; county_code: string },
  riskTypes: string[],
  input: MeasureInput,
  today: string,
  keepCatalogue: number | null,
): Promise<MeasureValues> {
  const { db } = deps;
  let item;
  try {
    item = await catalogueItem(db, input.catalogueId);
  } catch {
    throw fieldError('catalogueId', '措施目录中没有此项', 'no such catalogue item');
  }
  const national = item.county_code === NATIONAL_CATALOGUE && !(await countyHasCatalogue(db, h.county_code));
  if (item.county_code !== h.county_code && !national && item.id !== keepCatalogue) throw fieldError('catalogueId', '不是本县的措施目录项', 'not an item of this county’s catalogue');
  if (!item.active && item.id !== keepCatalogue) throw fieldError('catalogueId', '该目录项已停用', 'the catalogue item is retired');
  const riskType = optionalText(input.riskType);
  if (riskType && !riskTypes.includes(riskType)) throw fieldError('riskType', '不是该户的风险类型', 'not a risk type of this household');
  const content = requiredText('content', input.content);
  if (input.endOn < input.startOn) throw fieldError('endOn', '结束日期不能早于开始日期', 'the end is before the start');
  if (!Number.isFinite(input.amount) || input.amount < 0) throw fieldError('amount', '金额不能为负数', 'the amount cannot be negative');
  if (input.amount > MEASURE_AMOUNT_MAX) throw fieldError('amount', `金额不能超过 ${MEASURE_AMOUNT_MAX} 元`, `the amount cannot exceed ${MEASURE_AMOUNT_MAX} yuan`);
  if (Math.round(input.amount * 100) !== Number((input.amount * 100).toFixed(6))) throw fieldError('amount', '金额最多保留两位小数', 'at most two decimals');
  const members = await householdMembers(db, h.id);
  const ids = new Set(members.map((m) => m.id));
  const memberIds = [...new Set(input.memberIds)];
  const stranger = memberIds.find((id) => !ids.has(id));
  if (stranger !== undefined) throw fieldError('memberIds', `成员 ${stranger} 不属于该户`, `member ${stranger} is not of this household`);
  const doneOn = input.doneOn ?? null;
  if (doneOn && doneOn < input.startOn) throw fieldError('doneOn', '完成日期不能早于开始日期', 'done before the start');
  if (doneOn && doneOn > today) throw fieldError('doneOn', '完成日期不能晚于今天', 'done in the future');
  return {
    catalogue_id: item.id,
    grp: item.grp,
    risk_type: riskType,
    content,
    start_on: input.startOn,
    end_on: input.endOn,
    amount: Math.round(input.amount * 100) / 100,
    department: optionalText(input.department),
    member_ids: JSON.stringify(memberIds),
    done_on: doneOn,
  };
}

function auditActor(actor: Actor) {
  return { userId: actor.user.id, username: actor.user.username, areaCode: actor.user.areaCode, ip: actor.ip };
}

export async function addMeasure(deps: Deps, actor: Actor, householdId: number, input: MeasureInput) {
  const { db } = deps;
  const h = await reachHousehold(db, actor.user, householdId);
  const record = await monitoringRecordOf(db, householdId);
  if (!record) throw new AppError('ASSIST_NOT_MONITORED');
  const today = chinaDay(nowOf(deps.config));
  const values = await checkMeasure(deps, h, (record.risk_types as string[]) ?? [], input, today, null);
  const id = await db.transaction().execute(async (trx) => {
    const row = await insertMeasure(trx, { ...values, household_id: h.id, village_code: h.village_code, created_by: actor.user.id });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'assistance.measure_add',
      targetType: 'assistance_measure',
      targetId: row.id,
      detail: { before: null, after: { householdId: h.id, ...values, member_ids: JSON.parse(values.member_ids) } },
    });
    return row.id;
  });
  return measureDto(await measureById(db, id));
}

export async function editMeasure(deps: Deps, actor: Actor, measureId: number, input: MeasureInput & { version: number }) {
  const { db } = deps;
  const before = await measureById(db, measureId);
  const h = await reachHousehold(db, actor.user, before.household_id);
  const record = await monitoringRecordOf(db, h.id);
  const riskTypes = [...((record?.risk_types as string[]) ?? []), ...(before.risk_type ? [before.risk_type] : [])];
  const today = chinaDay(nowOf(deps.config));
  const values = await checkMeasure(deps, h, riskTypes, input, today, before.catalogue_id);
  await db.transaction().execute(async (trx) => {
    await updateMeasure(trx, measureId, input.version, values);
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'assistance.measure_update',
      targetType: 'assistance_measure',
      targetId: measureId,
      detail: { before: measureDto(before), after: { ...values, member_ids: JSON.parse(values.member_ids) } },
    });
  });
  return measureDto(await measureById(db, measureId));
}
