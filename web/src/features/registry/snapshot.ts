import type { Household, Member } from './types';

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const NUMERIC = new Set(['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer', 'expenseBusiness', 'perCapitaIncome']);

function camelize(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const key = camel(k);
    out[key] = NUMERIC.has(key) && typeof v === 'string' ? Number(v) : v;
  }
  return out;
}

/** A history snapshot ({household, members} with database column names) in the API's shape. */
export function fromSnapshot(snapshot: unknown): { household: Partial<Household>; members: Member[] } {
  const s = (snapshot ?? {}) as { household?: Record<string, unknown>; members?: Record<string, unknown>[] };
  const household = camelize(s.household ?? {}) as Partial<Household>;
  const members = (s.members ?? []).map((m) => camelize(m) as unknown as Member);
  if (household.updatedAt) household.updatedAt = String(household.updatedAt);
  if (typeof household.housingRatedOn === 'string') household.housingRatedOn = household.housingRatedOn.slice(0, 10);
  return { household, members };
}
