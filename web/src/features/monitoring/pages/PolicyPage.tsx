import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Badge, Button, Calendar, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth';
import { PageSpinner } from '../../../components/PageSpinner';
import { monitoringApi, type NewPolicy, type Policy } from '../api';
import { useMT } from '../messages';
import { chinaToday, stepsOf } from '../steps';

const STEPS = stepsOf('identification');

/** 监测政策: the policy in force for the user's area, its versions, the holiday calendar; a new version (county admin). */
export default function PolicyPage() {
  const { can } = useAuth();
  const { mt, money, codeName } = useMT();
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [versions, setVersions] = useState<Policy[]>([]);
  const [creating, setCreating] = useState(false);
  const load = useCallback(() => {
    monitoringApi.policyInForce().then(setPolicy, () => {});
    monitoringApi.policies().then(setVersions, () => {});
  }, []);
  useEffect(load, [load]);
  if (!policy) return <PageSpinner />;
  const scope = (p: Policy) => mt(`policy.scope.${p.areaLevel}` as 'policy.scope.0');
  const unit = mt(`policy.unit.${policy.timeUnit}`);
  const holidays = new Set(policy.holidays);
  const workdays = new Set(policy.workdays);
  // A year the calendar has no holidays for counts working days as weekdays only: say so before due dates go wrong.
  // From November the next year matters too (a 20-working-day limit started then ends in it; the State Council's
  // notice usually comes out in November).
  const today = chinaToday();
  const year = Number(today.slice(0, 4));
  const needed = today.slice(5, 7) >= '11' ? [year, year + 1] : [year];
  const missingYears = needed.filter((y) => !policy.holidays.some((d) => d.startsWith(`${y}-`)));

  return (
    <div data-testid="policy-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: 1 }}>
          {mt('policy.title')}
        </Typography.Title>
        {can('policy.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="policy-new">
            {mt('policy.new')}
          </Button>
        )}
      </div>
      <Card size="small" title={mt('policy.inForce')} style={{ marginBottom: 12 }} data-testid="policy-in-force">
        <Typography.Paragraph type="secondary" data-testid="policy-version">
          {mt('policy.version', { year: policy.year, version: policy.version, from: policy.effectiveFrom, scope: scope(policy) })}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          bordered
          items={[
            { key: 'line', label: mt('policy.line'), children: <span data-testid="policy-line">{money(policy.monitoringLine)}</span> },
            { key: 'notice', label: mt('policy.noticeDays'), children: <span data-testid="policy-notice-days">{policy.noticeDays}</span> },
            { key: 'limit', label: mt('policy.timeLimit'), children: `${policy.timeLimit} ${unit}` },
            { key: 'stable', label: mt('policy.stability'), children: policy.stabilityMonths },
            { key: 'steps', label: mt('policy.stepLimits'), span: 'filled', children: STEPS.map((s) => `${mt(`step.${s}`)} ${policy.stepLimits[s]}`).join(' · ') + ` (${unit})` },
            { key: 'cat', label: mt('policy.categories'), span: 'filled', children: policy.categories.map((c) => <Tag key={c.code}>{codeName(c)}</Tag>) },
            { key: 'risk', label: mt('policy.riskTypes'), span: 'filled', children: policy.riskTypes.map((c) => <Tag key={c.code}>{codeName(c)}</Tag>) },
          ]}
        />
      </Card>
      <Card size="small" title={mt('policy.holidays')} style={{ marginBottom: 12 }} data-testid="policy-calendar">
        {missingYears.length > 0 && (
          <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="policy-calendar-missing" message={mt('policy.calendarMissing', { years: missingYears.join('、') })} />
        )}
        <Space style={{ marginBottom: 8 }}>
          <Badge color="red" text={mt('policy.holiday')} />
          <Badge color="blue" text={mt('policy.workday')} />
        </Space>
        <Calendar
          fullscreen={false}
          style={{ maxWidth: 420 }}
          fullCellRender={(d, info) => {
            if (info.type !== 'date') return info.originNode;
            const day = d.format('YYYY-MM-DD');
            const bg = holidays.has(day) ? '#ffccc7' : workdays.has(day) ? '#bae0ff' : undefined;
            return (
              <div className="ant-picker-cell-inner" style={{ background: bg, borderRadius: 4 }} title={holidays.has(day) ? mt('policy.holiday') : workdays.has(day) ? mt('policy.workday') : undefined}>
                {d.date()}
              </div>
            );
          }}
        />
      </Card>
      <Card size="small" title={mt('policy.versions')}>
        <Table<Policy>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={versions}
          scroll={{ x: 600 }}
          data-testid="policy-versions"
          columns={[
            { title: mt('policy.year'), dataIndex: 'year' },
            { title: 'v', dataIndex: 'version' },
            { title: mt('policy.effectiveFrom'), dataIndex: 'effectiveFrom' },
            { title: '', key: 'scope', render: (_, p) => scope(p) },
            { title: mt('policy.line'), dataIndex: 'monitoringLine', render: (v: number) => money(v) },
            { title: mt('policy.noticeDays'), dataIndex: 'noticeDays' },
            { title: mt('policy.timeLimit'), key: 'limit', render: (_, p) => `${p.timeLimit} ${mt(`policy.unit.${p.timeUnit}`)}` },
          ]}
        />
      </Card>
      {creating && (
        <NewVersion
          base={policy}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            load();
          }}
        />
      )}
    </div>
  );
}

type Code = Policy['categories'][number];
interface Values {
  year: number;
  effectiveFrom: string;
  monitoringLine: number;
  noticeDays: number;
  timeLimit: number;
  timeUnit: 'calendar' | 'working';
  stepLimits: Policy['stepLimits'];
  stabilityMonths: number;
  categories: Code[];
  riskTypes: Code[];
  holidays: string;
  workdays: string;
}

const dates = (text: string) =>
  text
    .split(/[\s,，]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A new version of the county's (or province's) policy, starting from the one in force. */
function NewVersion({ base, onClose, onSaved }: { base: Policy; onClose: () => void; onSaved: () => void }) {
  const { mt } = useMT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = chinaToday();
  const save = async () => {
    const v = await form.validateFields();
    const holidays = dates(v.holidays ?? '');
    const workdays = dates(v.workdays ?? '');
    const bad = [...holidays, ...workdays].filter((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d));
    if (bad.length) {
      setError(mt('policy.badDates', { list: bad.slice(0, 5).join(', ') }));
      return;
    }
    const body: NewPolicy = {
      year: v.year,
      effectiveFrom: v.effectiveFrom,
      monitoringLine: v.monitoringLine,
      noticeDays: v.noticeDays,
      timeLimit: v.timeLimit,
      timeUnit: v.timeUnit,
      stepLimits: v.stepLimits,
      stabilityMonths: v.stabilityMonths,
      categories: v.categories,
      riskTypes: v.riskTypes,
      holidays: [...new Set(holidays)],
      workdays: [...new Set(workdays)],
    };
    setBusy(true);
    setError(null);
    try {
      const saved = await monitoringApi.createPolicy(body);
      void message.success(mt('policy.saved', { year: saved.year, version: saved.version }));
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const codeList = (name: 'categories' | 'riskTypes') => (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Row gutter={6} key={f.key} data-testid={`policy-${name}-row`}>
              <Col span={7}>
                <Form.Item name={[f.name, 'code']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: 'a-z 0-9 _' }]}>
                  <Input placeholder={mt('policy.code')} />
                </Form.Item>
              </Col>
              <Col span={7}>
                <Form.Item name={[f.name, 'zh']} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
                  <Input placeholder={mt('policy.zh')} maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={[f.name, 'en']} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
                  <Input placeholder={mt('policy.en')} maxLength={80} />
                </Form.Item>
              </Col>
              <Col span={2}>
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
              </Col>
            </Row>
          ))}
          <Button icon={<PlusOutlined />} size="small" onClick={() => add({ code: '', zh: '', en: '' })} style={{ marginBottom: 12 }}>
            {mt('policy.addCode')}
          </Button>
        </>
      )}
    </Form.List>
  );
  const num = (name: string | (string | number)[], label: string, min: number, max: number, testId?: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: mt('form.required') }]}>
      <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} data-testid={testId} />
    </Form.Item>
  );
  return (
    <Modal open width={760} title={mt('policy.new')} onCancel={onClose} onOk={() => void save()} okButtonProps={{ loading: busy, 'data-testid': 'policy-save' }} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="policy-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          year: Number(today.slice(0, 4)),
          effectiveFrom: today,
          monitoringLine: base.monitoringLine,
          noticeDays: base.noticeDays,
          timeLimit: base.timeLimit,
          timeUnit: base.timeUnit,
          stepLimits: base.stepLimits,
          stabilityMonths: base.stabilityMonths,
          categories: base.categories,
          riskTypes: base.riskTypes,
          holidays: base.holidays.join('\n'),
          workdays: base.workdays.join('\n'),
        }}
      >
        <Row gutter={12}>
          <Col xs={12} sm={6}>
            {num('year', mt('policy.year'), 2021, 2100, 'policy-year')}
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="effectiveFrom" label={mt('policy.effectiveFrom')} rules={[{ required: true, message: mt('form.required') }]}>
              <Input type="date" data-testid="policy-effective" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="monitoringLine" label={mt('policy.line')} rules={[{ required: true, message: mt('form.required') }]}>
              <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} suffix="元" data-testid="policy-form-line" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            {num('noticeDays', mt('policy.noticeDays'), 1, 60, 'policy-form-notice')}
          </Col>
          <Col xs={12} sm={6}>
            {num('timeLimit', mt('policy.timeLimit'), 1, 365, 'policy-form-limit')}
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="timeUnit" label={mt('policy.unit')}>
              <Select
                options={[
                  { value: 'calendar', label: mt('policy.unit.calendar') },
                  { value: 'working', label: mt('policy.unit.working') },
                ]}
                data-testid="policy-form-unit"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            {num('stabilityMonths', mt('policy.stability'), 0, 60, 'policy-form-stability')}
          </Col>
        </Row>
        <div style={{ marginBottom: 8 }}>{mt('policy.stepLimits')}</div>
        <Row gutter={12}>
          {STEPS.map((s) => (
            <Col xs={12} sm={8} key={s}>
              {num(['stepLimits', s], mt(`step.${s}`), 1, 365)}
            </Col>
          ))}
        </Row>
        <div style={{ marginBottom: 8 }}>{mt('policy.categories')}</div>
        {codeList('categories')}
        <div style={{ marginBottom: 8 }}>{mt('policy.riskTypes')}</div>
        {codeList('riskTypes')}
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="holidays" label={mt('policy.holidayList')}>
              <Input.TextArea rows={5} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="workdays" label={mt('policy.workdayList')}>
              <Input.TextArea rows={5} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
