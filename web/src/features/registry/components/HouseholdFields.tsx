import { useEffect, useRef } from 'react';
import { Alert, Button, Checkbox, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Tooltip } from 'antd';
import { DateInput, todayInChina } from '../../../components/DateInput';
import { NumberOutlined } from '@ant-design/icons';
import { registryApi } from '../api';
import { AreaSelect } from '../../../components/AreaSelect';
import { useRT } from '../messages';
import { perCapita, type HouseholdFormValues } from '../householdValues';
import { FLAGS, INCOME, WATER } from '../types';

const NO_RULE = /^[0-9A-Za-z-]{1,30}$/;
const PHONE_RULE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
const half = { xs: 24, sm: 12 };

/**
 * The household's own fields, validated as typed: number, village (new households), phone, type → monitoring
 * category / exit year, flags, housing, water, income with the per-capita net income computed live.
 */
export function HouseholdFields({ creating, activeMembers, phoneMasked }: { creating: boolean; activeMembers: number; phoneMasked?: string | null }) {
  const { rt, options } = useRT();
  const form = Form.useFormInstance<HouseholdFormValues>();
  const category = Form.useWatch('category', form);
  const income = Form.useWatch((v: HouseholdFormValues) => [v.incomeWages, v.incomeBusiness, v.incomeProperty, v.incomeTransfer, v.expenseBusiness], form) ?? [];
  const [w, b, p, tr, e] = income;
  const pc = perCapita({ incomeWages: w, incomeBusiness: b, incomeProperty: p, incomeTransfer: tr, expenseBusiness: e }, activeMembers);
  const year = new Date().getFullYear();
  const villageCode = Form.useWatch('villageCode', form) as string | undefined;
  // A new household gets the village's next number (village code + serial) unless the clerk typed one: a number
  // suggested before is replaced when the village changes, a typed one is kept.
  const suggested = useRef<string | undefined>(undefined);
  const suggest = async (force: boolean) => {
    const code = form.getFieldValue('villageCode') as string | undefined;
    const current = form.getFieldValue('householdNo') as string | undefined;
    if (!code || !/^\d{12}$/.test(code) || (!force && current && current !== suggested.current)) return;
    try {
      const r = await registryApi.nextNumber(code, !force);
      const now = form.getFieldValue('householdNo') as string | undefined;
      if (!force && now && now !== current) return; // typed meanwhile
      suggested.current = r.householdNo;
      form.setFieldValue('householdNo', r.householdNo);
      void form.validateFields(['householdNo']);
    } catch {
      // a button press shows the error; a suggestion in passing stays quiet
    }
  };
  useEffect(() => {
    if (creating) void suggest(false);
  }, [creating, villageCode]);
  const req = { required: true, message: rt('hh.required') };
  const money = (name: (typeof INCOME)[number] | 'expenseBusiness') => (
    <Col {...half} key={name}>
      <Form.Item name={name} label={rt(`hh.${name}`)}>
        <InputNumber min={0} max={1e8} precision={2} step={100} inputMode="decimal" style={{ width: '100%' }} suffix="元" data-testid={`hh-form-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="householdNo" label={rt('col.householdNo')} rules={[req, { pattern: NO_RULE, message: rt('hh.householdNoRule') }]} normalize={(v: string) => v?.toUpperCase()}>
            <Input
              maxLength={30}
              autoComplete="off"
              data-testid="hh-form-householdNo"
              suffix={
                creating ? (
                  <Tooltip title={rt('hh.nextNo')}>
                    <Button type="text" size="small" icon={<NumberOutlined />} onClick={() => void suggest(true)} aria-label={rt('hh.nextNo')} data-testid="hh-form-householdNo-next" />
                  </Tooltip>
                ) : undefined
              }
            />
          </Form.Item>
        </Col>
        {creating && (
          <Col {...half}>
            <Form.Item name="villageCode" label={rt('col.village')} rules={[req]}>
              <AreaSelect testId="hh-form-village" allowClear={false} />
            </Form.Item>
          </Col>
        )}
        <Col {...half}>
          <Form.Item
            name="phone"
            label={rt('hh.phone')}
            rules={[{ pattern: PHONE_RULE, message: rt('hh.phoneRule') }]}
            extra={!creating && phoneMasked ? rt('hh.phoneKeep', { masked: phoneMasked }) : undefined}
          >
            <Input inputMode="tel" maxLength={20} placeholder={phoneMasked ?? undefined} data-testid="hh-form-phone" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="address" label={rt('hh.address')} rules={[{ max: 200 }]}>
            <Input maxLength={200} data-testid="hh-form-address" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="category" label={rt('col.category')} rules={[req]}>
            <Select options={options('category')} data-testid="hh-form-category" />
          </Form.Item>
        </Col>
        {category === 'monitored' && (
          <Col {...half}>
            <Form.Item name="monitoringType" label={rt('hh.monitoringType')} rules={[req]}>
              <Select options={options('monitoringType')} data-testid="hh-form-monitoringType" />
            </Form.Item>
          </Col>
        )}
        {(category === 'exited' || category === 'monitored') && (
          <Col {...half}>
            <Form.Item
              name="exitYear"
              label={rt('hh.exitYear')}
              rules={[...(category === 'exited' ? [req] : []), { type: 'number', min: 2013, max: year, message: rt('hh.exitYearRule') }]}
            >
              <InputNumber min={2013} max={year} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="hh-form-exitYear" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item label={rt('hh.flags')} style={{ marginBottom: 8 }}>
        {FLAGS.map((f) => (
          <Form.Item key={f} name={f} valuePropName="checked" noStyle>
            <Checkbox data-testid={`hh-form-${f}`}>{rt(`flag.${f}`)}</Checkbox>
          </Form.Item>
        ))}
      </Form.Item>
      <Divider titlePlacement="start" plain>
        {rt('hh.housing')} / {rt('hh.water')}
      </Divider>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="housingRating" label={rt('hh.housingRating')}>
            <Radio.Group optionType="button" options={['A', 'B', 'C', 'D'].map((r) => ({ value: r, label: r }))} data-testid="hh-form-housingRating" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="housingRatedOn" label={rt('hh.housingRatedOn')}>
            <DateInput max={todayInChina()} testId="hh-form-housingRatedOn" />
          </Form.Item>
        </Col>
        {WATER.map((k) => (
          <Col {...half} key={k}>
            <Form.Item name={k} label={rt(`hh.${k}`)}>
              <Radio.Group
                optionType="button"
                size="small"
                options={[
                  { value: 'y', label: rt('hh.ok') },
                  { value: 'n', label: rt('hh.notOk') },
                  { value: '', label: rt('hh.unknown') },
                ]}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Divider titlePlacement="start" plain>
        {rt('hh.income')}
      </Divider>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="incomeYear" label={rt('hh.incomeYear')}>
            <InputNumber min={2013} max={2100} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="hh-form-incomeYear" />
          </Form.Item>
        </Col>
        {INCOME.map(money)}
        {money('expenseBusiness')}
      </Row>
      <Alert
        type={pc != null && pc < 0 ? 'warning' : 'info'}
        showIcon
        data-testid="hh-form-percapita"
        title={
          <span>
            {rt('hh.perCapita')}：<b data-testid="hh-form-percapita-value">{pc == null ? '—' : pc.toFixed(2)}</b> 元
          </span>
        }
        description={rt('hh.perCapitaFormula', { n: activeMembers })}
      />
    </>
  );
}
