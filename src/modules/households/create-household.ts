import type { Database } from '../../db/database.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { maskId } from '../../core/idcard.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { assertNotActiveElsewhere, assertNumberFree, assertVillage, validNewHousehold } from './policy.js';
import { getHousehold, householdNoHolder, insertHousehold } from './repo/households.js';
import { insertMembers } from './repo/members.js';
import { recordHistory, refreshTotals } from './repo/history.js';
import type { HouseholdFields, MemberInput } from './validate.js';

export interface CreateHouseholdInput extends HouseholdFields {
  members: MemberInput[];
}

/** Registers a household with its members: one transaction with its totals, its first timeline entry and the audit entry. */
export async function createHousehold(db: Database, cipher: FieldCipher, actor: Actor, input: CreateHouseholdInput) {
  const members = validNewHousehold(input);
  await assertVillage(db, actor, input.villageCode);
  const id = await db.transaction().execute(async (trx) => {
    assertNumberFree(actor, input.householdNo, await householdNoHolder(trx, input.villageCode.slice(0, 6), input.householdNo));
    for (const m of members) await assertNotActiveElsewhere(trx, actor, m, cipher);
    const id = await insertHousehold(trx, cipher, input, actor.user.id);
    await insertMembers(trx, cipher, id, input.villageCode, members);
    await refreshTotals(trx, [id]);
    await recordHistory(trx, actor, id, 'create', { members: members.length });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'registry.household_create',
      targetType: 'household',
      targetId: id,
      detail: { after: { householdNo: input.householdNo, villageCode: input.villageCode, category: input.category, members: members.map((m) => maskId(m.id.id)) } },
    });
    return id;
  });
  return getHousehold(db, actor.user, id);
}
