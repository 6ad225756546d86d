import type { Refusal } from '../../core/state-machine.js';

/** What risk elimination (风险消除) is judged on: the household's facts as the latest visit and income form left them. */
export interface EliminationFacts {
  today: string;
  /** The day monitoring began; null: not monitored. */
  monitoredSince: string | null;
  stabilityMonths: number;
  monitoringLine: number;
  /** The latest income form's per-capita net income; null: none. */
  latestPerCapita: number | null;
  /** 两不愁三保障 and water problems the latest visit left open. */
  openProblems: string[];
  rigidSpendingUnresolved: boolean;
  /** Whether any active member can work (labour capacity not lost/none). */
  anyoneCanWork: boolean;
}

const PROBLEM_ZH: Record<string, string> = {
  food: '吃穿', education: '义务教育', medical: '基本医疗', housing: '住房安全', water: '饮水安全',
};

export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const d = Number(day.slice(8, 10));
  const target = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** Every reason elimination is refused now (empty: it may go ahead). */
export function eliminationRefusals(f: EliminationFacts): Refusal[] {
  const out: Refusal[] = [];
  if (!f.monitoredSince) return [{ code: 'NOT_MONITORED', zh: '该户不是监测对象', en: 'the household is not monitored' }];
  const earliest = addMonths(f.monitoredSince, f.stabilityMonths);
  if (f.today < earliest) {
    out.push({
      code: 'TOO_EARLY',
      zh: `纳入监测不满 ${f.stabilityMonths} 个月（${earliest} 起方可）`,
      en: `monitored less than ${f.stabilityMonths} months (possible from ${earliest})`,
    });
  }
  if (f.latestPerCapita === null) out.push({ code: 'NO_INCOME', zh: '尚无收支核算', en: 'no income form yet' });
  else if (f.latestPerCapita < f.monitoringLine) {
    out.push({
      code: 'INCOME_BELOW_LINE',
      zh: `最近一次人均纯收入 ${f.latestPerCapita} 元低于监测范围 ${f.monitoringLine} 元`,
      en: `the latest per-capita net income ${f.latestPerCapita} is below the line ${f.monitoringLine}`,
    });
  }
  for (const p of f.openProblems) {
    out.push({ code: 'PROBLEM_OPEN', zh: `“两不愁三保障”及饮水安全存在问题：${PROBLEM_ZH[p] ?? p}`, en: `a basic-needs problem is open: ${p}` });
  }
  if (f.rigidSpendingUnresolved) out.push({ code: 'RIGID_SPENDING', zh: '大额刚性支出尚未解决', en: 'large rigid spending is unresolved' });
  if (!f.anyoneCanWork) {
    out.push({
      code: 'NO_LABOUR',
      zh: '家中无劳动能力成员，继续监测并落实社会保障兜底措施',
      en: 'no member can work: the household stays monitored under social-security measures',
    });
  }
  return out;
}
