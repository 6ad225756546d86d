import type { Actor } from '../../server/context.js';

/** Who an audit entry names: the signed-in user, the area they act for, and where the request came from. */
export function auditActor(actor: Actor) {
  return { userId: actor.user.id, username: actor.user.username, areaCode: actor.user.areaCode, ip: actor.ip };
}
