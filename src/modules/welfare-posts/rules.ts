import { labelOf } from '../../shared/codes.js';

/** The types of post (公益岗位类型): a code table of this module; the web shows its own labels for the codes. */
export const WELFARE_POST_TYPES = ['cleaner', 'forest_ranger', 'water_keeper', 'road_maintenance', 'elder_disabled_care', 'other'] as const;
export type WelfarePostType = (typeof WELFARE_POST_TYPES)[number];
export const WELFARE_POST_TYPE_LABELS: Record<WelfarePostType, { zh: string; en: string }> = {
  cleaner: { zh: '保洁员', en: 'Cleaner' },
  forest_ranger: { zh: '护林员', en: 'Forest ranger' },
  water_keeper: { zh: '水管员', en: 'Water keeper' },
  road_maintenance: { zh: '道路养护', en: 'Road maintenance' },
  elder_disabled_care: { zh: '孝老助残', en: 'Care for the elderly and disabled' },
  other: { zh: '其他', en: 'Other' },
};

/** Labour capacity "weak or better" (shared/codes.ts labour): normal, skilled, weak. */
export const LABOUR_FOR_POST: readonly string[] = ['normal', 'skilled', 'weak'];

export interface CandidateFacts {
  status: string;
  labourCapacity: string | null;
  category: string;
  /** The household has a monitoring record not ended (monitoring_records.ended_on is null). */
  monitored: boolean;
}

export type Refusal =
  | { code: 'WP_MEMBER_INACTIVE' }
  | { code: 'WP_HOUSEHOLD_NOT_ELIGIBLE' }
  | { code: 'WP_LABOUR_INSUFFICIENT'; params: { labourZh: string; labourEn: string } };

/**
 * Who may be hired on a post: an active (alive, still registered) member of a household that is monitored now (an
 * open monitoring record, or the registry's category 监测户) or an exited household (脱贫户), with labour capacity
 * weak or better. The first rule broken, or null. One post at a time and free places are checked against the rows.
 */
export function hireRefusal(f: CandidateFacts): Refusal | null {
  if (f.status !== 'active') return { code: 'WP_MEMBER_INACTIVE' };
  if (!f.monitored && f.category !== 'exited' && f.category !== 'monitored') return { code: 'WP_HOUSEHOLD_NOT_ELIGIBLE' };
  if (!f.labourCapacity || !LABOUR_FOR_POST.includes(f.labourCapacity)) {
    return {
      code: 'WP_LABOUR_INSUFFICIENT',
      params: { labourZh: labelOf('labour', f.labourCapacity) || '未填写', labourEn: labelOf('labour', f.labourCapacity, 'en') || 'not recorded' },
    };
  }
  return null;
}

/** 'YYYY-MM' → its first and last day. */
export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}

/** The months from `from` to `to` ('YYYY-MM'), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let i = 0; i < 240; i++) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    if (s > to) break;
    out.push(s);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
