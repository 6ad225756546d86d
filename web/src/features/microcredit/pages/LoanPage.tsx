import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useAuth } from '../../../auth';
import { DateInput } from '../../../components/DateInput';
import { PageSpinner } from '../../../components/PageSpinner';
import { microcreditApi, type LoanDetail } from '../api';
import { LoanStatusTag } from '../components/LoanStatusTag';
import { useT } from '../messages';

/** A loan: its terms, balance and state, repayments (record one) and its one extension. */
export default function LoanPage() {
  const t = useT();
  const id = Number(useParams().id);
  const { can } = useAuth();
  const manage = can('microcredit.manage');
  const { message } = AntApp.useApp();
  const [loan, setLoan] = useState<LoanDetail | null>(null);
  const [dialog, setDialog] = useState<'repay' | 'extend' | null>(null);
  const [repayForm] = Form.useForm<{ paidOn: string; principal: number; interest: number }>();
  const [extendForm] = Form.useForm<{ newDueOn: string; reason: string }>();
  const load = useCallback(() => {
    microcreditApi.get(id).then(setLoan, () => undefined);
  }, [id]);
  useEffect(load, [load]);
  if (!loan) return <PageSpinner />;
  const open = loan.balance > 0;
  const repay = async () => {
    const v = await repayForm.validateFields();
    try {
      setLoan(await microcreditApi.repay(id, { paidOn: v.paidOn, principal: v.principal ?? 0, interest: v.interest ?? 0 }));
      void message.success(t('loans.repaySaved'));
      repayForm.resetFields();
      setDialog(null);
    } catch {
      // shown by the API client
    }
  };
  const extend = async () => {
    const v = await extendForm.validateFields();
    try {
      setLoan(await microcreditApi.extend(id, v));
      setDialog(null);
    } catch {
      // shown by the API client
    }
  };
  return (
    <div data-testid="loan-page">
      <Link to="/microcredit">{t('loans.back')}</Link>
      <Typography.Title level={3} className="fp-page-title">
        {loan.borrowerName} <LoanStatusTag status={loan.status} />
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('loans.village')}>{`${loan.townshipName ?? ''} ${loan.villageName ?? ''}`}</Descriptions.Item>
        <Descriptions.Item label={t('loans.household')}>{loan.householdNo}</Descriptions.Item>
        <Descriptions.Item label={t('loans.bank')}>{loan.bank}</Descriptions.Item>
        <Descriptions.Item label={t('loans.amount')}>{loan.amount}</Descriptions.Item>
        <Descriptions.Item label={t('loans.balance')}>
          <span data-testid="loan-balance">{loan.balance}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('loans.term')}>{loan.termMonths}</Descriptions.Item>
        <Descriptions.Item label={t('loans.rate')}>{loan.rate}</Descriptions.Item>
        <Descriptions.Item label={t('loans.subsidized')}>{loan.subsidized ? `${t('loans.yes')} ${loan.subsidyRate ?? ''}%` : t('loans.no')}</Descriptions.Item>
        <Descriptions.Item label={t('loans.purpose')}>{loan.purpose}</Descriptions.Item>
        <Descriptions.Item label={t('loans.issuedOn')}>{loan.issuedOn}</Descriptions.Item>
        <Descriptions.Item label={t('loans.dueOn')}>
          <span data-testid="loan-due">{loan.dueOn}</span>
        </Descriptions.Item>
        {loan.extended && <Descriptions.Item label={t('loans.originalDueOn')}>{loan.originalDueOn}</Descriptions.Item>}
        <Descriptions.Item label={t('loans.interestPaid')}>{loan.interestPaid}</Descriptions.Item>
      </Descriptions>
      {loan.extension && (
        <Typography.Paragraph type="secondary" data-testid="loan-extension">
          {t('loans.extensionInfo', { on: loan.extension.on, old: loan.extension.oldDueOn, new: loan.extension.newDueOn, reason: loan.extension.reason })}
        </Typography.Paragraph>
      )}
      <Card
        size="small"
        title={t('loans.repayments')}
        extra={
          manage && open && (
            <Space wrap>
              <Button type="primary" onClick={() => setDialog('repay')} data-testid="loan-repay">{t('loans.repay')}</Button>
              {!loan.extension && <Button onClick={() => setDialog('extend')} data-testid="loan-extend">{t('loans.extend')}</Button>}
            </Space>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={loan.repayments}
          data-testid="repayments-table"
          columns={[
            { title: t('loans.paidOn'), dataIndex: 'paidOn' },
            { title: t('loans.principal'), dataIndex: 'principal', align: 'right' as const },
            { title: t('loans.interest'), dataIndex: 'interest', align: 'right' as const },
          ]}
        />
      </Card>
      <Modal open={dialog === 'repay'} title={t('loans.repay')} onCancel={() => setDialog(null)} onOk={() => void repay()} destroyOnHidden>
        <Form form={repayForm} layout="vertical" initialValues={{ paidOn: dayjs().format('YYYY-MM-DD'), interest: 0 }}>
          <Form.Item name="paidOn" label={t('loans.paidOn')} rules={[{ required: true }]}>
            <DateInput min={loan.issuedOn} />
          </Form.Item>
          <Form.Item name="principal" label={t('loans.principal')} rules={[{ required: true }]}>
            <InputNumber min={0} max={loan.balance} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="interest" label={t('loans.interest')}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={dialog === 'extend'} title={t('loans.extend')} onCancel={() => setDialog(null)} onOk={() => void extend()} destroyOnHidden>
        <Form form={extendForm} layout="vertical">
          <Form.Item name="newDueOn" label={t('loans.newDueOn')} rules={[{ required: true }]}>
            <DateInput min={loan.dueOn} />
          </Form.Item>
          <Form.Item name="reason" label={t('loans.extendReason')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
