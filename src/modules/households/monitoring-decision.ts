import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { recordHistory, settleHistory } from './repo/history.js';

type MonitoringType = 'unstable_exited' | 'marginal' | 'sudden_hardship';

/**
 * The registry's side of a county decision in the monitoring chain (called inside the approval's transaction), so
 * that the roll a county exports and re-imports agrees with the chain and the household's timeline shows the decision.
 *
 * - Identified (纳入监测): 监测对象类别 becomes the approved category when it is one of the registry's codes (a
 *   county's own category code stays in the chain only); an ordinary household (一般农户) becomes 监测户. A
 *   registered-poor household stays 脱贫户: that is its own fact (issue 16).
 * - Risk eliminated (风险消除): the registry keeps 户类型 and 类别 — the national system keeps an eliminated household
 *   among its 监测对象 with the status 风险已消除; whether it is monitored now comes from the chain's records.
 */
export async function recordMonitoringDecision(
  trx: Kysely<DB>,
  actor: Actor,
  householdId: number,
  d: { event: 'start'; caseNo: string; category: string } | { event: 'end'; caseNo: string; endKind: 'assisted' | 'natural' | null },
): Promise<void> {
  await settleHistory(trx, householdId);
  const registryType = d.event === 'start' && ['unstable_exited', 'marginal', 'sudden_hardship'].includes(d.category) ? (d.category as MonitoringType) : undefined;
  await trx
    .updateTable('households')
    .set({
      ...(d.event === 'start' ? { category: sql<'exited' | 'monitored' | 'ordinary'>`case when category = 'ordinary' then 'monitored' else category end` } : {}),
      ...(registryType ? { monitoring_type: registryType } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
      updated_by: actor.user.id,
    })
    .where('id', '=', householdId)
    .execute();
  await recordHistory(trx, actor, householdId, d.event === 'start' ? 'monitoring_start' : 'monitoring_end', d);
}
