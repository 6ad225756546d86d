import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { destroySession } from './session.js';

/** Sign-out: the session ends, audited. */
export async function logout(db: Database, actor: Actor, sessionId: string): Promise<void> {
  await destroySession(db, sessionId);
  await recordAudit(db, { ...auditActor(actor), action: 'auth.logout' });
}
