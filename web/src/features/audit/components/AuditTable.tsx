import { Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useT } from '../messages';
import { useIsMobile } from '../../../responsive';
import { useAuditActions } from '../useAuditActions';
import { AuditTarget } from './AuditTarget';
import { AuditCards } from './AuditCards';
import type { AuditEntry, AuditPage } from '../api';
import { AuditDetail } from './AuditDetail';

interface Props {
  data: AuditPage | null;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
}

/** The entries, newest first; a row expands to its detail. On a phone: cards (AuditCards). */
export function AuditTable({ data, loading, page, pageSize, onPage }: Props) {
  const t = useT();
  const { lang } = useI18n();
  const isMobile = useIsMobile();
  // An action's label from the server's catalogue (the code stays beside it), else the code itself.
  const { label: actionLabel } = useAuditActions();

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { title: t('audit.time'), dataIndex: 'ts', width: 170, render: (v: string) => formatTime(v, lang) },
    { title: t('audit.username'), dataIndex: 'username', width: 120, render: (v: string | null) => <span data-testid="audit-cell-username">{v ?? '—'}</span> },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 200,
      render: (a: string) => (
        <span data-testid="audit-cell-action" data-action={a}>
          {actionLabel(a)}
          {actionLabel(a) !== a && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
              {a}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('audit.target'),
      key: 'target',
      width: 240,
      render: (_: unknown, e) => <AuditTarget entry={e} />,
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 90,
      render: (o: string) => (
        <Tag color={o === 'ok' ? 'green' : 'red'} data-testid="audit-cell-outcome" data-outcome={o}>
          {o === 'ok' ? t('audit.ok') : t('audit.fail')}
        </Tag>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? '—' },
  ];

  if (isMobile) return <AuditCards data={data} loading={loading} page={page} pageSize={pageSize} onPage={onPage} />;

  return (
    <Table<AuditEntry>
      rowKey="seq"
      size="middle"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      scroll={{ x: 1100 }}
      data-testid="audit-table"
      expandable={{ expandedRowRender: (e) => <AuditDetail entry={e} /> }}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100, 200],
        showTotal: (n) => t('common.total', { n }),
        onChange: onPage,
      }}
    />
  );
}
