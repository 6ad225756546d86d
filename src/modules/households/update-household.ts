import type { Database } from '../../db/database.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertMove, assertNumberFree, invalid } from './policy.js';
import { getHousehold, householdNoHolder, updateHouseholdRow } from './repo/households.js';
import { setMembersVillage } from './repo/members.js';
import { recordHistory, refreshTotals, settleHistory } from './repo/history.js';
import { validateHouseholdFields, type HouseholdFields } from './validate.js';

/**
 * A household's form fields change: checked as a whole (the stored household with the patch), written if nobody
 * changed it meanwhile (`version`), with its totals, a timeline entry and an audit entry of the changed fields.
 */
export async function updateHousehold(db: Database, cipher: FieldCipher, actor: Actor, id: number, input: Partial<HouseholdFields> & { version: number }) {
  const before = await getHousehold(db, actor.user, id);
  const problems = validateHouseholdFields({ ...before, ...input } as HouseholdFields);
  if (problems.length) throw invalid(problems);
  await assertMove(db, actor, before.villageCode, input.villageCode);
  await db.transaction().execute(async (trx) => {
    await settleHistory(trx, id);
    if (input.householdNo && input.householdNo !== before.householdNo) {
      assertNumberFree(actor, input.householdNo, await householdNoHolder(trx, before.villageCode.slice(0, 6), input.householdNo));
    }
    const { version, ...fields } = input;
    await updateHouseholdRow(trx, cipher, id, version, fields, actor.user.id);
    if (input.villageCode) await setMembersVillage(trx, id, input.villageCode);
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
