import { useState } from 'react';
import { Button, Card, Empty, Pagination, Spin, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useT } from '../messages';
import { useAuditActions } from '../useAuditActions';
import type { AuditEntry, AuditPage } from '../api';
import { AuditDetail } from './AuditDetail';
import { AuditTarget } from './AuditTarget';

/** The log on a phone: one card per entry (action in words, who, when, object, outcome), its detail unfolded on tap. */
export function AuditCards({ data, loading, page, pageSize, onPage }: { data: AuditPage | null; loading: boolean; page: number; pageSize: number; onPage: (page: number, pageSize: number) => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { label } = useAuditActions();
  const [open, setOpen] = useState<number | null>(null);
  const items: AuditEntry[] = data?.items ?? [];
  return (
    <Spin spinning={loading}>
      <div data-testid="audit-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {!items.length && !loading && <Empty />}
        {items.map((e) => (
          <Card key={e.seq} size="small" data-testid="audit-card" styles={{ body: { padding: 12 } }}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong data-testid="audit-cell-action" data-action={e.action}>
                {label(e.action)}
              </Typography.Text>
              <Tag color={e.outcome === 'ok' ? 'green' : 'red'} data-testid="audit-cell-outcome" data-outcome={e.outcome} style={{ marginInlineEnd: 0 }}>
                {e.outcome === 'ok' ? t('audit.ok') : t('audit.fail')}
              </Tag>
            </div>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              #{e.seq} · {formatTime(e.ts, lang)} · <span data-testid="audit-cell-username">{e.username ?? '—'}</span>
              {e.ip ? ` · ${e.ip}` : ''}
            </Typography.Text>
            <div style={{ marginTop: 4, wordBreak: 'break-all' }}>
              <AuditTarget entry={e} />
            </div>
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(open === e.seq ? null : e.seq)} data-testid="audit-card-detail">
              {t('audit.detail')}
            </Button>
            {open === e.seq && <AuditDetail entry={e} />}
          </Card>
        ))}
        <Pagination
          simple
          current={page}
          pageSize={pageSize}
          total={data?.total ?? 0}
          onChange={onPage}
          showTotal={(n) => t('common.total', { n })}
          style={{ alignSelf: 'center' }}
        />
      </div>
    </Spin>
  );
}
