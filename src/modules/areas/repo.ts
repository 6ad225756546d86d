import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope, inScope, type Scope } from '../../core/scope.js';
import { AppError } from './errors.js';
import { normaliseCode } from './policy.js';
import type { DivisionNode } from './division-source.js';

/** The areas table: every read and write of the administrative tree, inside the reader's scope. */

export interface AreaDto {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  hasChildren: boolean;
}

const areaColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('areas as a')
    .select([
      'a.code', 'a.name', 'a.level', 'a.parent_code',
      sql<boolean>`exists (select 1 from areas c where c.parent_code = a.code)`.as('has_children'),
    ]);

function toDto(r: { code: string; name: string; level: number; parent_code: string | null; has_children: boolean }): AreaDto {
  return { code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, hasChildren: r.has_children };
}

/** Children of `parentCode`, or the user's own root node when none is given. Lazy: a province has ~30,000 villages. */
export async function listChildren(db: Kysely<DB>, scope: Scope, parentCode?: string): Promise<AreaDto[]> {
  if (!parentCode) {
    const root = await areaColumns(db).where('a.code', '=', scope.areaCode).execute();
    return root.map(toDto);
  }
  const code = normaliseCode(parentCode);
  assertInScope(code, scope);
  const rows = await areaColumns(db).where('a.parent_code', '=', code).orderBy('a.code').execute();
  return rows.map(toDto);
}

/**
 * Children of an area for the public self-declaration page (no account): the names of the administrative tree are
 * public statistics, so no scope; without a parent, the top of the tree as imported (its provinces).
 */
export async function publicChildren(db: Kysely<DB>, parentCode?: string): Promise<AreaDto[]> {
  const q = areaColumns(db);
  const rows = await (parentCode ? q.where('a.parent_code', '=', normaliseCode(parentCode)) : q.where('a.parent_code', 'is', null)).orderBy('a.code').execute();
  return rows.map(toDto);
}

/** One area with its path from the province down (names for a breadcrumb). */
export async function getArea(db: Kysely<DB>, scope: Scope, codeInput: string): Promise<AreaDto & { path: { code: string; name: string }[] }> {
  const code = normaliseCode(codeInput);
  assertInScope(code, scope);
  const row = await areaColumns(db).where('a.code', '=', code).executeTakeFirst();
  if (!row) throw new AppError('AREA_NOT_FOUND', { code });
  const path = await sql<{ code: string; name: string }>`
    with recursive up as (
      select code, name, parent_code, level from areas where code = ${code}
      union all select p.code, p.name, p.parent_code, p.level from areas p join up on p.code = up.parent_code
    ) select code, name from up order by level`.execute(db);
  return { ...toDto(row), path: path.rows };
}

/** Search by name fragment or code prefix, only inside the user's subtree. */
export async function searchAreas(db: Kysely<DB>, scope: Scope, q: string, limit = 20): Promise<(AreaDto & { pathName: string })[]> {
  const term = q.trim();
  if (!term) return [];
  let query = areaColumns(db)
    .select(sql<string>`(select string_agg(p.name, ' / ' order by p.level) from areas p
        where p.code in (rpad(left(a.code, 2), 12, '0'), rpad(left(a.code, 4), 12, '0'), rpad(left(a.code, 6), 12, '0'),
                         rpad(left(a.code, 9), 12, '0'))
          and p.level < a.level and p.level >= ${scope.areaLevel})`.as('path_name'))
    .where(inScope('a.code', scope));
  query = /^\d+$/.test(term)
    ? query.where('a.code', 'like', `${term}%`)
    : query.where('a.name', 'like', `%${term.replace(/[%_\\]/g, '\\$&')}%`);
  const rows = await query.orderBy('a.level').orderBy('a.code').limit(limit).execute();
  return rows.map((r) => ({ ...toDto(r), pathName: r.path_name ?? '' }));
}

/** The level of a stored area (another module placing something on it), or AREA_NOT_FOUND. */
export async function areaLevel(db: Kysely<DB>, code: string): Promise<number> {
  const area = await db.selectFrom('areas').select('level').where('code', '=', code).executeTakeFirst();
  if (!area) throw new AppError('AREA_NOT_FOUND', { code });
  return area.level;
}

/** The first area of `level` under `prefix`, in code order (the demo accounts' township and village). */
export async function firstAreaAt(db: Kysely<DB>, prefix: string, level: number): Promise<string | undefined> {
  const row = await db.selectFrom('areas').select('code').where('level', '=', level).where('code', 'like', `${prefix}%`).orderBy('code').limit(1).executeTakeFirst();
  return row?.code;
}

/** Inserts or renames nodes (upsert by code); returns how many were new. */
export async function upsertAreas(db: Kysely<DB>, nodes: DivisionNode[]): Promise<number> {
  const res = await db
    .insertInto('areas')
    .values(nodes.map((n) => ({ code: n.code, name: n.name, level: n.level, parent_code: n.parentCode })))
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), level: eb.ref('excluded.level'), parent_code: eb.ref('excluded.parent_code') })),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute();
  return res.filter((r) => r.inserted).length;
}
