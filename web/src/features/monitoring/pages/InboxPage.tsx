import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Empty, Select, Space, Table, Tabs, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth';
import { useListQuery } from '../../../hooks/useListQuery';
import { monitoringApi, type CaseList as CaseListT, type Suspect } from '../api';
import { useMT } from '../messages';
import { CaseList } from '../components/CaseList';
import { ACTING_ROLES, stepsOf } from '../steps';

/** 待办: what waits for me (overdue first), and the open cases of my area by step and place. */
export default function InboxPage() {
  const { user, can } = useAuth();
  const { mt } = useMT();
  const acting = ACTING_ROLES.includes(user?.role ?? '');
  const [tab, setTab] = useState(acting ? 'mine' : 'area');
  return (
    <div data-testid="inbox-page">
      <Typography.Title level={3} className="fp-page-title" style={{ marginBottom: 8 }}>
        {mt('inbox.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          ...(acting ? [{ key: 'mine', label: <span data-testid="tab-mine">{mt('inbox.mine')}</span>, children: tab === 'mine' ? <Mine /> : null }] : []),
          { key: 'area', label: <span data-testid="tab-area">{mt('inbox.area')}</span>, children: tab === 'area' ? <AreaCases /> : null },
          ...(can('monitoring.suspects')
            ? [{ key: 'suspects', label: <span data-testid="tab-suspects">{mt('inbox.suspects')}</span>, children: tab === 'suspects' ? <Suspects /> : null }]
            : []),
        ]}
      />
    </div>
  );
}

/** The counts of all the list's cases, and which of them the page shows when there are more. */
function Counts({ data }: { data: Pick<CaseListT, 'counts' | 'page' | 'pageSize' | 'items'> }) {
  const { mt } = useMT();
  const { counts } = data;
  const from = (data.page - 1) * data.pageSize;
  return (
    <Alert
      type={counts.overdue ? 'error' : counts.dueSoon ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="inbox-counts"
      title={mt('inbox.counts', { total: counts.total, overdue: counts.overdue, dueSoon: counts.dueSoon })}
      description={
        counts.total > data.items.length ? <span data-testid="inbox-shown">{mt('inbox.shown', { from: from + 1, to: from + data.items.length, total: counts.total })}</span> : undefined
      }
    />
  );
}

function Mine() {
  const { mt } = useMT();
  const [data, setData] = useState<CaseListT | null>(null);
  const [loading, setLoading] = useState(true);
  const [page, setPage] = useState({ page: 1, pageSize: 100 });
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    monitoringApi
      .inbox(page, ctl.signal)
      .then((d) => setData(d))
      .catch(() => {})
      .finally(() => setLoading(false));
    return () => ctl.abort();
  }, [page]);
  return (
    <>
      {data && <Counts data={data} />}
      <CaseList
        items={data?.items ?? []}
        loading={loading}
        empty={mt('inbox.empty')}
        testId="inbox"
        paging={data ? { page: data.page, pageSize: data.pageSize, total: data.counts.total, onChange: (p, size) => setPage({ page: size === data.pageSize ? p : 1, pageSize: size }) } : undefined}
      />
    </>
  );
}

const FILTERS = ['state', 'areaCode'] as const;
const STATES = stepsOf('identification');

function AreaCases() {
  const { mt } = useMT();
  const { user } = useAuth();
  const list = useListQuery({
    filters: FILTERS,
    pageSize: 100,
    maxPageSize: 500,
    load: ({ filters, page, pageSize }, signal) =>
      monitoringApi.areaCases(
        { state: STATES.find((s) => s === filters.state), areaCode: /^\d{2,12}$/.test(filters.areaCode ?? '') ? filters.areaCode : undefined, page, pageSize },
        signal,
      ),
  });
  const { data, query } = list;
  // The places of the unfiltered list stay choosable after one is picked.
  const [places, setPlaces] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    if (data && !query.filters.areaCode)
      setPlaces(data.byPlace.map((p) => ({ value: p.code, label: mt('inbox.placeCount', { name: p.name ?? p.code, count: p.count, overdue: p.overdue }) })));
  }, [data, query.filters.areaCode, mt]);
  const byState = data?.counts.byState ?? {};
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          data-testid="area-filter-state"
          style={{ minWidth: 180 }}
          value={query.filters.state ?? ''}
          onChange={(v: string) => list.setFilters({ ...query.filters, state: v || undefined })}
          options={[
            { value: '', label: mt('inbox.allSteps') },
            ...STATES.map((s) => ({ value: s, label: `${mt(`step.${s}`)}${byState[s] && !query.filters.state ? `（${byState[s]}）` : ''}` })),
          ]}
        />
        <Select
          data-testid="area-filter-place"
          style={{ minWidth: 220 }}
          value={query.filters.areaCode ?? ''}
          onChange={(v: string) => list.setFilters({ ...query.filters, areaCode: v || undefined })}
          options={[{ value: '', label: mt('inbox.allPlaces') }, ...places]}
        />
        {user?.areaLevel === 5 && (
          <Button icon={<DownloadOutlined />} onClick={() => void monitoringApi.villageNoticeXlsx(user.areaCode).catch(() => {})} data-testid="village-notice-xlsx">
            {mt('export.villageNotice')}
          </Button>
        )}
      </Space>
      {data && <Counts data={data} />}
      <CaseList
        items={data?.items ?? []}
        loading={list.loading}
        empty={mt('inbox.areaEmpty')}
        testId="area"
        paging={data ? { page: data.page, pageSize: data.pageSize, total: data.counts.total, onChange: (p, size) => list.setPage(p, size) } : undefined}
      />
    </>
  );
}

/** 疑点: the county's suspect-data checks (quick assisted elimination, income far above the line, short notice …). */
function Suspects() {
  const { mt, lang } = useMT();
  const [items, setItems] = useState<Suspect[] | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    monitoringApi.suspects(ctl.signal).then(setItems, () => setItems([]));
    return () => ctl.abort();
  }, []);
  return (
    <>
    <Button icon={<DownloadOutlined />} style={{ marginBottom: 12 }} onClick={() => void monitoringApi.suspectsXlsx().catch(() => {})} data-testid="suspects-xlsx">
      {mt('export.xlsx')}
    </Button>
    <Table<Suspect>
      data-testid="suspects-table"
      rowKey={(r) => `${r.kind}-${r.caseId}`}
      size="small"
      loading={items === null}
      dataSource={items ?? []}
      pagination={false}
      scroll={{ x: 600 }}
      locale={{ emptyText: <Empty description={mt('inbox.suspectsEmpty')} /> }}
      columns={[
        { title: mt('suspect.kind'), key: 'kind', render: (_, r) => r.label[lang] },
        { title: mt('col.household'), key: 'hh', render: (_, r) => (r.householdId ? <Link to={`/households/${r.householdId}`}>{`${r.headName ?? '—'} · ${r.householdNo ?? ''}`}</Link> : '—') },
        { title: mt('suspect.detail'), dataIndex: 'detail' },
        { title: mt('col.caseNo'), key: 'case', render: (_, r) => <Link to={`/monitoring/cases/${r.caseId}`}>{r.caseId}</Link> },
      ]}
    />
    </>
  );
}
