import { useCallback, useEffect, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Empty, Form, Input, List, Row, Space, Spin, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { api, ApiError, type Area, type AreaDetail, type AreaSearchHit } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';

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

interface ImportResult {
  code: string;
  name: string;
  total: number;
  inserted: number;
  updated: number;
}

export default function AreasPage() {
  const { can } = useAuth();
  const { t, levelLabel } = useI18n();
  const [tree, setTree] = useState<Node[]>([]);
  const [treeLoading, setTreeLoading] = useState(true);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<AreaDetail | null>(null);
  const [detailLoading, setDetailLoading] = useState(false);
  const [hits, setHits] = useState<AreaSearchHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [importing, setImporting] = useState(false);
  const [importResult, setImportResult] = useState<ImportResult | null>(null);
  const [importError, setImportError] = useState<string | null>(null);

  const loadRoot = useCallback(async () => {
    setTreeLoading(true);
    try {
      const roots = await api.get<Area[]>('/api/areas');
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
  }, [loadRoot]);

  useEffect(() => {
    if (!selected) return;
    const ctl = new AbortController();
    setDetailLoading(true);
    api
      .get<AreaDetail>(`/api/areas/${selected}`, undefined, { signal: ctl.signal })
      .then(setDetail)
      .catch(() => {})
      .finally(() => setDetailLoading(false));
    return () => ctl.abort();
  }, [selected]);

  const loadData = async (node: Node) => {
    if (node.children) return;
    const kids = await api.get<Area[]>('/api/areas', { parent: node.key });
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
      setHits(await api.get<AreaSearchHit[]>('/api/areas/search', { q: term, limit: 50 }));
    } catch {
      setHits([]);
    } finally {
      setSearching(false);
    }
  };

  const onImport = async (values: { code: string }) => {
    setImporting(true);
    setImportError(null);
    setImportResult(null);
    try {
      const r = await api.post<ImportResult>('/api/areas/import', { code: values.code.trim() }, { silent: true });
      setImportResult(r);
      void loadRoot();
    } catch (err) {
      setImportError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setImporting(false);
    }
  };

  return (
    <div data-testid="areas-page">
      <Typography.Title level={3} className="fp-page-title">
        {t('menu.areas')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
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
                    onClick={() => setSelected(h.code)}
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
                    if (keys.length) setSelected(String(keys[0]));
                  }}
                  showLine
                  blockNode
                />
              </div>
            </Spin>
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('areas.detail')} size="small" data-testid="area-detail">
              <Spin spinning={detailLoading}>
                {!detail ? (
                  <Empty description={t('areas.pickOne')} />
                ) : (
                  <Descriptions column={1} size="small" bordered>
                    <Descriptions.Item label={t('areas.name')}>
                      <span data-testid="area-detail-name">{detail.name}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('areas.code')}>
                      <span data-testid="area-detail-code">{detail.code}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('areas.level')}>{levelLabel(detail.level)}</Descriptions.Item>
                    <Descriptions.Item label={t('areas.path')}>
                      <span data-testid="area-detail-path">
                        <Breadcrumb items={detail.path.map((p) => ({ title: p.name }))} />
                      </span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('areas.hasChildren')}>{detail.hasChildren ? t('areas.yes') : t('areas.no')}</Descriptions.Item>
                  </Descriptions>
                )}
              </Spin>
            </Card>
            {can('areas.import') && (
              <Card title={t('areas.import')} size="small" data-testid="area-import">
                <Typography.Paragraph type="secondary">{t('areas.importHint')}</Typography.Paragraph>
                <Form<{ code: string }> layout="inline" onFinish={(v) => void onImport(v)} className="fp-filters">
                  <Form.Item name="code" label={t('areas.importCode')} rules={[{ required: true, whitespace: true, message: t('areas.importCodeRequired') }]}>
                    <Input inputMode="numeric" maxLength={12} placeholder="140430" data-testid="area-import-code" />
                  </Form.Item>
                  <Form.Item>
                    <Button type="primary" htmlType="submit" loading={importing} data-testid="area-import-submit">
                      {t('areas.importSubmit')}
                    </Button>
                  </Form.Item>
                </Form>
                {importError && <Alert type="error" showIcon title={importError} data-testid="area-import-error" />}
                {importResult && (
                  <Alert
                    type="success"
                    showIcon
                    title={t('areas.importDone')}
                    data-testid="area-import-result"
                    description={
                      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                        <Descriptions.Item label={t('areas.name')}>
                          <span data-testid="area-import-name">{importResult.name}</span> ({importResult.code})
                        </Descriptions.Item>
                        <Descriptions.Item label={t('areas.importTotal')}>
                          <span data-testid="area-import-total">{importResult.total}</span>
                        </Descriptions.Item>
                        <Descriptions.Item label={t('areas.importInserted')}>
                          <span data-testid="area-import-inserted">{importResult.inserted}</span>
                        </Descriptions.Item>
                        <Descriptions.Item label={t('areas.importUpdated')}>
                          <span data-testid="area-import-updated">{importResult.updated}</span>
                        </Descriptions.Item>
                      </Descriptions>
                    }
                  />
                )}
              </Card>
            )}
          </Space>
        </Col>
      </Row>
    </div>
  );
}
