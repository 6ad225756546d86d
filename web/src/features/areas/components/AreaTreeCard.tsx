import { useCallback, useEffect, useState } from 'react';
import { Card, Input, List, Spin, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useI18n } from '../../../i18n';
import { useT } from '../messages';
import { areasApi, type Area, type AreaSearchHit } from '../api';

interface Node extends TreeDataNode {
  key: string;
  area: Area;
  children?: Node[];
}

function toNode(a: Area): Node {
  return {
    key: a.code,
    area: a,
    isLeaf: !a.hasChildren,
    title: <span data-testid={`area-node-${a.code}`}>{a.name}</span>,
  };
}

function replaceChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) => {
    if (n.key === key) return { ...n, children };
    if (n.children) return { ...n, children: replaceChildren(n.children, key, children) };
    return n;
  });
}

/**
 * The tree from the user's own area down, each level loaded when opened, and a search over the whole subtree above it.
 * `reloadKey` changes after an import: the tree starts again from its root.
 */
export function AreaTreeCard({ selected, onSelect, reloadKey }: { selected: string | null; onSelect: (code: string) => void; reloadKey: number }) {
  const t = useT();
  const { levelLabel } = useI18n();
  const [tree, setTree] = useState<Node[]>([]);
  const [treeLoading, setTreeLoading] = useState(true);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [hits, setHits] = useState<AreaSearchHit[] | null>(null);
  const [searching, setSearching] = useState(false);

  const loadRoot = useCallback(async () => {
    setTreeLoading(true);
    try {
      const roots = await areasApi.children();
      setTree(roots.map(toNode));
      setExpanded([]);
    } catch {
      setTree([]);
    } finally {
      setTreeLoading(false);
    }
  }, []);

  useEffect(() => {
    void loadRoot();
  }, [loadRoot, reloadKey]);

  const loadData = async (node: Node) => {
    if (node.children) return;
    const kids = await areasApi.children(node.key);
    setTree((old) => replaceChildren(old, node.key, kids.map(toNode)));
  };

  const onSearch = async (q: string) => {
    const term = q.trim();
    if (!term) {
      setHits(null);
      return;
    }
    setSearching(true);
    try {
      setHits(await areasApi.search(term, 50));
    } catch {
      setHits([]);
    } finally {
      setSearching(false);
    }
  };

  return (
    <Card title={t('areas.tree')} size="small">
      <Input.Search
        placeholder={t('areas.searchPlaceholder')}
        allowClear
        enterButton
        loading={searching}
        onSearch={(v) => void onSearch(v)}
        onChange={(e) => {
          if (!e.target.value) setHits(null);
        }}
        maxLength={40}
        data-testid="area-search"
        style={{ marginBottom: 12 }}
      />
      {hits && (
        <List<AreaSearchHit>
          size="small"
          bordered
          header={t('areas.searchResults')}
          dataSource={hits}
          locale={{ emptyText: t('areas.noResults') }}
          style={{ marginBottom: 12, maxHeight: 320, overflow: 'auto' }}
          data-testid="area-search-results"
          renderItem={(h) => (
            <List.Item
              onClick={() => onSelect(h.code)}
              style={{ cursor: 'pointer', background: h.code === selected ? '#fff1f0' : undefined }}
              data-testid={`area-hit-${h.code}`}
            >
              <div>
                <div>
                  {h.name} <Tag>{levelLabel(h.level)}</Tag>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {h.pathName ? `${h.pathName} · ` : ''}
                  {h.code}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      <Spin spinning={treeLoading}>
        <div data-testid="area-tree" style={{ minHeight: 40, overflowX: 'auto' }}>
          <Tree<Node>
            treeData={tree}
            loadData={loadData}
            expandedKeys={expanded}
            onExpand={(keys) => setExpanded(keys.map(String))}
            selectedKeys={selected ? [selected] : []}
            onSelect={(keys) => {
              if (keys.length) onSelect(String(keys[0]));
            }}
            showLine
            blockNode
          />
        </div>
      </Spin>
    </Card>
  );
}
