import { useEffect, useState } from 'react';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { ApiError } from '../../../api/client';
import { DateInput } from '../../../components/DateInput';
import { assistanceApi, type CatalogueItem, type Measure, type MeasureBody, type Plan } from '../api';
import { useAT } from '../messages';

interface Values {
  catalogueId: number;
  riskType?: string | null;
  content: string;
  startOn: string;
  endOn: string;
  amount: number;
  department?: string | null;
  memberIds: number[];
  doneOn?: string | null;
}

/** Add or edit a measure of the plan; the server's per-field refusal lands on its field. */
export function MeasureModal({
  plan,
  measure,
  riskName,
  open,
  onClose,
  onSaved,
}: {
  plan: Plan;
  measure: Measure | null;
  riskName: (code: string) => string;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { at, groupName } = useAT();
  const [form] = Form.useForm<Values>();
  const [catalogue, setCatalogue] = useState<CatalogueItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    assistanceApi.catalogue().then(setCatalogue, () => {});
    form.resetFields();
    form.setFieldsValue(
      measure
        ? { ...measure, riskType: measure.riskType ?? undefined }
        : { startOn: plan.today, endOn: plan.today, amount: 0, memberIds: [], catalogueId: undefined as unknown as number, content: '' },
    );
  }, [open, measure, plan.today, form]);

  const options = [...new Set(catalogue.map((c) => c.group))].map((g) => ({
    label: groupName(g),
    options: catalogue.filter((c) => c.group === g && (c.active || c.id === measure?.catalogueId)).map((c) => ({ value: c.id, label: c.name })),
  }));

  async function save(v: Values) {
    setBusy(true);
    setError(null);
    const body: MeasureBody = {
      catalogueId: v.catalogueId,
      riskType: v.riskType || null,
      content: v.content,
      startOn: v.startOn,
      endOn: v.endOn,
      amount: v.amount ?? 0,
      department: v.department || null,
      memberIds: v.memberIds ?? [],
      doneOn: v.doneOn || null,
    };
    try {
      if (measure) await assistanceApi.editMeasure(measure.id, { ...body, version: measure.version });
      else await assistanceApi.addMeasure(plan.household.id, body);
      onSaved();
    } catch (err) {
      const field = err instanceof ApiError ? (err.details as { field?: string } | undefined)?.field : undefined;
      if (field && field in body) form.setFields([{ name: field as keyof Values, errors: [(err as ApiError).message] }]);
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={at(measure ? 'plan.editMeasure' : 'plan.addMeasure')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={at('common.save')}
      cancelText={at('common.cancel')}
      okButtonProps={{ 'data-testid': 'measure-save' } as Record<string, string>}
      destroyOnHidden
    >
      {error && <div style={{ color: '#cf1322', marginBottom: 8 }} data-testid="measure-error">{error}</div>}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="catalogueId" label={at('m.catalogue')} rules={[{ required: true, message: at('visit.required') }]}>
          <Select options={options} showSearch optionFilterProp="label" data-testid="measure-catalogue" />
        </Form.Item>
        <Form.Item name="riskType" label={at('m.riskType')}>
          <Select allowClear options={(plan.record?.riskTypes ?? []).map((r) => ({ value: r, label: riskName(r) }))} />
        </Form.Item>
        <Form.Item name="content" label={at('m.content')} rules={[{ required: true, whitespace: true, message: at('visit.required') }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="measure-content" />
        </Form.Item>
        <Form.Item name="startOn" label={at('m.start')} rules={[{ required: true, message: at('visit.required') }]}>
          <DateInput allowClear={false} testId="measure-start" />
        </Form.Item>
        <Form.Item name="endOn" label={at('m.end')} rules={[{ required: true, message: at('visit.required') }]}>
          <DateInput allowClear={false} testId="measure-end" />
        </Form.Item>
        <Form.Item name="amount" label={at('m.amount')}>
          <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} data-testid="measure-amount" />
        </Form.Item>
        <Form.Item name="department" label={at('m.department')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="memberIds" label={at('m.members')}>
          <Select mode="multiple" options={plan.members.filter((m) => m.status === 'active').map((m) => ({ value: m.id, label: m.name }))} />
        </Form.Item>
        <Form.Item name="doneOn" label={at('m.done')}>
          <DateInput max={plan.today} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
