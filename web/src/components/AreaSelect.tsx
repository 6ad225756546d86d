import { useCallback, useEffect, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import { areasApi, type Area } from '../features/areas/api';
import { useI18n } from '../i18n';

interface SimpleNode {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
}

interface LabeledValue {
  value: string;
  label: string;
}

export interface AreaSelectProps {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  /** The name to show for `value` before its tree node is loaded (e.g. the user's current area). */
  initialLabel?: string;
  placeholder?: string;
  allowClear?: boolean;
  testId?: string;
  style?: React.CSSProperties;
}

/**
 * Picks an area: a tree loaded lazily from GET /api/areas (the caller's root, then children on demand), and typing
 * searches the whole subtree via GET /api/areas/search.
 */
export function AreaSelect({ value, onChange, initialLabel, placeholder, allowClear = true, testId, style }: AreaSelectProps) {
  const { t, levelLabel } = useI18n();
  const [nodes, setNodes] = useState<SimpleNode[]>([]);
  const [hits, setHits] = useState<SimpleNode[] | null>(null);
  const [search, setSearch] = useState('');
  const labels = useRef(new Map<string, string>());
  const seq = useRef(0);

  const add = useCallback((areas: Area[], parent?: string): SimpleNode[] => {
    return areas.map((a) => {
      labels.current.set(a.code, a.name);
      return { id: a.code, pId: parent, value: a.code, title: a.name, isLeaf: !a.hasChildren };
    });
  }, []);

  useEffect(() => {
    areasApi
      .children(undefined, { silent: true })
      .then((roots) => setNodes(add(roots)))
      .catch(() => setNodes([]));
  }, [add]);

  const loadData = async (node: { value?: string | number | null; id?: string }) => {
    const code = String(node.value ?? node.id ?? '');
    if (!code || nodes.some((n) => n.pId === code)) return;
    const kids = await areasApi.children(code);
    setNodes((old) => [...old, ...add(kids, code).filter((k) => !old.some((o) => o.id === k.id))]);
  };

  const onSearch = (q: string) => {
    setSearch(q);
    const term = q.trim();
    const mySeq = ++seq.current;
    if (!term) {
      setHits(null);
      return;
    }
    areasApi
      .search(term, 30, { silent: true })
      .then((res) => {
        if (mySeq !== seq.current) return;
        setHits(
          res.map((h) => {
            labels.current.set(h.code, h.name);
            const where = h.pathName ? ` — ${h.pathName}` : '';
            return { id: `s:${h.code}`, value: h.code, title: `${h.name} (${levelLabel(h.level)})${where}`, isLeaf: true };
          }),
        );
      })
      .catch(() => setHits([]));
  };

  // A value from the address bar (a list's filter after a reload or from a shared link) has no loaded node yet: ask
  // for its name rather than show the bare code.
  const [, setNamed] = useState(0);
  useEffect(() => {
    if (!value || initialLabel || labels.current.has(value)) return;
    const ctl = new AbortController();
    areasApi
      .get(value, { silent: true, signal: ctl.signal })
      .then((a) => {
        labels.current.set(a.code, a.name);
        setNamed((n) => n + 1);
      })
      .catch(() => {});
    return () => ctl.abort();
  }, [value, initialLabel]);

  const current: LabeledValue | undefined = value
    ? { value, label: labels.current.get(value) ?? initialLabel ?? value }
    : undefined;

  return (
    <TreeSelect<LabeledValue>
      labelInValue
      value={current}
      onChange={(v) => {
        const code = v?.value;
        if (code && typeof v.label === 'string' && !labels.current.has(code)) labels.current.set(code, v.label);
        setSearch('');
        setHits(null);
        onChange?.(code);
      }}
      treeDataSimpleMode
      treeData={hits ?? nodes}
      loadData={hits ? undefined : loadData}
      showSearch={{ searchValue: search, onSearch, filterTreeNode: false, autoClearSearchValue: true }}
      placeholder={placeholder ?? t('common.selectArea')}
      allowClear={allowClear}
      treeNodeLabelProp="title"
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto', minWidth: 260 } } }}
      style={{ width: '100%', ...style }}
      data-testid={testId}
    />
  );
}
