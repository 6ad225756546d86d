import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { AppError } from './errors.js';
import { insertPolicy, lockPolicyArea, policyInForce } from './repo.js';
import { STEP_KEYS, type PolicyValues } from './values.js';

export type PolicyInput = Partial<Omit<PolicyValues, 'id' | 'version' | 'areaCode' | 'areaLevel' | 'year' | 'effectiveFrom'>> & {
  year: number;
  effectiveFrom: string;
};

const invalid = (reasonZh: string, reasonEn: string) => new AppError('POLICY_INVALID', { reasonZh, reasonEn });

/**
 * Publishes a new version of the policy of the administrator's province or county. What it leaves out is taken from
 * the policy in force there on its first day (the province's or the nation's), so a county sets only what differs.
 * Versions are never changed: cases keep the version they were decided under.
 */
export async function createPolicy(db: Kysely<DB>, actor: Actor, input: PolicyInput): Promise<PolicyValues> {
  const level = actor.user.areaLevel;
  if (level !== 1 && level !== 3) throw new AppError('POLICY_LEVEL');
  const areaCode = actor.user.areaCode.slice(0, level === 1 ? 2 : 6).padEnd(12, '0');
  return db.transaction().execute(async (trx) => {
    // One version number per area and year, even when two administrators publish at once.
    await lockPolicyArea(trx, areaCode);
    const base = await policyInForce(trx, areaCode, input.effectiveFrom);
    const p = {
      ...base,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
      areaCode,
      areaLevel: level,
      stepLimits: { ...base.stepLimits, ...(input.stepLimits ?? {}) },
    } as PolicyValues;
    check(p);
    const saved = await insertPolicy(trx, p, actor.user.id);
    await recordAudit(trx, {
      userId: actor.user.id,
      username: actor.user.username,
      areaCode: actor.user.areaCode,
      ip: actor.ip,
      action: 'policy.create',
      targetType: 'monitoring_policy',
      targetId: saved.id,
      detail: { before: { id: base.id, areaCode: base.areaCode, version: base.version }, after: saved },
    });
    return saved;
  });
}

function check(p: PolicyValues): void {
  for (const [name, table] of [['categories', p.categories], ['riskTypes', p.riskTypes]] as const) {
    if (table.length === 0) throw invalid(`${name} 不能为空`, `${name} cannot be empty`);
    if (new Set(table.map((c) => c.code)).size !== table.length) throw invalid(`${name} 的代码重复`, `${name} has a code twice`);
  }
  if (p.stepLimits.notice < p.noticeDays) {
    throw invalid(`公示环节时限（${p.stepLimits.notice}）短于公示天数（${p.noticeDays}）`, `the notice step's limit (${p.stepLimits.notice}) is shorter than the notice days (${p.noticeDays})`);
  }
  for (const k of STEP_KEYS) {
    const n = p.stepLimits[k];
    if (!Number.isInteger(n) || n < 1 || n > 365) throw invalid(`环节 ${k} 的时限应为 1–365`, `the limit of step ${k} must be 1–365`);
  }
  const both = p.holidays.filter((d) => p.workdays.includes(d));
  if (both.length) throw invalid(`${both[0]} 既是假日又是调休工作日`, `${both[0]} is both a holiday and a make-up working day`);
}
