import { useSearchParams } from 'react-router-dom';
import { FLAGS, type Category, type Flag } from './types';
import type { ListFilters } from './HouseholdFilters';

export type SortKey = 'householdNo' | 'headName' | 'perCapitaIncome' | 'memberCount' | 'updatedAt';

export interface ListState extends ListFilters {
  sort?: SortKey;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const SORTS: SortKey[] = ['householdNo', 'headName', 'perCapitaIncome', 'memberCount', 'updatedAt'];
const CATEGORIES: Category[] = ['exited', 'monitored', 'ordinary'];

/** The list's filters, sort and page live in the address bar, so "back" from a household returns to the same list. */
export function useListParams(): [ListState, (patch: Partial<ListState>) => void] {
  const [sp, setSp] = useSearchParams();
  const num = (k: string, d: number) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n > 0 ? n : d;
  };
  const sort = sp.get('sort') as SortKey | null;
  const category = sp.get('category') as Category | null;
  const state: ListState = {
    q: sp.get('q') ?? undefined,
    villageCode: sp.get('villageCode') ?? undefined,
    category: category && CATEGORIES.includes(category) ? category : undefined,
    flags: (sp.get('flags') ?? '').split(',').filter((f): f is Flag => (FLAGS as string[]).includes(f)),
    sort: sort && SORTS.includes(sort) ? sort : undefined,
    order: sp.get('order') === 'desc' ? 'desc' : sp.get('order') === 'asc' ? 'asc' : undefined,
    page: num('page', 1),
    pageSize: Math.min(num('pageSize', 20), 200),
  };
  const update = (patch: Partial<ListState>) => {
    const next = { ...state, ...patch };
    const out = new URLSearchParams();
    if (next.q) out.set('q', next.q);
    if (next.villageCode) out.set('villageCode', next.villageCode);
    if (next.category) out.set('category', next.category);
    if (next.flags?.length) out.set('flags', next.flags.join(','));
    if (next.sort) out.set('sort', next.sort);
    if (next.sort && next.order) out.set('order', next.order);
    if (next.page > 1) out.set('page', String(next.page));
    if (next.pageSize !== 20) out.set('pageSize', String(next.pageSize));
    setSp(out, { replace: true });
  };
  return [state, update];
}

/** The API query (GET /api/households and the export) for a list state. */
export function apiQuery(s: ListState, paged = true): Record<string, string | number | boolean | undefined> {
  const q: Record<string, string | number | boolean | undefined> = {
    q: s.q,
    villageCode: s.villageCode,
    category: s.category,
  };
  for (const f of s.flags ?? []) q[f] = true;
  if (paged) Object.assign(q, { sort: s.sort, order: s.sort ? s.order : undefined, page: s.page, pageSize: s.pageSize });
  return q;
}
