import { AppError } from '../errors.js';
import { assertInScope, codeInScope, LEVEL_PREFIX, type Scope } from '../../../core/scope.js';
import type { Database } from '../../../db/database.js';
import type { Actor, SessionUser } from '../../../server/context.js';
import type { MappedColumn, MappingOverride } from '../map/header.js';
import { loadVisibleJob } from '../job/query.js';
import { deleteTemplate, templateById, templatesWithCreator, upsertTemplate } from '../repo.js';

/** 导入模板: saved column mappings (header text → field), shared along the area tree. */

interface TemplateRow {
  id: number;
  name: string;
  area_code: string;
  area_level: number;
  mapping: unknown;
  header_row: number | null;
  created_by_name?: string | null;
  updated_at: Date;
}

/** Templates are shared along the tree: those of the user's subtree and those of the areas above him. */
export function templateVisible(t: { area_code: string; area_level: number }, scope: Scope): boolean {
  return codeInScope(t.area_code, scope) || scope.areaCode.startsWith(t.area_code.slice(0, LEVEL_PREFIX[t.area_level] ?? 12));
}

function templateDto(t: TemplateRow) {
  return {
    id: t.id,
    name: t.name,
    areaCode: t.area_code,
    mapping: t.mapping as Record<string, string | null>,
    headerRow: t.header_row,
    createdBy: t.created_by_name ?? null,
    updatedAt: new Date(t.updated_at).toISOString(),
  };
}

/** A template the user may use (IMPORT_TEMPLATE_NOT_FOUND otherwise): its mapping and header row. */
export async function usableTemplate(db: Database, scope: Scope, id: number): Promise<{ mapping: MappingOverride; headerRow: number | null }> {
  const t = await templateById(db, id);
  if (!t || !templateVisible(t, scope)) throw new AppError('IMPORT_TEMPLATE_NOT_FOUND');
  return { mapping: t.mapping as MappingOverride, headerRow: t.header_row };
}

export async function listTemplates(db: Database, scope: Scope) {
  const rows = await templatesWithCreator(db);
  return rows.filter((t) => templateVisible(t, scope)).map(templateDto);
}

/**
 * Saves a mapping under a name in the user's area (replacing that name there): given, or the mapping an import job
 * used (the given one adjusting it).
 */
export async function saveTemplate(
  db: Database,
  actor: Actor,
  body: { name: string; mapping?: MappingOverride; headerRow?: number | null; jobId?: number },
) {
  let mapping = body.mapping;
  let headerRow = body.headerRow ?? null;
  if (body.jobId) {
    const job = await loadVisibleJob(db, actor.user, body.jobId);
    const cols = (job.mapping as { columns?: MappedColumn[] } | null)?.columns ?? [];
    mapping = { ...Object.fromEntries(cols.filter((c) => c.header).map((c) => [c.header, c.field])), ...(mapping ?? {}) };
    headerRow ??= job.header_row;
  }
  if (!mapping || !Object.keys(mapping).length) throw new AppError('IMPORT_MAPPING_INVALID', { reason: '模板没有任何列 / the template maps no column' });
  const row = await upsertTemplate(db, { name: body.name.trim(), areaCode: actor.user.areaCode, areaLevel: actor.user.areaLevel, mapping, headerRow, createdBy: actor.user.id });
  return templateDto({ ...row, created_by_name: actor.user.username });
}

/** Only the area that owns a template (or one above it) may delete it; others see it, or do not. */
export async function removeTemplate(db: Database, user: SessionUser, id: number): Promise<{ ok: true }> {
  const t = await templateById(db, id);
  if (!t || !templateVisible(t, user)) throw new AppError('IMPORT_TEMPLATE_NOT_FOUND');
  assertInScope(t.area_code, user);
  await deleteTemplate(db, t.id);
  return { ok: true as const };
}
