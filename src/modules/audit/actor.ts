import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from './repo.js';

/** Who an audit entry names: the signed-in user, the area they act for, and where the request came from. */
export function auditActor(actor: Actor) {
  return { userId: actor.user.id, username: actor.user.username, areaCode: actor.user.areaCode, ip: actor.ip };
}

/** An audit entry of what `actor` did, written in the caller's transaction. */
export function recordActorAudit(trx: Transaction<DB>, actor: Actor, action: string, targetType: string, targetId: number | string, detail: object): Promise<void> {
  return recordAudit(trx, { ...auditActor(actor), action, targetType, targetId, detail });
}
