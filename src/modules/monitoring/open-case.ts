import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { assertInScope } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import { ROLE_LABELS, type Role } from '../../shared/roles.js';
import { recordAudit } from '../audit/repo.js';
import { policyInForce } from '../policy/repo.js';
import { dueDate } from '../policy/working-days.js';
import { AppError } from './errors.js';
import { eliminationFactsOf } from './elimination.js';
import { eliminationRefusals } from './elimination-rules.js';
import { currentRecord, householdOf, insertCase, nextCaseNo, openCaseOf, recordOpening } from './repo.js';

export type Channel = 'self' | 'inspection' | 'warning' | 'hotline';

/** 发现渠道 and who may use each; self-declaration and department warnings come from the system (no person). */
const CHANNELS: Record<Channel, { zh: string; en: string; roles: readonly Role[]; system: boolean }> = {
  self: { zh: '农户自主申报', en: 'self-declaration', roles: [], system: true },
  inspection: { zh: '干部排查', en: 'cadre inspection', roles: ['village_clerk', 'helper'], system: false },
  warning: { zh: '部门筛查预警', en: 'department warning', roles: ['county_reviewer', 'dept_officer'], system: true },
  hotline: { zh: '热线来电', en: 'hotline call', roles: ['township_reviewer', 'county_reviewer'], system: false },
};

export interface OpenCaseInput {
  kind: 'identification' | 'elimination';
  channel: Channel;
  /** null only for a self-declaration no household matched (the clerk links it at the visit). */
  householdId: number | null;
  /** Required when householdId is null. */
  villageCode?: string;
  clue: string;
  hotline?: '12317' | '12345';
  eliminationKind?: 'assisted' | 'natural';
  applicant?: { name: string; idIdx: string; idEnc: string; phoneEnc: string };
}

export interface OpenDeps {
  db: Kysely<DB>;
  config: Config;
}

/**
 * Opens a case: THE one way, for every channel (the public /apply page, a clerk's inspection, the hotline, the
 * screening module's warnings) and for risk elimination. One open case per household: a second answers
 * CASE_OPEN_EXISTS naming the open one (checked first, and by the partial unique index when two race).
 */
export async function openCase(deps: OpenDeps, input: OpenCaseInput, actor: Actor | null): Promise<{ id: number; caseNo: string }> {
  const { db } = deps;
  const channel = CHANNELS[input.channel];
  if (actor ? !channel.roles.includes(actor.user.role) : !channel.system) {
    const role = actor ? ROLE_LABELS[actor.user.role] : { zh: '系统', en: 'the system' };
    throw new AppError('CASE_CHANNEL_ROLE', { roleZh: role.zh, roleEn: role.en, channelZh: channel.zh, channelEn: channel.en });
  }
  const household = input.householdId === null ? null : await householdOf(db, input.householdId);
  const villageCode = household?.village_code ?? input.villageCode;
  if (!villageCode) throw new AppError('CASE_HOUSEHOLD_REQUIRED');
  if (actor) assertInScope(villageCode, actor.user);
  const now = nowOf(deps.config);
  const today = chinaDay(now);
  const policy = await policyInForce(db, villageCode, today);

  if (household) {
    const open = await openCaseOf(db, household.id);
    if (open) throw new AppError('CASE_OPEN_EXISTS', { caseNo: open.case_no }, { caseId: open.id, caseNo: open.case_no });
    if (input.kind === 'elimination') {
      const refusals = eliminationRefusals(await eliminationFactsOf(db, household.id, policy, today));
      if (refusals.length) {
        throw new AppError('ELIMINATION_REFUSED', { reasonsZh: refusals.map((r) => r.zh).join('；'), reasonsEn: refusals.map((r) => r.en).join('; ') }, { refusals });
      }
    }
  }
  if (input.kind === 'elimination' && (!household || !(await currentRecord(db, household.id)))) {
    throw new AppError('ELIMINATION_REFUSED', { reasonsZh: '该户不是监测对象', reasonsEn: 'the household is not monitored' });
  }

  try {
    return await db.transaction().execute(async (trx) => {
      const caseNo = await nextCaseNo(trx, input.kind === 'identification' ? 'JC' : 'XC', villageCode, Number(today.slice(0, 4)));
      const row = await insertCase(trx, {
          case_no: caseNo,
          kind: input.kind,
          elimination_kind: input.kind === 'elimination' ? (input.eliminationKind ?? 'assisted') : null,
          household_id: household?.id ?? null,
          village_code: villageCode,
          channel: input.channel,
          clue: input.clue,
          hotline: input.hotline ?? null,
          state: 'visit',
          policy_id: policy.id,
          opened_at: now,
          opened_by: actor?.user.id ?? null,
          due_on: dueDate(today, policy.timeLimit, policy.timeUnit, policy),
          step_started_on: today,
          step_due_on: dueDate(today, policy.stepLimits.visit, policy.timeUnit, policy),
          applicant_name: input.applicant?.name ?? null,
          applicant_id_idx: input.applicant?.idIdx ?? null,
          applicant_id_enc: input.applicant?.idEnc ?? null,
          applicant_phone_enc: input.applicant?.phoneEnc ?? null,
        });
      await recordOpening(trx, row.id, {
        actor_user_id: actor?.user.id ?? null,
        actor_role: actor?.user.role ?? null,
        actor_area_code: actor?.user.areaCode ?? null,
        payload: JSON.stringify({ channel: input.channel, kind: input.kind }),
        at: now,
      });
      await recordAudit(trx, {
        ...(actor ? { userId: actor.user.id, username: actor.user.username, areaCode: actor.user.areaCode, ip: actor.ip } : { username: 'system' }),
        action: 'monitoring_case.open',
        targetType: 'monitoring_case',
        targetId: row.id,
        detail: { before: null, after: { caseNo, kind: input.kind, channel: input.channel, householdId: household?.id ?? null, villageCode, policyId: policy.id } },
      });
      return { id: row.id, caseNo };
    });
  } catch (err) {
    // Two openings at once: the partial unique index lets one through.
    if ((err as { code?: string; constraint?: string }).constraint === 'monitoring_cases_open_idx' && household) {
      const open = await openCaseOf(db, household.id);
      throw new AppError('CASE_OPEN_EXISTS', { caseNo: open?.case_no ?? '' }, { caseId: open?.id, caseNo: open?.case_no });
    }
    throw err;
  }
}
