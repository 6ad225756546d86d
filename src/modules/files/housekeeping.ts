import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { nowOf } from '../../core/clock.js';
import { deleteUnlinked } from './repo.js';

/** Uploads no record linked within this many hours are deleted (a form abandoned, a photo removed before submit). */
export const UNLINKED_HOURS = 24;

export async function removeUnlinkedAttachments(deps: { db: Kysely<DB>; config: Config }, hours = UNLINKED_HOURS): Promise<number> {
  return deleteUnlinked(deps.db, new Date(nowOf(deps.config).getTime() - hours * 3_600_000));
}
