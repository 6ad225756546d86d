import { useState } from 'react';
import { Button, Card, Empty, Input, Modal, Pagination, Space, Tag, Typography } from 'antd';
import { useListQuery } from '../../../hooks/useListQuery';
import { DateInput } from '../../../components/DateInput';
import { useT } from '../messages';
import { screeningApi, type Warning } from '../api';

const FILTERS = ['state'] as const;

/** 筛查预警: the area's warnings as cards (a phone's width), each handled in place. */
export default function WarningsPage() {
  const t = useT();
  const list = useListQuery({
    filters: FILTERS,
    load: ({ page, pageSize }, signal) => screeningApi.warnings({ page, pageSize }, signal),
  });
  const [acting, setActing] = useState<{ w: Warning; action: 'dismiss' | 'deceased' } | null>(null);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState<string | undefined>();

  const act = async (w: Warning, action: 'open_case' | 'dismiss' | 'deceased') => {
    await screeningApi.handle(w.id, { action, ...(reason ? { reason } : {}), ...(date ? { date } : {}) });
    setActing(null);
    setReason('');
    setDate(undefined);
    list.reload();
  };

  return (
    <div data-testid="warnings-page">
      <Typography.Title level={3} className="fp-page-title">
        {t('warnings.title')}
      </Typography.Title>
      {!list.loading && !list.data?.items.length && <Empty description={t('warnings.empty')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {list.data?.items.map((w) => (
          <Card key={w.id} size="small" data-testid={`warning-${w.id}`}>
            <Space wrap>
              <Tag color={w.state === 'open' ? (w.overdue ? 'red' : 'orange') : 'green'}>{t(`warnings.state.${w.state}` as 'warnings.state.open')}</Tag>
              <span>{w.villageName}</span>
              <span>{w.householdNo}</span>
              {w.overdue && <Tag color="red">{t('warnings.overdue')}</Tag>}
            </Space>
            <div style={{ margin: '8px 0', wordBreak: 'break-word' }}>{w.clue}</div>
            <div style={{ color: '#888' }}>{t('warnings.due', { due: w.dueOn })}</div>
            {w.state === 'open' && (
              <Space wrap style={{ marginTop: 8 }}>
                <Button type="primary" onClick={() => void act(w, 'open_case')} data-testid="warning-open-case">
                  {t('warnings.openCase')}
                </Button>
                <Button onClick={() => setActing({ w, action: 'dismiss' })}>{t('warnings.dismiss')}</Button>
                {w.kind === 'correction' && <Button danger onClick={() => setActing({ w, action: 'deceased' })}>{t('warnings.deceased')}</Button>}
              </Space>
            )}
          </Card>
        ))}
      </Space>
      {list.data && list.data.total > list.query.pageSize && (
        <Pagination style={{ marginTop: 12 }} current={list.query.page} pageSize={list.query.pageSize} total={list.data.total} onChange={list.setPage} />
      )}
      <Modal
        open={!!acting}
        title={acting ? t(acting.action === 'dismiss' ? 'warnings.dismiss' : 'warnings.deceased') : ''}
        onCancel={() => setActing(null)}
        onOk={() => acting && void act(acting.w, acting.action)}
      >
        {acting?.action === 'deceased' && <DateInput value={date} onChange={(v) => setDate(v ?? undefined)} placeholder={t('warnings.date')} />}
        <Input.TextArea style={{ marginTop: 8 }} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('warnings.reason')} maxLength={200} />
      </Modal>
    </div>
  );
}
