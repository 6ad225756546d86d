import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { api, type AuditEntry, type Page } from '../api';
import { useI18n } from '../i18n';
import { useIsMobile } from '../responsive';
import { formatTime } from '../format';

/** A dayjs value from the RangePicker; only what we use of it. */
interface DateLike {
  toISOString(): string;
}

interface Filters {
  username?: string;
  action?: string;
  outcome?: 'ok' | 'fail';
  range?: [DateLike | null, DateLike | null] | null;
}

interface Query {
  username?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number;
  broken?: { seq: number; reason: string };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function Json({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre className="fp-json" data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function Detail({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const d = entry.detail;
  if (d === null || d === undefined || (isRecord(d) && Object.keys(d).length === 0)) {
    return <Typography.Text type="secondary">{t('audit.noDetail')}</Typography.Text>;
  }
  if (isRecord(d) && ('before' in d || 'after' in d)) {
    const { before, after, ...rest } = d;
    return (
      <div data-testid={`audit-detail-${entry.seq}`}>
        <Row gutter={[12, 12]}>
          {before !== undefined && (
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('audit.before')}</Typography.Text>
              <Json value={before} testId="audit-detail-before" />
            </Col>
          )}
          {after !== undefined && (
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('audit.after')}</Typography.Text>
              <Json value={after} testId="audit-detail-after" />
            </Col>
          )}
        </Row>
        {Object.keys(rest).length > 0 && <Json value={rest} />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          SM3 {entry.hash}
        </Typography.Text>
      </div>
    );
  }
  return (
    <div data-testid={`audit-detail-${entry.seq}`}>
      <Json value={d} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        SM3 {entry.hash}
      </Typography.Text>
    </div>
  );
}

export default function AuditPage() {
  const { t, lang, actionLabel } = useI18n();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<Query>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<Page<AuditEntry> | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    api
      .get<Page<AuditEntry>>('/api/audit', { ...query, page, pageSize }, { signal: ctl.signal })
      .then(setData)
      .catch(() => {})
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [query, page, pageSize, tick]);

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.get<VerifyResult>('/api/audit/verify'));
    } catch {
      setVerify(null);
    } finally {
      setVerifying(false);
    }
  };

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
      width: 140,
      render: (_: unknown, e) => (e.targetType ? `${e.targetType}:${e.targetId ?? ''}` : '—'),
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

  return (
    <div data-testid="audit-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: 1 }}>
          {t('audit.title')}
        </Typography.Title>
        <Button icon={<SafetyCertificateOutlined />} onClick={() => void runVerify()} loading={verifying} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      </div>
      {verify && (
        <Alert
          style={{ marginBottom: 12 }}
          type={verify.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          data-testid="audit-verify-result"
          data-ok={verify.ok ? 'true' : 'false'}
          title={
            verify.ok
              ? t('audit.verifyOk', { checked: verify.checked, lastSeq: verify.lastSeq })
              : t('audit.verifyBroken', { seq: verify.broken?.seq ?? '?', reason: verify.broken?.reason ?? '' })
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<Filters>
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="fp-filters"
          data-testid="audit-filters"
          onFinish={(v) => {
            setPage(1);
            setQuery({
              username: v.username?.trim() || undefined,
              action: v.action?.trim() || undefined,
              outcome: v.outcome,
              from: v.range?.[0]?.toISOString(),
              to: v.range?.[1]?.toISOString(),
            });
          }}
        >
          <Form.Item name="username">
            <Input placeholder={t('audit.username')} allowClear maxLength={64} data-testid="audit-filter-username" />
          </Form.Item>
          <Form.Item name="action">
            <Input placeholder={t('audit.actionPlaceholder')} allowClear maxLength={64} data-testid="audit-filter-action" />
          </Form.Item>
          <Form.Item name="outcome">
            <Select
              placeholder={t('audit.outcome')}
              allowClear
              style={{ minWidth: 110 }}
              options={[
                { value: 'ok', label: t('audit.ok') },
                { value: 'fail', label: t('audit.fail') },
              ]}
              data-testid="audit-filter-outcome"
            />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="audit-filter-range" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-filter-submit">
                {t('common.search')}
              </Button>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => {
                  form.resetFields();
                  setPage(1);
                  setQuery({});
                  setTick((n) => n + 1);
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Table<AuditEntry>
        rowKey="seq"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 950 }}
        data-testid="audit-table"
        expandable={{ expandedRowRender: (e) => <Detail entry={e} /> }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
      />
    </div>
  );
}
