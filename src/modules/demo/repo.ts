import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Whether the registry holds a household, or an import was ever completed (then the demo data is not wanted). */
export async function registryEverFilled(db: Kysely<DB>): Promise<boolean> {
  if (await db.selectFrom('households').select('id').limit(1).executeTakeFirst()) return true;
  return !!(await db.selectFrom('import_jobs').select('id').where('state', '=', 'done').limit(1).executeTakeFirst());
}
