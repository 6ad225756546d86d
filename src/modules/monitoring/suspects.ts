import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import type { Scope } from '../../core/scope.js';
import { policyInForce } from '../policy/repo.js';
import { daysBetween } from '../policy/working-days.js';
import { addMonths } from './elimination-rules.js';
import { suspectCandidates } from './repo.js';

/** "Far above the line": a monitored household whose latest per-capita income is at least this many times the line. */
export const FAR_ABOVE = 2;

export type SuspectKind = 'quick_assisted_elimination' | 'monitored_far_above_line' | 'eliminated_below_line' | 'short_notice';

const LABELS: Record<SuspectKind, { zh: string; en: string }> = {
  quick_assisted_elimination: { zh: '纳入监测不足两个月即帮扶消除', en: 'eliminated through assistance within two months of identification' },
  monitored_far_above_line: { zh: `监测户人均纯收入超过监测范围 ${FAR_ABOVE} 倍`, en: `a monitored household's income is ${FAR_ABOVE}× the line or more` },
  eliminated_below_line: { zh: '已消除风险户最近人均纯收入低于监测范围', en: 'an eliminated household whose latest income is below the line' },
  short_notice: { zh: '公示天数少于政策规定', en: 'a notice shorter than the policy' },
};

/**
 * 疑点 (suspect data) the province's checks look for, in the caller's area: each with the household, the case and
 * why. The line is the one in force for the household's county today.
 */
export async function suspects(deps: { db: Kysely<DB>; config: Config }, scope: Scope) {
  const today = chinaDay(nowOf(deps.config));
  const { recs, notices } = await suspectCandidates(deps.db, scope);
  const lines = new Map<string, number>();
  const lineOf = async (village: string) => {
    const county = village.slice(0, 6);
    if (!lines.has(county)) lines.set(county, (await policyInForce(deps.db, village, today)).monitoringLine);
    return lines.get(county)!;
  };
  const out: { kind: SuspectKind; label: { zh: string; en: string }; householdId: number | null; householdNo: string | null; headName: string | null; caseId: number; detail: string }[] = [];
  const add = (kind: SuspectKind, r: { household_id: number | null; household_no: string | null; head_name: string | null }, caseId: number, detail: string) =>
    out.push({ kind, label: LABELS[kind], householdId: r.household_id, householdNo: r.household_no, headName: r.head_name, caseId, detail });
  for (const r of recs) {
    const line = await lineOf(r.village_code);
    const latest = r.latest === null ? null : Number(r.latest);
    if (r.ended_on && r.end_kind === 'assisted' && r.ended_on < addMonths(r.since, 2)) add('quick_assisted_elimination', r, r.end_case_id!, `${r.since} → ${r.ended_on}`);
    if (!r.ended_on && latest !== null && latest >= FAR_ABOVE * line) add('monitored_far_above_line', r, r.case_id, `${latest} ≥ ${FAR_ABOVE} × ${line}`);
    if (r.ended_on && latest !== null && latest < line) add('eliminated_below_line', r, r.end_case_id!, `${latest} < ${line}`);
  }
  for (const n of notices) {
    const days = daysBetween(n.start_on, n.end_on) + 1;
    if (days < n.notice_days) add('short_notice', n, n.id, `${n.case_no}: ${days} < ${n.notice_days}`);
  }
  return out;
}
