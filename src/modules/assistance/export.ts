import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { XlsxWriter, type XCell } from '../../core/xlsx-writer.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { overdueVisits } from './visits.js';
import { warnings } from './warnings.js';

/**
 * The area's overdue visits and warnings as .xlsx (what a county sends its townships to chase). No ID number and no
 * phone: the household number, head's name and village only. Audited.
 */

const REASON: Record<string, string> = { monitored: '监测户', exited: '脱贫户', left_behind: '留守人员' };
const KIND: Record<string, string> = { no_work_measure: '有劳动能力无产业就业措施', no_helper: '未落实帮扶责任人', measure_ending: '措施30天内到期' };

async function workbook(sheet: string, header: string[], rows: XCell[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const xlsx = new XlsxWriter(out);
  const ws = await xlsx.addSheet(sheet, { frozenRows: 1, autoFilter: { row: 1, columns: header.length } });
  await ws.writeRow(1, header);
  let n = 1;
  for (const r of rows) await ws.writeRow(++n, r);
  await ws.end();
  await xlsx.finish();
  out.end();
  await done;
  return Buffer.concat(chunks);
}

async function audit(db: Kysely<DB>, actor: Actor, what: string, rows: number, areaCode?: string) {
  await recordAudit(db, {
    userId: actor.user.id,
    username: actor.user.username,
    areaCode: actor.user.areaCode,
    ip: actor.ip,
    action: 'assistance.export',
    targetType: 'assistance',
    detail: { what, rows, areaCode: areaCode ?? null },
  });
}

export async function overdueXlsx(deps: { db: Kysely<DB>; config: Config }, actor: Actor, areaCode?: string): Promise<Buffer> {
  const o = await overdueVisits(deps, actor.user, areaCode);
  await audit(deps.db, actor, 'overdue', o.items.length, areaCode);
  return workbook(
    '走访逾期',
    ['户编号', '户主', '村', '帮扶责任人', '走访频次依据', '结对日期', '上次走访', '应走访日期', '逾期天数'],
    o.items.map((r) => [r.householdNo, r.headName, r.villageName, r.helperName, r.reason ? REASON[r.reason] : '', r.assignedOn, r.lastVisit ?? '', r.dueOn ?? '', r.overdueDays]),
  );
}

export async function warningsXlsx(deps: { db: Kysely<DB>; config: Config }, actor: Actor, opts: { areaCode?: string; kind?: string }): Promise<Buffer> {
  const w = await warnings(deps, actor.user, opts);
  await audit(deps.db, actor, 'warnings', w.items.length, opts.areaCode);
  return workbook(
    '帮扶预警',
    ['预警类型', '户编号', '户主', '村', '措施', '措施结束日期'],
    w.items.map((r) => [KIND[r.kind] ?? r.kind, r.householdNo, r.headName, r.villageName, r.measureContent ?? '', r.endOn ?? '']),
  );
}
