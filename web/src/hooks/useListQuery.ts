/**
 * The one way a page loads a list: page, page size, sort and filters live in the address bar (a reload, "back" from a
 * record, or a shared link shows the same list), the hook loads the page for them, keeps loading and error state, and
 * cancels the request a newer query has made stale.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';

export type SortOrder = 'asc' | 'desc';

export interface ListQuery<K extends string, S extends string = never> {
  /** The filters set (text as typed, trimmed; lists comma-joined); absent = not set. */
  filters: Partial<Record<K, string>>;
  page: number;
  pageSize: number;
  sort?: S;
  order?: SortOrder;
}

export interface ListOptions<K extends string, S extends string, T> {
  /** The filter names, as they appear in the address bar (a module-level constant: it is a dependency). */
  filters: readonly K[];
  /** The sortable columns (a module-level constant); a `sort` in the address bar that is none of them is ignored. */
  sorts?: readonly S[];
  /** Default page size (20); not written to the address bar. */
  pageSize?: number;
  maxPageSize?: number;
  /** Loads one page for a query. */
  load: (query: ListQuery<K, S>, signal: AbortSignal) => Promise<T>;
  /** Loads again whenever this changes (an import finished, say). */
  reloadKey?: unknown;
}

export interface ListState<K extends string, S extends string, T> {
  query: ListQuery<K, S>;
  data: T | null;
  loading: boolean;
  /** The last load's failure (the API client has already shown its message), cleared by the next success. */
  error: ApiError | null;
  /** New filters: back to page 1, and load (also when they are the same). */
  setFilters(filters: Partial<Record<K, string | undefined>>): void;
  /** Another page; a new page size starts again at page 1. */
  setPage(page: number, pageSize?: number): void;
  /** Any change at once (a table's sorter and pager arrive together). */
  update(patch: Partial<ListQuery<K, S>>): void;
  /** Clears the filters, sort and page from the address bar and loads again (even when nothing was set). */
  reset(): void;
  /** Loads the same query again (after a change to one of its records). */
  reload(): void;
}

function positiveInt(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function useListQuery<K extends string, T, S extends string = never>(opts: ListOptions<K, S, T>): ListState<K, S, T> {
  const [sp, setSp] = useSearchParams();
  const defaultSize = opts.pageSize ?? 20;
  const maxSize = opts.maxPageSize ?? 200;
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);

  const spKey = sp.toString();
  const { filters: filterNames, sorts } = opts;
  const query = useMemo((): ListQuery<K, S> => {
    const params = new URLSearchParams(spKey);
    const filters: Partial<Record<K, string>> = {};
    for (const k of filterNames) {
      const v = params.get(k);
      if (v) filters[k] = v;
    }
    const sort = params.get('sort') as S | null;
    const validSort = sort && sorts?.includes(sort) ? sort : undefined;
    const order = params.get('order');
    return {
      filters,
      page: positiveInt(params.get('page'), 1),
      pageSize: Math.min(positiveInt(params.get('pageSize'), defaultSize), maxSize),
      sort: validSort,
      order: validSort && (order === 'asc' || order === 'desc') ? order : undefined,
    };
  }, [spKey, filterNames, sorts, defaultSize, maxSize]);

  const write = useCallback(
    (next: ListQuery<K, S>) => {
      const out = new URLSearchParams();
      for (const k of filterNames) {
        const v = next.filters[k];
        if (v) out.set(k, v);
      }
      if (next.sort) out.set('sort', next.sort);
      if (next.sort && next.order) out.set('order', next.order);
      if (next.page > 1) out.set('page', String(next.page));
      if (next.pageSize !== defaultSize) out.set('pageSize', String(next.pageSize));
      setSp(out, { replace: true });
    },
    [filterNames, defaultSize, setSp],
  );

  // The page's load function is new on every render: the latest one is used (this effect runs before the one that
  // loads), the query decides when.
  const loadRef = useRef(opts.load);
  useEffect(() => {
    loadRef.current = opts.load;
  });
  const queryKey = JSON.stringify(query);
  const { reloadKey } = opts;
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    loadRef.current(JSON.parse(queryKey) as ListQuery<K, S>, ctl.signal).then(
      (d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setError(null);
      },
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        setError(err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err)));
      },
    ).finally(() => {
      if (!ctl.signal.aborted) setLoading(false);
    });
    return () => ctl.abort();
  }, [queryKey, tick, reloadKey]);

  return {
    query,
    data,
    loading,
    error,
    // 查询 loads again even when the filters did not change (the records may have).
    setFilters: (filters) => {
      write({ ...query, filters: filters as Partial<Record<K, string>>, page: 1 });
      setTick((n) => n + 1);
    },
    setPage: (page, pageSize = query.pageSize) => write({ ...query, page: pageSize !== query.pageSize ? 1 : page, pageSize }),
    update: (patch) => write({ ...query, ...patch }),
    reset: () => {
      write({ filters: {}, page: 1, pageSize: query.pageSize });
      setTick((n) => n + 1);
    },
    reload: () => setTick((n) => n + 1),
  };
}

/** A filter's value when it is one of `allowed` (an address bar may say anything). */
export function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return allowed.find((a) => a === value);
}
