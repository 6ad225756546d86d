import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { assertInScope } from '../../core/scope.js';
import { XlsxWriter, type XCell } from '../../core/xlsx-writer.js';
import type { SessionUser } from '../../server/context.js';
import { policyById, policyInForce } from '../policy/repo.js';
import type { CodeItem, PolicyValues, StepKey } from '../policy/values.js';
import { addCalendarDays, daysBetween, dueDate, workingDaysBetween } from '../policy/working-days.js';
import { CASE_STATES, isCaseStep } from '../../shared/monitoring.js';
import { AppError } from './errors.js';
import { areaNames, householdOf, loadCase } from './repo.js';
import { currentCategory, noticeCasesOfVillage, stepPassages, type NoticeCaseRow } from './repo-reports.js';
import { suspects } from './suspects.js';

/**
 * The monitoring chain's reports: the village public notice (村内公示) as .xlsx — of one case or of every case of a
 * village in its notice — the suspect-data list (疑点) as .xlsx, and the time each township takes per step.
 * A notice carries names, the village, the matter, the category and risk types in words, the period and where to
 * object: never an ID number, phone, bank account, income figure or health detail.
 */

type Deps = { db: Kysely<DB>; config: Config };

export interface NoticeLine {
  caseNo: string;
  townshipName: string;
  villageName: string;
  headName: string;
  memberCount: number | null;
  matter: string;
  category: string;
  riskTypes: string;
  startOn: string;
  endOn: string;
}

export interface NoticeSheet {
  title: string;
  villageName: string;
  townshipName: string;
  noticeDays: number;
  lines: NoticeLine[];
}

const words = (codes: string[] | undefined, table: CodeItem[]) => (codes ?? []).map((c) => table.find((x) => x.code === c)?.zh ?? c).join('、');

/** One case's line: its recorded notice period, else the one that runs from the day it entered the notice. */
function lineOf(c: NoticeCaseRow, policy: PolicyValues, names: { village: string; township: string }): NoticeLine {
  const visit = c.visit as { riskTypes?: string[] } | null;
  const county = c.county as { category?: string } | null;
  const notice = c.notice as { startOn?: string; endOn?: string } | null;
  const startOn = notice?.startOn ?? c.step_started_on;
  const category = c.kind === 'elimination' ? c.current_category : county?.category ?? null;
  return {
    caseNo: c.case_no,
    townshipName: names.township,
    villageName: names.village,
    headName: c.head_name ?? '',
    memberCount: c.member_count,
    matter: c.kind === 'identification' ? '拟纳入防止返贫致贫监测对象' : c.elimination_kind === 'natural' ? '拟自然消除风险' : '拟帮扶消除风险',
    category: category ? (policy.categories.find((x) => x.code === category)?.zh ?? category) : '',
    riskTypes: words(visit?.riskTypes, policy.riskTypes),
    startOn,
    endOn: notice?.endOn ?? addCalendarDays(startOn, policy.noticeDays - 1),
  };
}

async function placeNames(db: Kysely<DB>, village: string) {
  const names = await areaNames(db, [village, `${village.slice(0, 9)}000`]);
  return { village: names.find((n) => n.code === village)?.name ?? '', township: names.find((n) => n.code !== village)?.name ?? '' };
}

/** The notice of one case (any state from its notice on; the scope checked). */
export async function caseNoticeSheet(deps: Deps, user: SessionUser, id: number): Promise<NoticeSheet> {
  const c = await loadCase(deps.db, id, user);
  if (!c.notice && c.state !== 'notice') throw new AppError('CASE_NO_NOTICE');
  const policy = await policyById(deps.db, c.policy_id);
  const h = c.household_id ? await householdOf(deps.db, c.household_id) : null;
  const names = await placeNames(deps.db, c.village_code);
  const row: NoticeCaseRow = { ...c, head_name: h?.head_name ?? null, member_count: h?.member_count ?? null, current_category: h && c.kind === 'elimination' ? await currentCategory(deps.db, h.id) : null };
  return { title: `${names.village}防止返贫致贫监测公示`, villageName: names.village, townshipName: names.township, noticeDays: policy.noticeDays, lines: [lineOf(row, policy, names)] };
}

/** The village's notice: every open case of the village waiting in its public notice. */
export async function villageNoticeSheet(deps: Deps, user: SessionUser, villageCode: string): Promise<NoticeSheet> {
  assertInScope(villageCode, user);
  const names = await placeNames(deps.db, villageCode);
  if (!names.village) throw new AppError('NOT_FOUND');
  const rows = await noticeCasesOfVillage(deps.db, villageCode);
  const today = chinaDay(nowOf(deps.config));
  const inForce = await policyInForce(deps.db, villageCode, today);
  const pol = new Map<number, PolicyValues>();
  const lines: NoticeLine[] = [];
  for (const r of rows) {
    if (!pol.has(r.policy_id)) pol.set(r.policy_id, await policyById(deps.db, r.policy_id));
    lines.push(lineOf(r, pol.get(r.policy_id)!, names));
  }
  return { title: `${names.village}防止返贫致贫监测公示`, villageName: names.village, townshipName: names.township, noticeDays: inForce.noticeDays, lines };
}

const NOTICE_HEADERS = ['序号', '案件编号', '乡镇', '村', '户主姓名', '家庭人口', '公示事项', '监测类别', '风险类型', '公示开始', '公示结束'];

/** The notice as a workbook: a title, the table, and where to object. */
export async function writeNoticeXlsx(sheet: NoticeSheet, out: Writable): Promise<void> {
  await writeWorkbook(out, '公示', [10, 24, 14, 14, 12, 8, 22, 16, 24, 12, 12], async (row) => {
    await row([sheet.title]);
    await row([`公示期不少于 ${sheet.noticeDays} 天。`]);
    await row(NOTICE_HEADERS);
    let n = 0;
    for (const l of sheet.lines) await row([++n, l.caseNo, l.townshipName, l.villageName, l.headName, l.memberCount, l.matter, l.category, l.riskTypes, l.startOn, l.endOn]);
    await row([]);
    await row([`公示期内如有异议，请向${sheet.villageName}村民委员会或${sheet.townshipName}人民政府反映（实名或匿名均可）。`]);
  });
}

const SUSPECT_HEADERS = ['序号', '疑点类型', '户编号', '户主姓名', '案件ID', '说明'];

/** 疑点 of the caller's area as a workbook (the same checks as the list). */
export async function writeSuspectsXlsx(deps: Deps, user: SessionUser, out: Writable): Promise<{ rows: number }> {
  const list = await suspects(deps, user);
  await writeWorkbook(out, '疑点数据', [6, 36, 22, 12, 10, 40], async (row) => {
    await row(SUSPECT_HEADERS);
    let n = 0;
    for (const s of list) await row([++n, s.label.zh, s.householdNo, s.headName, s.caseId, s.detail]);
  });
  return { rows: list.length };
}

async function writeWorkbook(out: Writable, name: string, widths: number[], body: (row: (cells: XCell[]) => Promise<void>) => Promise<void>): Promise<void> {
  const xlsx = new XlsxWriter(out);
  try {
    const ws = await xlsx.addSheet(name, { widths: Object.fromEntries(widths.map((w, i) => [i, w])) });
    let r = 0;
    await body((cells) => ws.writeRow(++r, cells));
    await ws.end();
    await xlsx.finish();
    out.end();
  } catch (err) {
    xlsx.abort();
    throw err;
  }
}

export interface StepTimeRow {
  townshipCode: string;
  townshipName: string | null;
  step: string;
  stepLabel: { zh: string; en: string };
  unit: 'working' | 'calendar' | 'mixed';
  cases: number;
  avgDays: number;
  maxDays: number;
  overdue: number;
}

/**
 * 各乡镇各环节用时: every stay of a case in a step that ended between `from` and `to`, by township and step — how many,
 * the average and longest in days (working or calendar days as the case's policy counts them), and how many took
 * longer than the step's own limit. A township reviewer sees his township only (the scope).
 */
export async function stepTimes(deps: Deps, user: SessionUser, q: { from?: string; to?: string }) {
  const today = chinaDay(nowOf(deps.config));
  const to = q.to ?? today;
  const from = q.from ?? addCalendarDays(to, -365);
  if (from > to) throw new AppError('REPORT_DATES_ORDER', { field: 'from' });
  const passages = await stepPassages(deps.db, user, from, to);
  const pol = new Map<number, PolicyValues>();
  const groups = new Map<string, StepTimeRow & { total: number; units: Set<string> }>();
  for (const p of passages) {
    if (!isCaseStep(p.step)) continue;
    if (!pol.has(p.policy_id)) pol.set(p.policy_id, await policyById(deps.db, p.policy_id));
    const policy = pol.get(p.policy_id)!;
    const entered = chinaDay(p.entered_at);
    const left = chinaDay(p.left_at);
    const days = policy.timeUnit === 'working' ? workingDaysBetween(entered, left, policy) : Math.max(0, daysBetween(entered, left));
    const due = dueDate(entered, policy.stepLimits[p.step as StepKey], policy.timeUnit, policy);
    const key = `${p.township_code}|${p.step}`;
    const g = groups.get(key) ?? {
      townshipCode: p.township_code,
      townshipName: p.township_name,
      step: p.step,
      stepLabel: CASE_STATES[p.step],
      unit: policy.timeUnit,
      cases: 0,
      avgDays: 0,
      maxDays: 0,
      overdue: 0,
      total: 0,
      units: new Set<string>(),
    };
    g.cases++;
    g.total += days;
    g.maxDays = Math.max(g.maxDays, days);
    if (left > due) g.overdue++;
    g.units.add(policy.timeUnit);
    groups.set(key, g);
  }
  const order = Object.keys(CASE_STATES);
  const rows = [...groups.values()]
    .map(({ total, units, ...g }) => ({ ...g, unit: units.size > 1 ? ('mixed' as const) : g.unit, avgDays: Math.round((total / g.cases) * 10) / 10 }))
    .sort((a, b) => a.townshipCode.localeCompare(b.townshipCode) || order.indexOf(a.step) - order.indexOf(b.step));
  return { from, to, rows };
}
