import { useEffect, useState } from 'react';
import { Button, DatePicker, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { welfarePostsApi, type Report } from '../api';
import { useT } from '../messages';

type Row = Report['rows'][number];

/** The posts report: by township (a county user) or village (a township user), months side by side; .xlsx. */
export default function ReportPage() {
  const t = useT();
  const [from, setFrom] = useState(dayjs().format('YYYY-01'));
  const [to, setTo] = useState(dayjs().format('YYYY-MM'));
  const [report, setReport] = useState<Report | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    setLoading(true);
    welfarePostsApi.report({ from, to }).then(setReport, () => undefined).finally(() => setLoading(false));
  }, [from, to]);
  const rows: Row[] = report ? [...report.rows, { areaCode: 'total', areaName: t('posts.total'), ...report.total }] : [];
  const columns = [
    { title: t('posts.area'), dataIndex: 'areaName', fixed: 'left' as const },
    { title: t('posts.title'), dataIndex: 'posts', align: 'right' as const },
    { title: t('posts.places'), dataIndex: 'places', align: 'right' as const },
    { title: t('posts.onPost'), dataIndex: 'onPost', align: 'right' as const },
    ...(report?.months ?? []).flatMap((m, i) => [
      { title: t('posts.people.month', { month: m }), key: `p${m}`, align: 'right' as const, render: (_: unknown, r: Row) => r.months[i]?.people ?? 0 },
      { title: t('posts.pay.month', { month: m }), key: `m${m}`, align: 'right' as const, render: (_: unknown, r: Row) => r.months[i]?.pay ?? 0 },
    ]),
    { title: t('posts.payTotal'), dataIndex: 'payTotal', align: 'right' as const },
  ];
  return (
    <div data-testid="posts-report-page">
      <Typography.Title level={3} className="fp-page-title">
        {t('posts.report')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('posts.from')}</span>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${from}-01`)} onChange={(d) => d && setFrom(d.format('YYYY-MM'))} />
        <span>{t('posts.to')}</span>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${to}-01`)} onChange={(d) => d && setTo(d.format('YYYY-MM'))} />
        <Button icon={<DownloadOutlined />} onClick={() => void welfarePostsApi.exportReport({ from, to }).catch(() => undefined)} data-testid="posts-report-export">
          {t('posts.export')}
        </Button>
      </Space>
      <Table rowKey="areaCode" size="small" loading={loading} pagination={false} scroll={{ x: 'max-content' }} columns={columns} dataSource={rows} data-testid="posts-report-table" />
    </div>
  );
}
