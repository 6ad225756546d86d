import { useState } from 'react';
import { Alert, Button, Col, Form, Input, InputNumber, Radio, Row, Select, Space, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { AttachmentUpload } from '../../../components/AttachmentUpload';
import { useMT } from '../messages';
import type { Case, Policy, StepBody, StepTransition } from '../api';
import { allowed, chinaToday, daysInclusive } from '../steps';

/** What a step's form hands the page: the transition and its part of the body (the page adds the version). */
export type Submit = (transition: StepTransition, body: Omit<StepBody, 'version'>) => void;

interface FormProps {
  c: Case;
  policy: Policy;
  busy: boolean;
  onSubmit: Submit;
}

const dateRule = (mt: ReturnType<typeof useMT>['mt']) => [{ required: true, message: mt('form.required') }];

/** 信息比对 (county): what the department data says (none until screening lands) and the reviewer's finding. */
export function ComparisonForm({ c, busy, onSubmit }: FormProps) {
  const { mt } = useMT();
  const [form] = Form.useForm<{ finding: string; reason?: string }>();
  return (
    <Form form={form} layout="vertical" data-testid="comparison-form">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={mt('comparison.data')} description={mt('comparison.noData')} />
      <Form.Item name="finding" label={mt('comparison.finding')} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
        <Input.TextArea rows={3} maxLength={4000} data-testid="comparison-finding" />
      </Form.Item>
      <StepActions
        c={c}
        form={form}
        busy={busy}
        onSubmit={onSubmit}
        forward={{ transition: 'recordComparison', onClick: () => void form.validateFields(['finding']).then((v) => onSubmit('recordComparison', { comparison: { finding: v.finding.trim() } })) }}
        returns={[{ transition: 'returnToVisit', danger: false }]}
      />
    </Form>
  );
}

/** 民主评议: date, participants, result (and votes). */
export function AppraisalForm({ c, busy, onSubmit }: FormProps) {
  const { mt } = useMT();
  type V = { heldOn: string; participants: number; result: 'agreed' | 'not_agreed'; votesFor?: number; votesAgainst?: number; note?: string; minutes?: string[] };
  return (
    <Form<V>
      layout="vertical"
      initialValues={{ heldOn: chinaToday(), result: 'agreed' }}
      onFinish={(v) =>
        onSubmit('recordAppraisal', {
          appraisal: {
            heldOn: v.heldOn,
            participants: v.participants,
            result: v.result,
            ...(v.votesFor != null ? { votesFor: v.votesFor } : {}),
            ...(v.votesAgainst != null ? { votesAgainst: v.votesAgainst } : {}),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            minutes: v.minutes ?? [],
          },
        })
      }
      data-testid="appraisal-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="heldOn" label={mt('appraisal.date')} rules={dateRule(mt)}>
            <Input type="date" max={chinaToday()} data-testid="appraisal-date" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="participants" label={mt('appraisal.participants')} rules={[{ required: true, message: mt('form.required') }]}>
            <InputNumber min={1} max={10000} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="appraisal-participants" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="result" label={mt('appraisal.result')}>
            <Radio.Group
              options={[
                { value: 'agreed', label: mt('appraisal.agreed') },
                { value: 'not_agreed', label: mt('appraisal.not_agreed') },
              ]}
              data-testid="appraisal-result"
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="votesFor" label={mt('appraisal.votesFor')}>
            <InputNumber min={0} max={10000} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="appraisal-for" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="votesAgainst" label={mt('appraisal.votesAgainst')}>
            <InputNumber min={0} max={10000} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="appraisal-against" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="minutes"
        label={mt('appraisal.minutes')}
        rules={[{ validator: (_, v?: string[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(mt('appraisal.minutesRequired')))) }]}
      >
        <AttachmentUpload purpose="monitoring.minutes" areaCode={c.villageCode} max={5} testId="appraisal-minutes" />
      </Form.Item>
      <Form.Item name="note" label={mt('form.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="act-recordAppraisal">
        {mt('tr.recordAppraisal')}
      </Button>
    </Form>
  );
}

/** 村内公示: start and end (at least the policy's days, over before it is submitted), objections and answers. */
export function NoticeForm({ c, policy, busy, onSubmit }: FormProps) {
  const { mt } = useMT();
  type V = { startOn: string; endOn: string; objections: { text: string; answer: string }[] };
  const [form] = Form.useForm<V>();
  const start = Form.useWatch('startOn', form);
  const end = Form.useWatch('endOn', form);
  const days = start && end ? daysInclusive(start, end) : null;
  const earlier = (c.steps?.notice ?? null) as Partial<V> | null;
  return (
    <Form<V>
      form={form}
      layout="vertical"
      initialValues={{ startOn: earlier?.startOn, endOn: earlier?.endOn, objections: earlier?.objections ?? [] }}
      onFinish={(v) => onSubmit('recordNotice', { notice: { startOn: v.startOn, endOn: v.endOn, objections: v.objections ?? [] } })}
      data-testid="notice-form"
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={mt('notice.minDays', { n: policy.noticeDays })} />
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="startOn" label={mt('notice.start')} rules={dateRule(mt)}>
            <Input type="date" data-testid="notice-start" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="endOn"
            label={mt('notice.end')}
            dependencies={['startOn']}
            rules={[
              ...dateRule(mt),
              ({ getFieldValue }) => ({
                validator: (_, v: string) => {
                  const s = getFieldValue('startOn') as string | undefined;
                  if (!s || !v) return Promise.resolve();
                  if (v < s) return Promise.reject(new Error(mt('notice.order')));
                  if (daysInclusive(s, v) < policy.noticeDays) return Promise.reject(new Error(mt('notice.short', { n: policy.noticeDays })));
                  return Promise.resolve();
                },
              }),
            ]}
            extra={days && days > 0 ? mt('notice.days', { n: days }) : undefined}
          >
            <Input type="date" data-testid="notice-end" />
          </Form.Item>
        </Col>
      </Row>
      <Form.List name="objections">
        {(fields, { add, remove }) => (
          <>
            <div style={{ marginBottom: 8 }}>{mt('notice.objections')}</div>
            {!fields.length && <div style={{ color: '#888', marginBottom: 8 }}>{mt('notice.none')}</div>}
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top" data-testid="notice-objection">
                <Col xs={24} sm={11}>
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
                    <Input.TextArea rows={1} maxLength={1000} placeholder={mt('notice.objection')} data-testid={`notice-objection-${f.name}-text`} />
                  </Form.Item>
                </Col>
                <Col xs={21} sm={11}>
                  <Form.Item name={[f.name, 'answer']} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
                    <Input.TextArea rows={1} maxLength={1000} placeholder={mt('notice.answer')} data-testid={`notice-objection-${f.name}-answer`} />
                  </Form.Item>
                </Col>
                <Col xs={3} sm={2}>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ text: '', answer: '' })} style={{ marginBottom: 16 }} data-testid="notice-add-objection">
              {mt('notice.addObjection')}
            </Button>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="act-recordNotice">
        {mt('tr.recordNotice')}
      </Button>
    </Form>
  );
}

/** A return or a rejection: the reason is required (the server refuses without one too). */
function ReasonButton({ c, form, transition, busy, onSubmit, danger = true }: { c: Case; form: FormInstance; transition: StepTransition; busy: boolean; onSubmit: Submit; danger?: boolean }) {
  const { mt } = useMT();
  if (!allowed(c, transition)) return null;
  const go = () => {
    const reason = String(form.getFieldValue('reason') ?? '').trim();
    if (!reason) {
      form.setFields([{ name: 'reason', errors: [mt('form.reasonRequired')] }]);
      return;
    }
    onSubmit(transition, { reason });
  };
  return (
    <Button danger={danger} loading={busy} onClick={go} data-testid={`act-${transition}`}>
      {mt(`tr.${transition}`)}
    </Button>
  );
}

/**
 * A reviewer's step: the reason field, the step's forward button and its returns or rejection (each needing the
 * reason), every button only when the server lets this user take it (the case's allowedActions).
 */
function StepActions({
  c,
  form,
  busy,
  onSubmit,
  forward,
  returns,
}: {
  c: Case;
  form: FormInstance;
  busy: boolean;
  onSubmit: Submit;
  forward: { transition: StepTransition; onClick: () => void };
  returns: { transition: StepTransition; danger?: boolean }[];
}) {
  const { mt } = useMT();
  return (
    <>
      <Form.Item name="reason" label={mt('form.reason')}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="act-reason" />
      </Form.Item>
      <Space wrap>
        {allowed(c, forward.transition) && (
          <Button type="primary" loading={busy} onClick={forward.onClick} data-testid={`act-${forward.transition}`}>
            {mt(`tr.${forward.transition}`)}
          </Button>
        )}
        {returns.map((r) => (
          <ReasonButton key={r.transition} c={c} form={form} transition={r.transition} busy={busy} onSubmit={onSubmit} danger={r.danger} />
        ))}
      </Space>
    </>
  );
}

/** 乡镇审核: approve (with an opinion) or return to the notice with a reason. */
export function TownshipForm({ c, busy, onSubmit }: FormProps) {
  const { mt } = useMT();
  const [form] = Form.useForm<{ opinion?: string; reason?: string }>();
  return (
    <Form form={form} layout="vertical" data-testid="township-form">
      <Form.Item name="opinion" label={mt('form.opinion')}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="act-opinion" />
      </Form.Item>
      <StepActions
        c={c}
        form={form}
        busy={busy}
        onSubmit={onSubmit}
        forward={{
          transition: 'townshipApprove',
          onClick: () => {
            const opinion = String(form.getFieldValue('opinion') ?? '').trim();
            onSubmit('townshipApprove', { township: opinion ? { opinion } : {} });
          },
        }}
        returns={[{ transition: 'townshipReturn' }]}
      />
    </Form>
  );
}

/** 县级审定: approve (identification: with the category and risk types), return with a reason, or reject. */
export function CountyForm({ c, policy, busy, onSubmit }: FormProps) {
  const { mt, codeName } = useMT();
  const visit = (c.steps?.visit ?? null) as { riskTypes?: string[] } | null;
  const [form] = Form.useForm<{ category?: string; riskTypes?: string[]; opinion?: string; reason?: string }>();
  const [missing, setMissing] = useState(false);
  const identification = c.kind === 'identification';
  const approve = () => {
    const v = form.getFieldsValue();
    if (identification && !v.category) {
      setMissing(true);
      form.setFields([{ name: 'category', errors: [mt('form.required')] }]);
      return;
    }
    const opinion = v.opinion?.trim();
    onSubmit('countyApprove', {
      county: { ...(identification ? { category: v.category, riskTypes: v.riskTypes ?? [] } : {}), ...(opinion ? { opinion } : {}) },
    });
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ riskTypes: visit?.riskTypes ?? [] }} data-testid="county-form" onValuesChange={() => missing && setMissing(false)}>
      {identification && (
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={mt('county.category')} required>
              <Select options={policy.categories.map((x) => ({ value: x.code, label: codeName(x) }))} data-testid="county-category" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="riskTypes" label={mt('county.riskTypes')}>
              <Select mode="multiple" maxCount={5} options={policy.riskTypes.map((x) => ({ value: x.code, label: codeName(x) }))} data-testid="county-risks" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item name="opinion" label={mt('form.opinion')}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="act-opinion" />
      </Form.Item>
      <StepActions c={c} form={form} busy={busy} onSubmit={onSubmit} forward={{ transition: 'countyApprove', onClick: approve }} returns={[{ transition: 'countyReturn', danger: false }, { transition: 'countyReject' }]} />
    </Form>
  );
}
