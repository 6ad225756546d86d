import { labelOf, type CodeTable } from '../../../shared/codes.js';
import { FIELDS, type FieldKey } from '../map/header.js';
import { HOUSEHOLD_FIELD_COLUMNS } from '../map/staged-row.js';

/**
 * A household's registered values the import changes, as the report shows them: 户类型 一般农户 → 脱贫户；
 * 工资性收入 14262.5 → 3800. `changes` is registry-checks.ts householdOutcomes': column → [registered, file].
 */
const LABELS: Record<string, string> = { village_code: '村', phone: '联系电话', monitoring_type: FIELDS.monitoringType.zh };
for (const [k, cols] of Object.entries(HOUSEHOLD_FIELD_COLUMNS)) {
  for (const c of cols!) if (!LABELS[c] && !c.startsWith('phone')) LABELS[c] = FIELDS[k as FieldKey].zh;
}

const CODES: Record<string, CodeTable> = { category: 'category', monitoring_type: 'monitoringType' };

export function householdColumnLabel(column: string): string {
  return LABELS[column] ?? column;
}

function shown(column: string, v: unknown): string {
  if (v == null || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (CODES[column]) return labelOf(CODES[column]!, String(v));
  if (typeof v === 'number' && /^(income_|expense_)/.test(column) && column !== 'income_year') return v.toFixed(2);
  return String(v);
}

export function describeChanges(changes: Record<string, [unknown, unknown]> | null | undefined): string {
  if (!changes) return '';
  return Object.entries(changes)
    .map(([c, [from, to]]) => `${householdColumnLabel(c)} ${shown(c, from)} → ${shown(c, to)}`)
    .join('；');
}
