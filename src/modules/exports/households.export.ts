import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../server/context.js';
import { can } from '../../core/permissions.js';
// registry.viewFullId is the registry's permission: loaded with its table, wherever an export runs.
import '../households/permissions.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { countExportRows, exportPage, type ExportFilter } from './repo.js';
import { householdFieldsOf, memberFieldsOf } from '../households/fields.js';
import { resolveTerm } from '../households/repo/search.js';
import { TEMPLATE_COLUMNS, templateCells, type TemplateRow } from './columns.js';
import { XlsxWriter } from '../../core/xlsx-writer.js';

export type { ExportFilter } from './repo.js';

export interface ExportOptions {
  /** Full ID numbers and phones instead of masked ones: needs registry.viewFullId; audited as registry.export_full. */
  full?: boolean;
  /** Households per keyset page (memory is bounded by one page of members). */
  pageHouseholds?: number;
}

export interface ExportResult {
  rows: number;
  households: number;
}

/** Only the filter keys a list request may carry: what the audit entry records. */
function filterForAudit(f: ExportFilter): Record<string, unknown> {
  const keys = ['q', 'villageCode', 'townshipCode', 'category', 'isDibao', 'isTekun', 'isRelocated', 'hasLeftBehind', 'incomplete'] as const;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (f[k] !== undefined && f[k] !== '') out[k] = f[k];
  return out;
}

/**
 * Checks permission for a full export, counts the rows and writes the audit entry — before a single byte leaves.
 * Scope and filters come from householdQuery, the same query as the list: there is no second scope logic.
 */
export async function prepareHouseholdExport(db: Kysely<DB>, cipher: FieldCipher, actor: Actor, filter: ExportFilter, opts: ExportOptions = {}) {
  if (opts.full && !can(actor.user.role, 'registry.viewFullId')) throw new AppError('FORBIDDEN');
  const counted = await countExportRows(db, cipher, actor.user, filter);
  await recordAudit(db, {
    ...auditActor(actor),
    action: opts.full ? 'registry.export_full' : 'registry.export',
    targetType: 'household',
    targetId: null,
    detail: { filters: filterForAudit(filter), rows: counted.rows, households: counted.households, full: !!opts.full, format: 'xlsx' },
  });
  return counted;
}

/**
 * The export of a list request: a letters-only term means what it means in the list (pinyin, or a household number
 * when no name reads so: resolveTerm), then prepareHouseholdExport. The filter the rows are to be written with.
 */
export async function openHouseholdExport(db: Kysely<DB>, cipher: FieldCipher, actor: Actor, filter: ExportFilter, opts: ExportOptions = {}): Promise<ExportFilter> {
  const f = await resolveTerm(db, cipher, actor.user, { ...filter, qIsHouseholdNo: undefined });
  await prepareHouseholdExport(db, cipher, actor, f, opts);
  return f;
}

/**
 * Streams the filtered households, one row per active member, as .xlsx into `out` (core/xlsx-writer: inline strings,
 * so nothing grows with the file). Reads keyset pages of households; the writer waits for `out` to drain, so memory
 * stays bounded whatever the size and however slow the client. ExcelJS's streaming writer took ~4× the CPU (an object
 * per cell, its XML built in strings) and had no back-pressure inside its zip. Ends `out`. Call
 * prepareHouseholdExport first.
 */
export async function writeHouseholdsXlsx(
  db: Kysely<DB>,
  cipher: FieldCipher,
  actor: Actor,
  filter: ExportFilter,
  out: Writable,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const full = !!opts.full && can(actor.user.role, 'registry.viewFullId');
  const pageSize = opts.pageHouseholds ?? 2000;
  const xlsx = new XlsxWriter(out);
  try {
    const r = await writeSheet(xlsx, db, cipher, actor, filter, full, pageSize);
    await xlsx.finish();
    out.end();
    return r;
  } catch (err) {
    xlsx.abort();
    throw err;
  }
}

async function writeSheet(
  xlsx: XlsxWriter,
  db: Kysely<DB>,
  cipher: FieldCipher,
  actor: Actor,
  filter: ExportFilter,
  full: boolean,
  pageSize: number,
): Promise<ExportResult> {
  const ws = await xlsx.addSheet('农户信息', {
    frozenRows: 1,
    widths: Object.fromEntries(TEMPLATE_COLUMNS.map((c, i) => [i, c.width])),
    autoFilter: { row: 1, columns: TEMPLATE_COLUMNS.length },
  });
  await ws.writeRow(1, TEMPLATE_COLUMNS.map((c) => c.header));
  let rows = 0;
  let households = 0;
  let last = 0;
  for (;;) {
    const page = await exportPage(db, cipher, actor.user, filter, last, pageSize);
    if (page.length === 0) break;
    last = page[page.length - 1]!.hid;
    let prevHid = -1;
    for (const r of page) {
      if (r.hid !== prevHid) {
        households++;
        prevHid = r.hid;
      }
      // One object per row, filled in place: spreading three objects per row tripled the export's garbage collection.
      const row: TemplateRow = Object.assign(memberFieldsOf(r, householdFieldsOf(r)), {
        townshipName: r.township_name ?? '',
        villageName: r.village_name,
        phone: full && r.phone_enc ? cipher.decrypt(r.phone_enc) : r.phone_masked,
        memberCount: r.member_count,
        perCapitaIncome: r.per_capita_income == null ? null : Number(r.per_capita_income),
        idNumber: full ? cipher.decrypt(r.id_enc) : r.id_masked,
      });
      rows++;
      await ws.writeRow(rows + 1, templateCells(row));
    }
  }
  await ws.end();
  return { rows, households };
}
