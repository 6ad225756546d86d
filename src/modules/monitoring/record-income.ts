import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { assertInScope } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import type { IncomeForm } from '../../shared/income.js';
import { recordAudit } from '../audit/repo.js';
import { saveIncomeForm } from '../income/repo.js';
import { AppError } from './errors.js';
import { currentRecord, householdOf } from './repo.js';

/**
 * 帮扶回访收支核算: a monitored household's income form recorded outside a case (a follow-up visit during assistance),
 * so that risk elimination is judged on the latest figure. The household must be monitored now and in the caller's
 * area; the day not after today. Stored with its computed per-capita figure and audited, in one transaction.
 */
export async function recordFollowUpIncome(deps: { db: Kysely<DB>; config: Config }, actor: Actor, householdId: number, input: { recordedOn: string; income: IncomeForm }) {
  const h = await householdOf(deps.db, householdId);
  assertInScope(h.village_code, actor.user);
  const today = chinaDay(nowOf(deps.config));
  if (input.recordedOn > today) throw new AppError('CASE_STEP_INVALID', { field: 'recordedOn', reasonZh: '日期晚于今天', reasonEn: 'the date is after today' });
  if (!(await currentRecord(deps.db, h.id))) throw new AppError('INCOME_NOT_MONITORED');
  return deps.db.transaction().execute(async (trx) => {
    const saved = await saveIncomeForm(trx, h.id, null, input.recordedOn, input.income, actor.user.id);
    await recordAudit(trx, {
      userId: actor.user.id,
      username: actor.user.username,
      areaCode: actor.user.areaCode,
      ip: actor.ip,
      action: 'monitoring.income',
      targetType: 'household',
      targetId: h.id,
      detail: { before: null, after: { recordedOn: input.recordedOn, income: input.income, perCapitaNet: saved.perCapitaNet } },
    });
    return { id: saved.id, recordedOn: input.recordedOn, perCapitaNet: saved.perCapitaNet };
  });
}
