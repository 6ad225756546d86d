import crypto from 'node:crypto';
import { AppError } from './errors.js';
import type { Fact } from './repo.js';

/**
 * The built-in screening rules (预警规则). Each reads matched department rows (facts: the row's values and the
 * registry member and household it matched) and says which raise a warning. Every rule has: enabled, the household
 * categories it targets (groups), the working days the village has to act (dueDays), and its own thresholds. The same
 * function `evaluate` serves a real run and the what-if preview, so the preview is what a run would raise.
 */
export type Group = 'exited' | 'monitored' | 'ordinary';
export const GROUPS: readonly Group[] = ['exited', 'monitored', 'ordinary'];

interface ParamSpec {
  key: string;
  zh: string;
  en: string;
  min: number;
  max: number;
  default: number;
}

export interface RuleDef {
  key: string;
  zh: string;
  en: string;
  kind: 'risk' | 'correction' | 'policy';
  templates: string[];
  params: ParamSpec[];
  /** The warning's clue when the fact (or the member's aggregate) hits, else undefined. */
  hit(f: Fact, p: Record<string, number>, ctx: { today: string; selfPaid12m: number }): string | undefined;
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? NaN));
function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 - months, d));
  return t.toISOString().slice(0, 10);
}
const supported = (f: Fact) => f.category !== 'ordinary' || f.is_dibao || f.is_tekun;

export const RULES: readonly RuleDef[] = [
  {
    key: 'medical_cost', zh: '医疗自付费用过高', en: 'High self-paid medical cost', kind: 'risk', templates: ['medical'],
    params: [
      { key: 'thresholdA', zh: '脱贫户/监测户/低保特困 12 个月自付（元）', en: 'Self-paid over 12 months, supported households (yuan)', min: 0, max: 1_000_000, default: 10_000 },
      { key: 'thresholdB', zh: '其他农户 12 个月自付（元）', en: 'Self-paid over 12 months, others (yuan)', min: 0, max: 1_000_000, default: 20_000 },
    ],
    hit: (f, p, ctx) => {
      const limit = supported(f) ? p.thresholdA! : p.thresholdB!;
      return ctx.selfPaid12m >= limit ? `近 12 个月医疗个人自付 ${ctx.selfPaid12m.toFixed(2)} 元，达到 ${limit} 元` : undefined;
    },
  },
  {
    key: 'school_dropout', zh: '义务教育阶段辍学或未入学', en: 'School-age child not enrolled', kind: 'risk', templates: ['education'],
    params: [
      { key: 'minAge', zh: '最小年龄', en: 'Minimum age', min: 3, max: 18, default: 6 },
      { key: 'maxAge', zh: '最大年龄', en: 'Maximum age', min: 3, max: 18, default: 15 },
    ],
    hit: (f, p, ctx) => {
      const s = String(f.data.status ?? '');
      const age = ageOn(f.member_birth_date, ctx.today);
      return (s === '辍学' || s === '未入学') && age >= p.minAge! && age <= p.maxAge! ? `${age} 岁，学籍状态：${s}` : undefined;
    },
  },
  {
    key: 'housing_unsafe', zh: '住房鉴定为 C/D 级', en: 'Housing rated C or D', kind: 'risk', templates: ['housing'],
    params: [{ key: 'worstOk', zh: '视为安全的最差等级（1=A，2=B，3=C）', en: 'Worst rating still safe (1=A, 2=B, 3=C)', min: 1, max: 3, default: 2 }],
    hit: (f, p) => {
      const r = String(f.data.rating ?? '');
      return r && 'ABCD'.indexOf(r) + 1 > p.worstOk! ? `住房安全鉴定为 ${r} 级` : undefined;
    },
  },
  {
    key: 'disability_new', zh: '新增重度残疾（非监测户）', en: 'New severe disability, not monitored', kind: 'risk', templates: ['disability'],
    params: [{ key: 'maxGrade', zh: '残疾等级不高于', en: 'Grade at most', min: 1, max: 4, default: 2 }],
    hit: (f, p) => {
      const g = num(f.data.grade);
      return f.category !== 'monitored' && g <= p.maxGrade! && (f.disability_grade === null || f.disability_grade > g) ? `新办残疾证：${String(f.data.category ?? '')} ${g} 级` : undefined;
    },
  },
  {
    key: 'death_or_move', zh: '死亡或户口迁出（需更正信息库）', en: 'Death or hukou move (registry correction)', kind: 'correction', templates: ['public_security'],
    params: [],
    hit: (f) => {
      const e = String(f.data.event ?? '');
      return (e === '死亡' || e === '户口迁出') && f.member_status === 'active' ? `公安记录：${e}（${String(f.data.eventOn ?? '')}），信息库中仍为在户` : undefined;
    },
  },
  {
    key: 'disaster_accident', zh: '受灾或交通事故', en: 'Disaster or accident', kind: 'risk', templates: ['emergency', 'public_security'],
    params: [{ key: 'minLoss', zh: '受灾损失不低于（元）', en: 'Disaster loss at least (yuan)', min: 0, max: 1_000_000, default: 0 }],
    hit: (f, p) => {
      if (f.template === 'public_security') return f.data.event === '交通事故' ? `交通事故受伤（${String(f.data.eventOn ?? '')}）` : undefined;
      const loss = num(f.data.loss);
      return (Number.isNaN(loss) ? 0 : loss) >= p.minLoss! ? `受灾：${String(f.data.disaster ?? '')}${Number.isNaN(loss) ? '' : `，损失 ${loss} 元`}` : undefined;
    },
  },
  {
    key: 'aid_not_flagged', zh: '享受低保/特困但未纳入监测或未标注', en: 'Receiving 低保/特困 but not monitored or flagged', kind: 'risk', templates: ['civil_aid'],
    params: [],
    hit: (f) => {
      const b = String(f.data.benefit ?? '');
      if (f.category === 'monitored') return undefined;
      if (b === '低保' && !f.is_dibao) return '民政名册享受低保，信息库未标注且未纳入监测';
      if (b === '特困' && !f.is_tekun) return '民政名册享受特困供养，信息库未标注且未纳入监测';
      return undefined;
    },
  },
  {
    key: 'entitled_not_receiving', zh: '政策找人：重度残疾未享受护理补贴', en: 'Entitled, not receiving: care subsidy', kind: 'policy', templates: ['disability'],
    params: [{ key: 'maxGrade', zh: '残疾等级不高于', en: 'Grade at most', min: 1, max: 4, default: 2 }],
    hit: (f, p) => (num(f.data.grade) <= p.maxGrade! && f.data.careSubsidy === false ? `${num(f.data.grade)} 级残疾，未享受重度残疾人护理补贴` : undefined),
  },
];

export function ruleDef(key: string): RuleDef {
  const r = RULES.find((x) => x.key === key);
  if (!r) throw new AppError('SCREENING_RULE_UNKNOWN', { rule: key });
  return r;
}

export interface RuleSetting {
  rule: string;
  version: number;
  enabled: boolean;
  groups: Group[];
  dueDays: number;
  params: Record<string, number>;
}

export function defaultSetting(def: RuleDef): RuleSetting {
  return { rule: def.key, version: 0, enabled: true, groups: [...GROUPS], dueDays: 10, params: Object.fromEntries(def.params.map((p) => [p.key, p.default])) };
}

/** Checks a changed setting: every parameter known and in range, groups known, due days 1–60. */
export function validSetting(def: RuleDef, input: { enabled: boolean; groups: string[]; dueDays: number; params: Record<string, number> }): Omit<RuleSetting, 'version'> {
  const bad = (param: string, zh: string, en: string) => new AppError('SCREENING_RULE_PARAM', { param, reasonZh: zh, reasonEn: en });
  const params: Record<string, number> = {};
  for (const spec of def.params) {
    const v = input.params[spec.key] ?? spec.default;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.min || v > spec.max) throw bad(spec.key, `应在 ${spec.min}–${spec.max} 之间`, `must be within ${spec.min}–${spec.max}`);
    params[spec.key] = v;
  }
  for (const k of Object.keys(input.params)) if (!def.params.some((s) => s.key === k)) throw bad(k, '没有这个参数', 'no such parameter');
  if (def.key === 'school_dropout' && params.minAge! > params.maxAge!) throw bad('minAge', '不能大于最大年龄', 'must not exceed the maximum age');
  const groups = [...new Set(input.groups)];
  if (!groups.length || groups.some((g) => !GROUPS.includes(g as Group))) throw bad('groups', '须为 exited / monitored / ordinary 中的一个或多个', 'one or more of exited, monitored, ordinary');
  if (!Number.isInteger(input.dueDays) || input.dueDays < 1 || input.dueDays > 60) throw bad('dueDays', '应为 1–60 的整数', 'an integer within 1–60');
  return { rule: def.key, enabled: input.enabled, groups: groups as Group[], dueDays: input.dueDays, params };
}

export interface Hit {
  fact: Fact;
  rule: RuleDef;
  setting: RuleSetting;
  clue: string;
  fingerprint: string;
}

/**
 * The warnings the facts raise under the settings. Medical costs add up per member over the 12 months before today
 * (every current medical dataset's rows); one warning per member and rule, on the member's latest row.
 */
export function evaluate(facts: Fact[], settings: RuleSetting[], today: string): Hit[] {
  const from = monthsBefore(today, 12);
  const selfPaid = new Map<number, number>();
  const latest = new Map<string, Fact>();
  for (const f of facts) {
    if (f.template === 'medical') {
      const on = String(f.data.settledOn ?? '');
      if (on > from && on <= today) selfPaid.set(f.member_id, Math.round(((selfPaid.get(f.member_id) ?? 0) + (num(f.data.selfPaid) || 0)) * 100) / 100);
    }
  }
  const hits: Hit[] = [];
  for (const setting of settings) {
    if (!setting.enabled) continue;
    const def = ruleDef(setting.rule);
    latest.clear();
    for (const f of facts) {
      if (!def.templates.includes(f.template) || !setting.groups.includes(f.category)) continue;
      const clue = def.hit(f, setting.params, { today, selfPaid12m: selfPaid.get(f.member_id) ?? 0 });
      if (!clue) continue;
      // One warning per member and rule: the latest row speaks (a member's medical rows are one sum).
      const key = `${f.member_id}`;
      const prev = latest.get(key);
      if (!prev || f.row_id > prev.row_id) latest.set(key, f);
      if (def.key !== 'medical_cost' && def.key !== 'disaster_accident') {
        hits.push(hitOf(f, def, setting, clue));
        latest.delete(key);
      }
    }
    for (const f of latest.values()) {
      const clue = def.hit(f, setting.params, { today, selfPaid12m: selfPaid.get(f.member_id) ?? 0 })!;
      hits.push(hitOf(f, def, setting, clue));
    }
  }
  return hits;
}

function hitOf(f: Fact, rule: RuleDef, setting: RuleSetting, clue: string): Hit {
  // The same member, rule and data → the same fingerprint: a re-run or a new version with the same row raises nothing new.
  const data = rule.key === 'medical_cost' ? clue : JSON.stringify(Object.entries(f.data).sort(([a], [b]) => a.localeCompare(b)));
  const fingerprint = crypto.createHash('sha256').update(`${rule.key}|${f.member_id}|${data}`).digest('base64url');
  return { fact: f, rule, setting, clue: `【${rule.zh}】${f.member_name}：${clue}`, fingerprint };
}
