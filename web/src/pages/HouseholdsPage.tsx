import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { api, download } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useIsMobile } from '../responsive';
import { formatTime } from '../format';
import { useRT } from '../registry/messages';
import { HouseholdFilters } from '../registry/HouseholdFilters';
import { HouseholdCards } from '../registry/HouseholdCards';
import { CategoryTag, FlagTags } from '../registry/tags';
import { apiQuery, useListParams, type SortKey } from '../registry/listParams';
import type { HouseholdListItem, HouseholdPage } from '../registry/types';

/** 农户信息: search and filter the households in the user's area; a table on a desk, cards on a phone. */
export default function HouseholdsPage() {
  const { can } = useAuth();
  const { lang } = useI18n();
  const { rt, money, listTotal } = useRT();
  const { message } = AntApp.useApp();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [state, update] = useListParams();
  const [data, setData] = useState<HouseholdPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const key = JSON.stringify(apiQuery(state));

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    api
      .get<HouseholdPage>('/api/households', JSON.parse(key) as Record<string, string>, { signal: ctl.signal })
      .then(setData)
      .catch(() => {})
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [key]);

  const doExport = async () => {
    setExporting(true);
    try {
      const name = await download('/api/households/export', apiQuery(state, false), 'households.xlsx');
      void message.success(rt('list.exported', { name }));
    } catch {
      // shown by the API client
    } finally {
      setExporting(false);
    }
  };

  const sorted = (k: SortKey) => (state.sort === k ? (state.order === 'desc' ? 'descend' : 'ascend') : null);
  const columns: TableProps<HouseholdListItem>['columns'] = [
    {
      title: rt('col.householdNo'),
      dataIndex: 'householdNo',
      key: 'householdNo',
      width: 150,
      fixed: 'left',
      sorter: true,
      sortOrder: sorted('householdNo'),
      render: (v: string, h) => (
        <Link to={`/households/${h.id}`} data-testid="hh-cell-no">
          {v}
        </Link>
      ),
    },
    { title: rt('col.village'), dataIndex: 'villageName', width: 130 },
    { title: rt('col.head'), dataIndex: 'headName', key: 'headName', width: 100, sorter: true, sortOrder: sorted('headName'), render: (v: string | null, h) => (
        <>
          <span data-testid="hh-cell-head">{v ?? '—'}</span>
          {/* A member search finds a person; the row is the household, so say whom it found when that is not the head. */}
          {h.matchedName && h.matchedName !== v && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="hh-cell-matched">
              {rt('col.matched', { name: h.matchedName })}
            </Typography.Text>
          )}
        </>
      ) },
    { title: rt('col.headId'), dataIndex: 'headIdMasked', width: 190, render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span> },
    {
      title: rt('col.category'),
      dataIndex: 'category',
      width: 200,
      render: (_: string, h) => (
        <Space size={4} wrap>
          <CategoryTag category={h.category} monitoringType={h.monitoringType} />
          <FlagTags value={h} />
        </Space>
      ),
    },
    { title: rt('col.members'), dataIndex: 'memberCount', key: 'memberCount', width: 80, align: 'right', sorter: true, sortOrder: sorted('memberCount') },
    { title: rt('col.income'), dataIndex: 'perCapitaIncome', key: 'perCapitaIncome', width: 130, align: 'right', sorter: true, sortOrder: sorted('perCapitaIncome'), render: (v: number | null) => money(v) },
    { title: rt('col.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 170, sorter: true, sortOrder: sorted('updatedAt'), render: (v: string) => formatTime(v, lang) },
  ];

  const onTable: TableProps<HouseholdListItem>['onChange'] = (pg, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sortKey = s?.order ? (s.columnKey as SortKey) : undefined;
    const sortChanged = sortKey !== state.sort || (sortKey && (s?.order === 'descend' ? 'desc' : 'asc') !== state.order);
    update({
      sort: sortKey,
      order: sortKey ? (s?.order === 'descend' ? 'desc' : 'asc') : undefined,
      page: sortChanged || pg.pageSize !== state.pageSize ? 1 : (pg.current ?? 1),
      pageSize: pg.pageSize ?? state.pageSize,
    });
  };

  return (
    <div data-testid="households-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: '1 0 auto', whiteSpace: 'nowrap' }}>
          {rt('list.title')}
        </Typography.Title>
        <Space wrap>
          {can('registry.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/households/new')} data-testid="hh-create">
              {rt('list.create')}
            </Button>
          )}
          {can('registry.import') && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/households/import')} data-testid="hh-import">
              {rt('list.import')}
            </Button>
          )}
          {can('registry.export') && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="hh-export">
              {rt('list.export')}
            </Button>
          )}
        </Space>
      </div>
      <HouseholdFilters value={state} onChange={(f) => update({ ...f, page: 1 })} />
      {isMobile ? (
        <HouseholdCards
          items={data?.items ?? []}
          total={data?.total ?? 0}
          totalExact={data?.totalExact ?? true}
          page={state.page}
          pageSize={state.pageSize}
          loading={loading}
          onPage={(p, s) => update({ page: s !== state.pageSize ? 1 : p, pageSize: s })}
        />
      ) : (
        <Table<HouseholdListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          scroll={{ x: 1150 }}
          onChange={onTable}
          locale={{ emptyText: rt('list.empty') }}
          onRow={(h) => ({ onDoubleClick: () => navigate(`/households/${h.id}`) })}
          data-testid="hh-table"
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (n) => listTotal(n, data?.totalExact ?? true),
          }}
        />
      )}
    </div>
  );
}
