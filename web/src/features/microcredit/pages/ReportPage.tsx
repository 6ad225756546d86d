import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Form, InputNumber, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth';
import { microcreditApi, type Limits, type Report } from '../api';
import { useT } from '../messages';

type Row = Report['rows'][number];

/** The microcredit report by township (county) or village (township), .xlsx; the county's limits (its administrator edits). */
export default function ReportPage() {
  const t = useT();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [report, setReport] = useState<Report | null>(null);
  const [limits, setLimits] = useState<Limits | null>(null);
  const [form] = Form.useForm<{ maxAmount: number; maxTermMonths: number }>();
  useEffect(() => {
    microcreditApi.report().then(setReport, () => undefined);
    microcreditApi.limits().then((l) => {
      setLimits(l);
      form.setFieldsValue(l);
    }, () => undefined);
  }, [form]);
  const rows: Row[] = report ? [...report.rows, { areaCode: 'total', areaName: t('loans.total'), ...report.total }] : [];
  const saveLimits = async () => {
    const v = await form.validateFields();
    try {
      setLimits(await microcreditApi.setLimits(v));
      void message.success(t('loans.limitsSaved'));
    } catch {
      // shown by the API client
    }
  };
  return (
    <div data-testid="loans-report-page">
      <Typography.Title level={3} className="fp-page-title">
        {t('loans.report')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} onClick={() => void microcreditApi.exportReport().catch(() => undefined)} data-testid="loans-report-export">
          {t('loans.export')}
        </Button>
      </Space>
      <Table
        rowKey="areaCode"
        size="small"
        loading={!report}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        data-testid="loans-report-table"
        columns={[
          { title: t('loans.area'), dataIndex: 'areaName' },
          { title: t('loans.count'), dataIndex: 'loans', align: 'right' as const },
          { title: t('loans.open'), dataIndex: 'openLoans', align: 'right' as const },
          { title: t('loans.issued'), dataIndex: 'issued', align: 'right' as const },
          { title: t('loans.balance'), dataIndex: 'balance', align: 'right' as const },
          { title: t('loans.overdue'), dataIndex: 'overdue', align: 'right' as const },
          { title: t('loans.overdueAmount'), dataIndex: 'overdueAmount', align: 'right' as const },
          { title: t('loans.dueSoon'), dataIndex: 'dueSoon', align: 'right' as const },
        ]}
      />
      {limits && (
        <Card size="small" title={t('loans.limits')} style={{ marginTop: 16, maxWidth: 480 }}>
          <Form form={form} layout="vertical" disabled={!can('microcredit.settings')}>
            <Form.Item name="maxAmount" label={t('loans.maxAmount')} rules={[{ required: true }]}>
              <InputNumber min={1000} max={1000000} precision={2} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="maxTermMonths" label={t('loans.maxTerm')} rules={[{ required: true }]}>
              <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            {can('microcredit.settings') && (
              <Button type="primary" onClick={() => void saveLimits()}>
                {t('loans.save')}
              </Button>
            )}
          </Form>
        </Card>
      )}
    </div>
  );
}
