import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';

/** An audit entry of this module, written in the caller's transaction. */
export function audit(trx: Transaction<DB>, actor: Actor, action: string, targetType: string, targetId: number | string, detail: object): Promise<void> {
  return recordAudit(trx, {
    userId: actor.user.id,
    username: actor.user.username,
    areaCode: actor.user.areaCode,
    ip: actor.ip,
    action,
    targetType,
    targetId,
    detail,
  });
}
