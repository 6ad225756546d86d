import type { Writable } from 'node:stream';
import { XlsxWriter } from '../../core/xlsx-writer.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import type { ScreeningDeps } from './datasets.js';
import { AppError } from './errors.js';
import { policyPage, reportPage, runFor, type RunRow } from './repo.js';
import { RULES } from './rules.js';
import type { SessionUser } from '../../server/context.js';

/**
 * The matching report (.xlsx, one line per department row): the row as the department sent it (ID number masked),
 * then 匹配状态 (精确 / 候选待确认 / 未匹配), 匹配户编号, 匹配成员姓名, 匹配得分, 未匹配原因. For the county only.
 */
const STATUS: Record<string, string> = { exact: '精确', remembered: '精确', auto: '精确', confirmed: '精确', candidate: '候选待确认', unmatched: '未匹配' };
const REASON: Record<string, string> = {
  no_id_no_birth: '无有效身份证号和出生日期',
  not_in_registry: '本地信息库中未找到此人',
  id_not_in_registry: '身份证号不在本地信息库中，姓名和出生日期也未找到',
  candidates_rejected: '候选均被排除',
  row_error: '该行数据有误，未参加比对',
};
const BASIS: Record<string, string> = { exact: '身份证号一致', remembered: '已确认的配对', auto: '姓名与出生日期一致（自动关联）', confirmed: '人工确认' };

export async function openReport(deps: ScreeningDeps, actor: Actor, runId: number): Promise<RunRow> {
  const run = await runFor(deps.db, actor.user, runId);
  if (run.state !== 'done') throw new AppError('SCREENING_RUN_NOT_DONE');
  await recordAudit(deps.db, { ...auditActor(actor), action: 'screening.report', targetType: 'screening_run', targetId: runId, detail: { before: null, after: { datasetId: run.dataset_id } } });
  return run;
}

export async function writeReport(deps: ScreeningDeps, run: RunRow, out: Writable): Promise<number> {
  const xlsx = new XlsxWriter(out);
  try {
    const header = ['行号', '姓名', '身份证号', '出生日期', '匹配状态', '匹配依据', '匹配户编号', '匹配成员姓名', '匹配得分', '未匹配原因'];
    const ws = await xlsx.addSheet('匹配报告', { frozenRows: 1, autoFilter: { row: 1, columns: header.length }, widths: { 1: 12, 2: 22, 3: 12, 4: 12, 5: 22, 6: 18, 7: 14, 9: 30 } });
    await ws.writeRow(1, header);
    let n = 1;
    for (let after = 0; ; ) {
      const page = await reportPage(deps.db, run.id, run.dataset_id, after, 2000);
      if (!page.length) break;
      after = page[page.length - 1]!.row_no;
      for (const r of page) {
      const status = r.has_error ? 'unmatched' : (r.status ?? 'unmatched');
      const matched = !!r.household_no;
      await ws.writeRow(++n, [
        r.row_no, r.name ?? '', r.id_masked ?? '', r.birth_date ?? '', STATUS[status] ?? status, matched ? (BASIS[status] ?? '') : '',
        matched ? r.household_no : '', matched ? r.member_name : '', r.score == null ? null : Number(r.score),
        status === 'unmatched' ? (REASON[r.has_error ? 'row_error' : (r.reason ?? 'not_in_registry')] ?? r.reason ?? '') : '',
      ]);
      }
    }
    await ws.end();
    await xlsx.finish();
    out.end();
    return n - 1;
  } catch (err) {
    xlsx.abort();
    throw err;
  }
}

const WARNING_STATE: Record<string, string> = { open: '待处理', case_opened: '已发起监测', dismissed: '已排除', corrected: '已更正' };

/** 政策找人: members entitled to a benefit and not receiving it, by benefit (.xlsx; ID numbers masked; audited). */
export async function openPolicyList(deps: ScreeningDeps, actor: Actor): Promise<void> {
  await recordAudit(deps.db, { ...auditActor(actor), action: 'screening.policy_list', targetType: 'screening_warning', targetId: null, detail: { before: null, after: { areaCode: actor.user.areaCode } } });
}

export async function writePolicyList(deps: ScreeningDeps, user: SessionUser, out: Writable): Promise<number> {
  const xlsx = new XlsxWriter(out);
  try {
    const header = ['应享未享政策', '乡镇', '村', '户编号', '姓名', '身份证号', '线索', '处理状态', '处理期限'];
    const ws = await xlsx.addSheet('政策找人', { frozenRows: 1, autoFilter: { row: 1, columns: header.length }, widths: { 0: 28, 5: 22, 6: 50 } });
    await ws.writeRow(1, header);
    let n = 1;
    for (let after = 0; ; ) {
      const page = await policyPage(deps.db, user, after, 2000);
      if (!page.length) break;
      after = page[page.length - 1]!.id;
      for (const w of page) {
        await ws.writeRow(++n, [RULES.find((r) => r.key === w.rule)?.zh ?? w.rule, w.township_name ?? '', w.village_name, w.household_no, w.name, w.id_masked, w.clue, WARNING_STATE[w.state] ?? w.state, w.due_on]);
      }
    }
    await ws.end();
    await xlsx.finish();
    out.end();
    return n - 1;
  } catch (err) {
    xlsx.abort();
    throw err;
  }
}
