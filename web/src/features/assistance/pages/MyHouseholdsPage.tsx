import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { EditOutlined, FileTextOutlined } from '@ant-design/icons';
import { PageSpinner } from '../../../components/PageSpinner';
import { assistanceApi, type Mine } from '../api';
import { useAT } from '../messages';
import { Outbox } from '../components/Outbox';

/** 我的帮扶户 (a helper's phone): his households, overdue visits first, and the visits still waiting to be sent. */
export default function MyHouseholdsPage() {
  const { at, atx, code } = useAT();
  const [data, setData] = useState<Mine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    assistanceApi.mine().then(
      (d) => {
        setData(d);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <div data-testid="mine-page">
      <Typography.Title level={3} className="fp-page-title" style={{ marginBottom: 8 }}>
        {at('mine.title')}
      </Typography.Title>
      <Outbox onSent={load} />
      {error && !data && <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!data && !error && <PageSpinner />}
      {data && (
        <>
          <Alert type={data.overdue ? 'error' : 'info'} showIcon style={{ marginBottom: 12 }} title={at('mine.counts', { total: data.items.length, overdue: data.overdue })} data-testid="mine-counts" />
          {!data.items.length && <Empty description={at('mine.empty')} />}
          <Space direction="vertical" style={{ width: '100%' }} size={8}>
            {data.items.map((h) => (
              <Card key={h.householdId} size="small" data-testid="mine-item" data-household={h.householdId} data-overdue={h.overdue ? 'yes' : 'no'}>
                <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                  <Typography.Text strong>{h.headName ?? h.householdNo}</Typography.Text>
                  {h.overdue ? <Tag color="red">{at('mine.overdue', { days: h.overdueDays })}</Tag> : h.dueOn ? <Tag color="blue">{at('mine.due', { date: h.dueOn })}</Tag> : <Tag>{at('mine.noSchedule')}</Tag>}
                </Space>
                <div style={{ color: '#666', fontSize: 13, margin: '4px 0' }}>
                  {h.villageName} · {h.householdNo} · {code('category', h.category)}
                  {h.reason ? ` · ${atx(`reason.${h.reason}`)}` : ''}
                </div>
                <div style={{ color: '#666', fontSize: 13 }}>{h.lastVisit ? at('mine.last', { date: h.lastVisit }) : at('mine.never')}</div>
                <Space style={{ marginTop: 8 }} wrap>
                  <Link to={`/assistance/households/${h.householdId}/visit`}>
                    <Button type="primary" icon={<EditOutlined />} data-testid="mine-visit">
                      {at('mine.visit')}
                    </Button>
                  </Link>
                  <Link to={`/assistance/households/${h.householdId}`}>
                    <Button icon={<FileTextOutlined />}>{at('mine.plan')}</Button>
                  </Link>
                </Space>
              </Card>
            ))}
          </Space>
        </>
      )}
    </div>
  );
}
