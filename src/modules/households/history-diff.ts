import { HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from './fields.js';

/**
 * What one timeline entry changed, field by field, from the snapshots before and after it: the household's form
 * fields (phone masked, as the snapshot keeps it) and each member's (ID masked). The names are the API's field names,
 * which the web app labels. Snapshots never hold a full ID number or phone, so neither can a change.
 */
/** A timeline snapshot: the household's columns and its members' (masked IDs only); migration 0007. */
export type HouseholdSnapshot = { household: Record<string, unknown>; members: Record<string, unknown>[] };

export interface FieldChange {
  target: 'household' | 'member';
  /** For a member: whose field (the name after the change). */
  memberId?: number;
  memberName?: string;
  /** A field name, or 'added' / 'removed' for a member who joined or left the snapshot. */
  field: string;
  old: unknown;
  new: unknown;
}

const HOUSEHOLD_FIELDS: [string, string][] = [
  ...Object.entries(HOUSEHOLD_COLUMNS),
  ['phoneMasked', 'phone_masked'],
  ['perCapitaIncome', 'per_capita_income'],
];
const MEMBER_FIELDS: [string, string][] = [
  ...Object.entries(MEMBER_COLUMNS),
  ['idMasked', 'id_masked'],
  ['status', 'status'],
  ['statusDate', 'status_date'],
  ['statusReason', 'status_reason'],
];

/** Values as the API shows them: amounts as numbers ("1234.50" → 1234.5), empty as null. */
function shown(v: unknown): unknown {
  if (v === undefined || v === '') return null;
  if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v)) return Number(v);
  return v;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(shown(a)) === JSON.stringify(shown(b));
}

export function diffSnapshots(before: HouseholdSnapshot, after: HouseholdSnapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, col] of HOUSEHOLD_FIELDS) {
    const o = before.household[col];
    const n = after.household[col];
    if (!same(o, n)) changes.push({ target: 'household', field, old: shown(o), new: shown(n) });
  }
  const prior = new Map(before.members.map((m) => [Number(m.id), m]));
  for (const m of after.members) {
    const id = Number(m.id);
    const name = String(m.name ?? '');
    const was = prior.get(id);
    prior.delete(id);
    if (!was) {
      changes.push({ target: 'member', memberId: id, memberName: name, field: 'added', old: null, new: `${name} ${String(m.id_masked ?? '')}`.trim() });
      continue;
    }
    for (const [field, col] of MEMBER_FIELDS) {
      if (!same(was[col], m[col])) changes.push({ target: 'member', memberId: id, memberName: name, field, old: shown(was[col]), new: shown(m[col]) });
    }
  }
  for (const [id, m] of prior) {
    changes.push({ target: 'member', memberId: id, memberName: String(m.name ?? ''), field: 'removed', old: `${String(m.name ?? '')} ${String(m.id_masked ?? '')}`.trim(), new: null });
  }
  return changes;
}
