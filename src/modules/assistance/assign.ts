import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MultipartFile } from '@fastify/multipart';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { assertInScope, codeInScope, type Scope } from '../../core/scope.js';
import { hasUnstorableChar } from '../../core/text.js';
import type { Actor, SessionUser } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { sniffFile } from '../imports/parse/sniff.js';
import { cellText, isEmptyRow, readSheets, type SheetRow } from '../imports/parse/sheet.js';
import { AppError } from './errors.js';
import { helperById, helpersByName, helpersForScope, householdRow, householdsByNo, pair, usersByUsername, type HelperRow } from './repo.js';

/** Pairing helpers (帮扶责任人) with households: one at a time, or a whole .xlsx file at once (all rows or none). */

interface Deps {
  db: Kysely<DB>;
  config: Config;
}

/** The largest assignment file, and its most rows. */
export const ASSIGN_FILE_MAX_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 20_000;

/** The area a helper account covers (a helper sits on a county, township or village). */
function helperScope(areaCode: string): Scope {
  const level = areaCode.endsWith('000000') ? 3 : areaCode.endsWith('000') ? 4 : 5;
  return { areaCode, areaLevel: level };
}

/** Why this account cannot be paired with a household of the village (null: it can). */
function helperRefusal(helper: HelperRow | null, villageCode: string): { zh: string; en: string } | null {
  if (!helper) return { zh: '账号不存在', en: 'no such account' };
  if (helper.role !== 'helper') return { zh: `账号 ${helper.username} 不是帮扶责任人`, en: `account ${helper.username} is not a helper` };
  if (helper.status !== 'active') return { zh: `账号 ${helper.username} 已停用`, en: `account ${helper.username} is disabled` };
  if (!codeInScope(villageCode, helperScope(helper.area_code))) return { zh: `${helper.display_name} 的区域不含该户所在村`, en: `${helper.username}'s area does not include the household's village` };
  return null;
}

const auditActor = (a: Actor) => ({ userId: a.user.id, username: a.user.username, areaCode: a.user.areaCode, ip: a.ip });

export async function helpers(db: Kysely<DB>, user: SessionUser, q: string | undefined) {
  const rows = await helpersForScope(db, user, q?.trim() || undefined, 50);
  return rows.map((h) => ({ id: h.id, username: h.username, name: h.display_name, areaCode: h.area_code }));
}

export async function assignOne(deps: Deps, actor: Actor, input: { householdId: number; helperId: number }) {
  const { db } = deps;
  const h = await householdRow(db, input.householdId);
  assertInScope(h.village_code, actor.user);
  const helper = await helperById(db, input.helperId);
  const refusal = helperRefusal(helper, h.village_code);
  if (refusal) throw new AppError('ASSIST_HELPER_INVALID', { reasonZh: refusal.zh, reasonEn: refusal.en }, { field: 'helperId' });
  const today = chinaDay(nowOf(deps.config));
  const r = await db.transaction().execute(async (trx) => {
    const done = await pair(trx, { householdId: h.id, villageCode: h.village_code, helperId: helper!.id, today, userId: actor.user.id });
    if (done.changed) {
      await recordAudit(trx, {
        ...auditActor(actor),
        action: 'assistance.assign',
        targetType: 'household',
        targetId: h.id,
        detail: { before: { helperId: done.before }, after: { helperId: helper!.id } },
      });
    }
    return done;
  });
  return { householdId: h.id, helperId: helper!.id, changed: r.changed };
}

export interface RowError {
  rowNo: number;
  column: string;
  zh: string;
  en: string;
}

const HEADERS = {
  no: ['户编号'],
  username: ['帮扶责任人账号', '账号', '用户名'],
  name: ['帮扶责任人', '帮扶责任人姓名', '姓名'],
  phone: ['帮扶责任人电话', '联系电话', '电话', '手机', '手机号'],
};

/** Reads the uploaded file into memory-sized rows (at most MAX_ROWS), through the import's readers. */
async function readRows(part: MultipartFile): Promise<SheetRow[]> {
  if (hasUnstorableChar(part.filename ?? '')) {
    part.file.resume();
    throw new AppError('VALIDATION_FAILED', { reason: 'file.filename must not contain NUL characters or unpaired surrogates' });
  }
  let buf: Buffer;
  try {
    buf = await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('ASSIST_FILE_INVALID', { reasonZh: '文件超过 5 MB', reasonEn: 'larger than 5 MB' });
    throw err;
  }
  if (!buf.length) throw new AppError('ASSIST_FILE_INVALID', { reasonZh: '文件为空', reasonEn: 'the file is empty' });
  const file = path.join(os.tmpdir(), `fangpin-assign-${randomUUID()}.upload`);
  await fs.promises.writeFile(file, buf, { mode: 0o600 });
  try {
    const info = await sniffFile(file);
    const rows: SheetRow[] = [];
    for await (const sheet of readSheets(file, info)) {
      for await (const row of sheet.rows) {
        if (rows.length >= MAX_ROWS) throw new AppError('ASSIST_FILE_INVALID', { reasonZh: `超过 ${MAX_ROWS} 行`, reasonEn: `more than ${MAX_ROWS} rows` });
        rows.push(row);
      }
      break; // the first worksheet
    }
    return rows;
  } catch (err) {
    if (err instanceof AppError) {
      if (err.code.startsWith('ASSIST_') || err.code === 'VALIDATION_FAILED') throw err;
      throw new AppError('ASSIST_FILE_INVALID', { reasonZh: '不是可读取的 .xlsx 或 .csv 文件', reasonEn: 'not a readable .xlsx or .csv file' });
    }
    throw err;
  } finally {
    await fs.promises.rm(file, { force: true });
  }
}

/**
 * 批量结对: columns 户编号 and 帮扶责任人账号, or 帮扶责任人 (name) with 联系电话. Every row is checked; any wrong row →
 * ASSIST_FILE_ROWS with every row's problems in `details.rows`, and nothing is saved. Else every pairing in one
 * transaction.
 */
export async function importAssignments(deps: Deps, actor: Actor, file: () => Promise<MultipartFile | undefined>) {
  const { db } = deps;
  let part;
  try {
    part = await file();
  } catch (err) {
    throw (err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ? new AppError('UNSUPPORTED_MEDIA_TYPE') : err;
  }
  if (!part) throw new AppError('ASSIST_FILE_INVALID', { reasonZh: '未选择文件', reasonEn: 'no file' });
  const rows = await readRows(part);

  const headerAt = rows.slice(0, 10).findIndex((r) => r.cells.some((c) => HEADERS.no.includes(cellText(c))));
  if (headerAt < 0) throw new AppError('ASSIST_FILE_INVALID', { reasonZh: '找不到“户编号”列', reasonEn: 'no 户编号 column' });
  const header = rows[headerAt]!.cells.map((c) => cellText(c));
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const cNo = col(HEADERS.no);
  const cUser = col(HEADERS.username);
  const cName = col(HEADERS.name);
  const cPhone = col(HEADERS.phone);
  if (cUser < 0 && (cName < 0 || cPhone < 0)) {
    throw new AppError('ASSIST_FILE_INVALID', { reasonZh: '须有“帮扶责任人账号”列，或“帮扶责任人”和“联系电话”两列', reasonEn: 'needs a 帮扶责任人账号 column, or 帮扶责任人 and 联系电话' });
  }
  const data = rows.slice(headerAt + 1).filter((r) => !isEmptyRow(r.cells));
  if (!data.length) throw new AppError('ASSIST_FILE_INVALID', { reasonZh: '没有数据行', reasonEn: 'no data rows' });

  const at = (r: SheetRow, c: number) => (c < 0 ? '' : cellText(r.cells[c] ?? null));
  const parsed = data.map((r) => ({ rowNo: r.rowNo, no: at(r, cNo), username: at(r, cUser), name: at(r, cName), phone: at(r, cPhone) }));
  const households = await householdsByNo(db, [...new Set(parsed.map((p) => p.no).filter(Boolean))], actor.user);
  const byNo = new Map<string, typeof households>();
  for (const h of households) byNo.set(h.household_no, [...(byNo.get(h.household_no) ?? []), h]);
  const byUsername = new Map((await usersByUsername(db, [...new Set(parsed.map((p) => p.username).filter(Boolean))])).map((u) => [u.username, u]));
  const byName = new Map<string, HelperRow[]>();
  for (const u of await helpersByName(db, [...new Set(parsed.filter((p) => !p.username).map((p) => p.name).filter(Boolean))])) {
    byName.set(u.display_name, [...(byName.get(u.display_name) ?? []), u]);
  }

  const errors: RowError[] = [];
  const plan: { householdId: number; villageCode: string; helperId: number }[] = [];
  const seen = new Map<string, number>();
  for (const p of parsed) {
    const err = (column: string, zh: string, en: string) => errors.push({ rowNo: p.rowNo, column, zh, en });
    const before = errors.length;
    let household: { id: number; village_code: string } | undefined;
    if (!p.no) err('户编号', '户编号为空', 'the household number is empty');
    else if (seen.has(p.no)) err('户编号', `户编号 ${p.no} 与第 ${seen.get(p.no)} 行重复`, `household ${p.no} is also on row ${seen.get(p.no)}`);
    else {
      seen.set(p.no, p.rowNo);
      const found = byNo.get(p.no) ?? [];
      if (!found.length) err('户编号', `户编号 ${p.no} 不存在或不在您的管辖区域`, `household ${p.no} does not exist or is outside your area`);
      else if (found.length > 1) err('户编号', `户编号 ${p.no} 在多个县重复，请由县级导入`, `household ${p.no} exists in several counties`);
      else household = found[0];
    }
    let helper: HelperRow | null = null;
    let helperColumn = '帮扶责任人账号';
    if (p.username) {
      helper = byUsername.get(p.username) ?? null;
      if (!helper) err(helperColumn, `账号 ${p.username} 不存在`, `no account ${p.username}`);
    } else if (p.name) {
      helperColumn = '帮扶责任人';
      const candidates = (byName.get(p.name) ?? []).filter((u) => u.status === 'active' && (u.phone ?? '').replace(/\D/g, '') === p.phone.replace(/\D/g, ''));
      if (!p.phone) err('联系电话', `按姓名匹配须填写 ${p.name} 的联系电话`, `a phone is needed to find ${p.name} by name`);
      else if (!candidates.length) err(helperColumn, `找不到姓名为 ${p.name}、电话相符的帮扶责任人`, `no helper named ${p.name} with this phone`);
      else if (candidates.length > 1) err(helperColumn, `姓名为 ${p.name}、电话相符的帮扶责任人不止一个，请填写账号`, `several helpers named ${p.name} with this phone: give the account`);
      else helper = candidates[0]!;
    } else err('帮扶责任人账号', '未填写帮扶责任人', 'no helper given');
    if (helper && household) {
      const refusal = helperRefusal(helper, household.village_code);
      if (refusal) err(helperColumn, refusal.zh, refusal.en);
    } else if (helper) {
      const refusal = helperRefusal(helper, helper.area_code);
      if (refusal) err(helperColumn, refusal.zh, refusal.en);
    }
    if (errors.length === before && household && helper) plan.push({ householdId: household.id, villageCode: household.village_code, helperId: helper.id });
  }
  if (errors.length) {
    const rowsWrong = new Set(errors.map((e) => e.rowNo)).size;
    throw new AppError('ASSIST_FILE_ROWS', { count: rowsWrong }, { rows: errors });
  }

  const today = chinaDay(nowOf(deps.config));
  let changed = 0;
  await db.transaction().execute(async (trx) => {
    for (const p of plan) {
      const r = await pair(trx, { ...p, today, userId: actor.user.id });
      if (r.changed) changed++;
    }
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'assistance.assign_import',
      targetType: 'household',
      detail: { rows: plan.length, changed, pairs: plan.map((p) => [p.householdId, p.helperId]) },
    });
  });
  return { rows: plan.length, changed };
}
