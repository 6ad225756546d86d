import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App as AntApp, AutoComplete, Button, Form, Input, InputNumber, Modal, Select, Switch, Table, Typography } from 'antd';
import { PlusOutlined, BarChartOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useAuth } from '../../../auth';
import { AreaSelect } from '../../../components/AreaSelect';
import { DateInput } from '../../../components/DateInput';
import { FilterActions } from '../../../components/FilterActions';
import { oneOf, useListQuery } from '../../../hooks/useListQuery';
import { BANKS, LOAN_FILTER_STATUSES, microcreditApi, type Borrower, type Loan, type NewLoan, type Report } from '../api';
import { LoanStatusTag } from '../components/LoanStatusTag';
import { useT } from '../messages';

const FILTERS = ['areaCode', 'status', 'q'] as const;

/** 小额信贷: the loans of the caller's area, soonest due first; county and township staff record new ones. */
export default function LoansPage() {
  const t = useT();
  const { can } = useAuth();
  const [form] = Form.useForm();
  const [creating, setCreating] = useState(false);
  const list = useListQuery({
    filters: FILTERS,
    load: ({ filters: f, page, pageSize }, signal) =>
      microcreditApi.list({ areaCode: f.areaCode, status: oneOf(LOAN_FILTER_STATUSES, f.status), q: f.q, page, pageSize }, signal),
  });
  // The warnings: overdue loans and loans due within 30 days in the area, each a link to the filtered list.
  const [totals, setTotals] = useState<Report['total'] | null>(null);
  useEffect(() => {
    microcreditApi.report().then((r) => setTotals(r.total), () => undefined);
  }, [list.data]);
  const columns = [
    { title: t('loans.borrower'), key: 'b', render: (_: unknown, l: Loan) => <Link to={`/microcredit/loans/${l.id}`} data-testid={`loan-link-${l.id}`}>{l.borrowerName}</Link> },
    { title: t('loans.village'), key: 'v', render: (_: unknown, l: Loan) => `${l.townshipName ?? ''} ${l.villageName ?? ''}` },
    { title: t('loans.bank'), dataIndex: 'bank' },
    { title: t('loans.amount'), dataIndex: 'amount', align: 'right' as const },
    { title: t('loans.balance'), dataIndex: 'balance', align: 'right' as const },
    { title: t('loans.dueOn'), dataIndex: 'dueOn' },
    { title: t('loans.status'), key: 's', render: (_: unknown, l: Loan) => <LoanStatusTag status={l.status} /> },
  ];
  return (
    <div data-testid="loans-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: 1 }}>
          {t('loans.title')}
        </Typography.Title>
        {/* The report is a page of this feature, reached from here (one menu entry per feature). */}
        <Link to="/microcredit/report">
          <Button icon={<BarChartOutlined />} data-testid="loans-report">
            {t('menu.loansReport')}
          </Button>
        </Link>
        {can('microcredit.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="loan-create">
            {t('loans.create')}
          </Button>
        )}
      </div>
      {totals && (totals.overdue > 0 || totals.dueSoon > 0) && (
        <Alert
          type={totals.overdue > 0 ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="loans-warning"
          message={
            <span>
              <a onClick={() => { form.setFieldsValue({ status: 'overdue' }); list.setFilters({ ...list.query.filters, status: 'overdue' }); }}>
                {t('loans.warnOverdue', { n: totals.overdue, amount: totals.overdueAmount })}
              </a>
              {' · '}
              <a onClick={() => { form.setFieldsValue({ status: 'due_soon' }); list.setFilters({ ...list.query.filters, status: 'due_soon' }); }}>
                {t('loans.warnDueSoon', { n: totals.dueSoon })}
              </a>
            </span>
          }
        />
      )}
      <Form layout="inline" form={form} initialValues={list.query.filters} onFinish={(v) => list.setFilters(v)} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="areaCode" label={t('loans.area')}>
          <AreaSelect style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="status" label={t('loans.status')}>
          <Select allowClear style={{ width: 220 }} options={LOAN_FILTER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} data-testid="loans-filter-status" />
        </Form.Item>
        <Form.Item name="q">
          <Input placeholder={t('loans.q')} allowClear style={{ width: 180 }} />
        </Form.Item>
        <FilterActions onReset={list.reset} testIdPrefix="loans-filter" />
      </Form>
      <Table
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={{ current: list.query.page, pageSize: list.query.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => list.setPage(p, s), size: 'small' }}
        data-testid="loans-table"
      />
      <CreateLoanModal open={creating} onClose={() => setCreating(false)} onCreated={() => { setCreating(false); list.reload(); }} />
    </div>
  );
}

type LoanForm = Omit<NewLoan, 'householdId'> & { villageCode: string };

function CreateLoanModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<LoanForm>();
  const [saving, setSaving] = useState(false);
  const [borrowers, setBorrowers] = useState<Borrower[]>([]);
  const village = Form.useWatch('villageCode', form);
  const subsidized = Form.useWatch('subsidized', form);
  const search = useCallback((q: string) => {
    if (village && /^\d{12}$/.test(village)) microcreditApi.borrowers(village, q).then(setBorrowers, () => undefined);
  }, [village]);
  const save = async () => {
    const v = await form.validateFields();
    const b = borrowers.find((x) => x.memberId === v.memberId);
    if (!b) return;
    setSaving(true);
    try {
      const { villageCode: _v, ...rest } = v;
      await microcreditApi.create({ ...rest, householdId: b.householdId, subsidyRate: v.subsidized ? v.subsidyRate : undefined });
      void message.success(t('loans.created'));
      form.resetFields();
      onCreated();
    } catch {
      // shown by the API client
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('loans.create')} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'loan-save' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ termMonths: 36, rate: 4.35, subsidized: true, subsidyRate: 4.35, issuedOn: dayjs().format('YYYY-MM-DD') }}>
        <Form.Item name="villageCode" label={t('loans.village')} rules={[{ required: true }, { pattern: /^\d{12}$/ }]}>
          <AreaSelect />
        </Form.Item>
        <Form.Item name="memberId" label={t('loans.borrower')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={search}
            onFocus={() => search('')}
            placeholder={t('loans.borrowerSearch')}
            disabled={!village}
            options={borrowers.map((b) => ({ value: b.memberId, disabled: !!b.refusal, label: `${b.name} ${b.idMasked} ${b.householdNo}${b.refusal ? ` — ${t('loans.refusal')}` : ''}` }))}
          />
        </Form.Item>
        <Form.Item name="bank" label={t('loans.bank')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <AutoComplete options={BANKS.map((b) => ({ value: b }))} />
        </Form.Item>
        <Form.Item name="amount" label={t('loans.amount')} rules={[{ required: true }]}>
          <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="termMonths" label={t('loans.term')} rules={[{ required: true }]}>
          <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="rate" label={t('loans.rate')} rules={[{ required: true }]}>
          <InputNumber min={0} max={24} precision={3} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="subsidized" label={t('loans.subsidized')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {subsidized && (
          <Form.Item name="subsidyRate" label={t('loans.subsidyRate')} rules={[{ required: true }]}>
            <InputNumber min={0} max={24} precision={3} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="purpose" label={t('loans.purpose')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="issuedOn" label={t('loans.issuedOn')} rules={[{ required: true }]}>
          <DateInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}
