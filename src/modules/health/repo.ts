import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Whether the database answers. */
export async function databaseUp(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
