import { useEffect, useState } from 'react';
import { registryApi } from '../../registry/api';
import { App as AntApp, Alert, Col, Form, InputNumber, Modal, Row, Statistic } from 'antd';
import { computeIncome, type IncomeForm } from '../../../../../src/shared/income';
import { ApiError } from '../../../api/client';
import { DateInput } from '../../../components/DateInput';
import { monitoringApi } from '../api';
import { useMT } from '../messages';
import { chinaToday } from '../steps';

const FIELDS: (keyof IncomeForm)[] = ['wages', 'business', 'property', 'transfers', 'insurancePayouts', 'businessExpenses', 'selfPaidMedical', 'selfPaidSchooling', 'selfPaidOther'];

type Values = Partial<IncomeForm> & { recordedOn: string };

/**
 * 帮扶回访收支核算: a monitored household's income of the past 12 months from a follow-up visit, its per-capita net
 * income computed live against the line (the same function as the server). Risk elimination judges the latest form.
 */
export function FollowUpIncome({ householdId, line, onClose, onSaved }: { householdId: number; line: number; onClose: () => void; onSaved: () => void }) {
  const { mt, money } = useMT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) as Values | undefined;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The household's size from the registry (active members), as the form's default.
  useEffect(() => {
    registryApi
      .get(householdId)
      .then((h) => {
        if (form.getFieldValue('householdSize') == null) form.setFieldValue('householdSize', h.members.filter((m) => m.status === 'active').length || 1);
      })
      .catch(() => {});
  }, [householdId, form]);
  const income = (v: Values | undefined): IncomeForm => {
    const n = (k: keyof IncomeForm) => Number(v?.[k] ?? 0) || 0;
    return { ...(Object.fromEntries(FIELDS.map((k) => [k, n(k)])) as unknown as IncomeForm), householdSize: Math.max(1, Math.trunc(n('householdSize')) || 1) };
  };
  const figure = computeIncome(income(values)).perCapitaNet;
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await monitoringApi.recordIncome(householdId, { recordedOn: v.recordedOn, income: income(v) });
      void message.success(mt('followUp.saved'));
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={mt('followUp.title')} onCancel={onClose} onOk={() => void save()} confirmLoading={busy} okText={mt('followUp.save')} okButtonProps={{ 'data-testid': 'followup-submit' } as Record<`data-${string}`, string>} width={720}>
      <Form form={form} layout="vertical" initialValues={{ recordedOn: chinaToday() }} data-testid="followup-form">
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} data-testid="followup-error" />}
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="recordedOn" label={mt('visit.date')} rules={[{ required: true, message: mt('form.required') }]}>
              <DateInput max={chinaToday()} testId="followup-date" allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="householdSize" label={mt('visit.householdSize')}>
              <InputNumber min={1} max={99} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="followup-householdSize" />
            </Form.Item>
          </Col>
          {FIELDS.map((k) => (
            <Col xs={24} sm={12} md={8} key={k}>
              <Form.Item name={k} label={mt(`visit.${k}` as 'visit.wages')}>
                <InputNumber min={0} max={1e8} precision={2} step={100} inputMode="decimal" style={{ width: '100%' }} suffix="元" data-testid={`followup-${k}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Statistic title={mt('visit.perCapita')} value={money(figure)} suffix={figure < line ? mt('visit.below') : mt('visit.above')} data-testid="followup-percapita" />
      </Form>
    </Modal>
  );
}
