import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Col, Divider, Form, Input, InputNumber, Row, Select, Statistic } from 'antd';
import { computeIncome, type IncomeForm } from '../../../../../src/shared/income';
import { AttachmentUpload } from '../../../components/AttachmentUpload';
import { registryApi } from '../../registry/api';
import { useMT } from '../messages';
import type { Case, Policy, StepBody } from '../api';
import { chinaToday } from '../steps';

type Visit = NonNullable<StepBody['visit']>;
const INCOME: (keyof IncomeForm)[] = ['wages', 'business', 'property', 'transfers', 'insurancePayouts'];
const SPENDING: (keyof IncomeForm)[] = ['businessExpenses', 'selfPaidMedical', 'selfPaidSchooling', 'selfPaidOther'];
const PROBLEMS = ['food', 'education', 'medical', 'housing', 'water'] as const;

interface Values extends Partial<IncomeForm> {
  visitedOn: string;
  householdId?: number;
  problems: string[];
  riskTypes: string[];
  rigidSpendingUnresolved: boolean;
  note?: string;
  authorisation?: string[];
  photos?: string[];
}

/**
 * 入户核实: the income form (per-capita net income computed live by the server's own function and shown against the
 * policy's line), 两不愁三保障 + water as yes/no problems, up to five risk types from the policy's code table.
 */
export function VisitForm({ c, policy, busy, onSubmit }: { c: Case; policy: Policy; busy: boolean; onSubmit: (visit: Visit) => void }) {
  const { mt, money, codeName } = useMT();
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) as Values | undefined;
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);

  // The household's size from the registry (active members), as the default of the form.
  useEffect(() => {
    if (!c.householdId) return;
    registryApi
      .get(c.householdId)
      .then((h) => {
        if (form.getFieldValue('householdSize') == null) form.setFieldValue('householdSize', h.members.filter((m) => m.status === 'active').length || 1);
      })
      .catch(() => {});
  }, [c.householdId, form]);

  const findHousehold = (q: string) => {
    if (!q.trim()) return;
    registryApi
      .list({ q, villageCode: c.villageCode, page: 1, pageSize: 20 }, new AbortController().signal)
      .then((r) => setOptions(r.items.map((h) => ({ value: h.id, label: `${h.headName ?? '—'} · ${h.householdNo}` }))))
      .catch(() => {});
  };

  const income = (v: Values | undefined): IncomeForm => {
    const n = (k: keyof IncomeForm) => Number(v?.[k] ?? 0) || 0;
    return {
      wages: n('wages'), business: n('business'), property: n('property'), transfers: n('transfers'), insurancePayouts: n('insurancePayouts'),
      businessExpenses: n('businessExpenses'), selfPaidMedical: n('selfPaidMedical'), selfPaidSchooling: n('selfPaidSchooling'), selfPaidOther: n('selfPaidOther'),
      householdSize: Math.max(1, Math.trunc(n('householdSize')) || 1),
    };
  };
  const f = income(values);
  const figures = computeIncome(f);
  const below = figures.perCapitaNet < policy.monitoringLine;
  const chosen = values?.riskTypes ?? [];

  const submit = (v: Values) =>
    onSubmit({
      visitedOn: v.visitedOn,
      ...(c.householdId ? {} : { householdId: v.householdId }),
      income: income(v),
      problems: Object.fromEntries(PROBLEMS.map((p) => [p, v.problems.includes(p)])) as Visit['problems'],
      riskTypes: v.riskTypes,
      rigidSpendingUnresolved: v.rigidSpendingUnresolved,
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      authorisation: v.authorisation ?? [],
      photos: v.photos ?? [],
    });

  const money$ = (name: keyof IncomeForm) => (
    <Col xs={24} sm={12} md={8} key={name}>
      <Form.Item name={name} label={mt(`visit.${name}` as 'visit.wages')}>
        <InputNumber min={0} max={1e8} precision={2} step={100} inputMode="decimal" style={{ width: '100%' }} suffix="元" data-testid={`visit-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ visitedOn: chinaToday(), problems: [], riskTypes: [], rigidSpendingUnresolved: false }}
      data-testid="visit-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={12} md={8}>
          <Form.Item name="visitedOn" label={mt('visit.date')} rules={[{ required: true, message: mt('form.required') }]}>
            <Input type="date" max={chinaToday()} data-testid="visit-date" />
          </Form.Item>
        </Col>
        {!c.householdId && (
          <Col xs={24} sm={12} md={16}>
            <Form.Item name="householdId" label={mt('visit.household')} rules={[{ required: true, message: mt('form.required') }]}>
              <Select showSearch={{ filterOption: false, onSearch: findHousehold }} options={options} placeholder={mt('visit.householdSearch')} data-testid="visit-household" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Divider titlePlacement="start" plain>
        {mt('visit.income')}
      </Divider>
      <Row gutter={12}>{INCOME.map(money$)}</Row>
      <Row gutter={12}>{SPENDING.map(money$)}</Row>
      <Row gutter={12} align="bottom">
        <Col xs={24} sm={12} md={8}>
          <Form.Item name="householdSize" label={mt('visit.householdSize')} rules={[{ required: true, message: mt('form.required') }]}>
            <InputNumber min={1} max={99} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="visit-householdSize" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={16}>
          <Alert
            type={below ? 'error' : 'success'}
            style={{ marginBottom: 24 }}
            data-testid="visit-percapita"
            title={
              <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'center' }}>
                <Statistic title={mt('visit.perCapita')} value={figures.perCapitaNet} precision={2} suffix="元" styles={{ content: { color: below ? '#cf1322' : '#389e0d' } }} />
                <span data-testid="visit-percapita-value" hidden>
                  {figures.perCapitaNet.toFixed(2)}
                </span>
                <div>
                  <div data-testid="visit-line-verdict">{below ? mt('visit.below') : mt('visit.above')}</div>
                  <div style={{ fontSize: 12, color: '#666' }}>{mt('visit.line', { line: money(policy.monitoringLine) })}</div>
                  <div style={{ fontSize: 12, color: '#666' }}>
                    {mt('visit.formula', { gross: money(figures.grossIncome), spending: money(figures.compliantSpending), n: f.householdSize })}
                  </div>
                </div>
              </div>
            }
          />
        </Col>
      </Row>
      <Form.Item name="problems" label={mt('visit.problems')}>
        <Checkbox.Group
          style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          options={PROBLEMS.map((p) => ({ value: p, label: <span data-testid={`visit-problem-${p}`}>{mt(`problem.${p}`)}</span> }))}
        />
      </Form.Item>
      <Form.Item
        name="riskTypes"
        label={mt('visit.riskTypes')}
        rules={[
          { validator: (_, v: string[]) => (v?.length > 5 ? Promise.reject(new Error(mt('visit.riskMax'))) : Promise.resolve()) },
          ...(c.kind === 'identification'
            ? [{ validator: (_: unknown, v: string[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(mt('visit.riskMin')))) }]
            : []),
        ]}
      >
        <Checkbox.Group
          options={policy.riskTypes.map((r) => ({
            value: r.code,
            label: <span data-testid={`visit-risk-${r.code}`}>{codeName(r)}</span>,
            disabled: chosen.length >= 5 && !chosen.includes(r.code),
          }))}
        />
      </Form.Item>
      <Form.Item name="rigidSpendingUnresolved" valuePropName="checked">
        <Checkbox data-testid="visit-rigid">{mt('visit.rigid')}</Checkbox>
      </Form.Item>
      <Form.Item
        name="authorisation"
        label={c.kind === 'identification' ? mt('visit.authorisation') : mt('visit.authorisationOptional')}
        rules={c.kind === 'identification' ? [{ validator: (_, v?: string[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(mt('visit.authorisationRequired')))) }] : []}
      >
        <AttachmentUpload purpose="monitoring.authorisation" areaCode={c.villageCode} max={5} testId="visit-authorisation" />
      </Form.Item>
      <Form.Item name="photos" label={mt('visit.photos')}>
        <AttachmentUpload purpose="monitoring.photo" areaCode={c.villageCode} images max={9} testId="visit-photos" />
      </Form.Item>
      <Form.Item name="note" label={mt('form.note')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="visit-note" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="act-recordVisit">
        {mt('tr.recordVisit')}
      </Button>
    </Form>
  );
}
