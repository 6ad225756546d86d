import { useEffect, useState } from 'react';
import { Button, Progress, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useListQuery } from '../../../hooks/useListQuery';
import { useI18n } from '../../../i18n';
import { useT } from '../messages';
import { screeningApi, type Run, type Stats } from '../api';

const FILTERS = [] as const;

/** 数据比对: the runs of the county with progress and counts, their reports, and the handling by township. */
export default function RunsPage() {
  const t = useT();
  const { t: at } = useI18n();
  const list = useListQuery({ filters: FILTERS, load: ({ page }, signal) => screeningApi.runs(page, signal) });
  const [stats, setStats] = useState<Stats>([]);
  const active = list.data?.items.some((r) => r.state === 'queued' || r.state === 'running');
  useEffect(() => {
    void screeningApi.stats().then(setStats);
  }, []);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => list.reload(), 2000);
    return () => clearInterval(timer);
  }, [active, list]);

  return (
    <div data-testid="runs-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: 1 }}>
          {t('runs.title')}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} onClick={() => void screeningApi.policyList().catch(() => {})} data-testid="policy-list">
          {t('runs.policyList')}
        </Button>
      </div>
      <Table<Run>
        rowKey="id"
        size="small"
        scroll={{ x: 900 }}
        loading={list.loading && !list.data}
        dataSource={list.data?.items ?? []}
        pagination={{ current: list.query.page, pageSize: list.query.pageSize, total: list.data?.total ?? 0, onChange: list.setPage }}
        columns={[
          { title: t('runs.dataset'), render: (_, r) => `${r.period ?? ''} ${r.template ?? ''} v${r.version ?? ''}` },
          { title: t('ds.state'), render: (_, r) => (r.state === 'failed' ? <Tag color="red">{r.errorCode}</Tag> : <Progress percent={r.percent} size="small" style={{ width: 120 }} />) },
          { title: t('runs.exact'), dataIndex: 'exact' },
          { title: t('runs.linked'), dataIndex: 'linked' },
          { title: t('runs.candidates'), dataIndex: 'candidates' },
          { title: t('runs.unmatched'), dataIndex: 'unmatched' },
          { title: t('runs.warnings'), dataIndex: 'warnings' },
          {
            title: t('runs.report'),
            render: (_, r) =>
              r.state === 'done' && (
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void screeningApi.report(r.id).catch(() => {})}>
                  .xlsx
                </Button>
              ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('runs.stats')}
      </Typography.Title>
      <Table
        rowKey={(r) => `${r.townshipCode}-${r.department}`}
        size="small"
        scroll={{ x: 600 }}
        dataSource={stats}
        pagination={false}
        columns={[
          { title: t('runs.township'), render: (_, r) => r.townshipName ?? r.townshipCode },
          { title: t('runs.department'), render: (_, r) => at(`dept.${r.department}` as 'dept.health') },
          { title: t('runs.total'), dataIndex: 'total' },
          { title: t('runs.handled'), dataIndex: 'handled' },
          { title: t('runs.overdue'), render: (_, r) => (r.overdue ? <Tag color="red">{r.overdue}</Tag> : 0) },
          { title: t('runs.rate'), render: (_, r) => `${Math.round(r.handlingRate * 1000) / 10}%` },
        ]}
      />
    </div>
  );
}
