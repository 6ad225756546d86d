import { useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { DateInput } from '../../../components/DateInput';
import { registryApi } from '../api';
import { useI18n } from '../../../i18n';
import { useRT } from '../messages';
import { useSubmitErrors } from '../useSubmitErrors';
import type { Household, Member } from '../types';

interface RemoveValues {
  status: 'deceased' | 'moved_out' | 'married_out' | 'other';
  date: string;
  reason: string;
  newHeadMemberId?: number;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A member leaves: why (死亡 / 户口迁出 / 婚出 / 其他), when, a note; a leaving head names the new head. */
export function RemoveMemberModal({ household, member, onClose, onSaved }: { household: Household; member: Member | null; onClose: () => void; onSaved: (h: Household) => void }) {
  const { t } = useI18n();
  const { rt, code } = useRT();
  const [form] = Form.useForm<RemoveValues>();
  const [busy, setBusy] = useState(false);
  const { loose, setLoose, show } = useSubmitErrors(form);
  const others = household.members.filter((m) => m.status === 'active' && m.id !== member?.id);
  const needsHead = member?.relation === 'head' && others.length > 0;

  const submit = async () => {
    if (!member) return;
    let v: RemoveValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setLoose([]);
    try {
      const h = await registryApi.removeMember(household.id, member.id, {
        status: v.status,
        date: v.date,
        reason: v.reason.trim(),
        ...(needsHead ? { newHeadMemberId: v.newHeadMemberId } : {}),
      });
      onSaved(h);
    } catch (err) {
      show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!member}
      title={member ? rt('m.removeTitle', { name: member.name }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'remove-submit' } as Record<string, string>) }}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="remove-modal"
    >
      <Form<RemoveValues> form={form} layout="vertical" preserve={false} initialValues={{ status: 'deceased', date: today() }}>
        <Form.Item name="status" label={rt('m.removeStatus')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['deceased', 'moved_out', 'married_out', 'other'] as const).map((s) => ({ value: s, label: code('memberStatus', s) }))}
            data-testid="remove-status"
          />
        </Form.Item>
        <Form.Item name="date" label={rt('m.removeDate')} rules={[{ required: true, message: rt('hh.required') }]}>
          <DateInput max={today()} allowClear={false} testId="remove-date" />
        </Form.Item>
        <Form.Item name="reason" label={rt('m.removeReason')} rules={[{ required: true, whitespace: true, message: rt('hh.required') }, { max: 200 }]}>
          <Input.TextArea maxLength={200} rows={2} placeholder={rt('m.removeReasonPlaceholder')} data-testid="remove-reason" />
        </Form.Item>
        {needsHead && (
          <Form.Item name="newHeadMemberId" label={rt('m.newHead')} extra={rt('m.newHeadHint')} rules={[{ required: true, message: rt('m.newHeadHint') }]}>
            <Select options={others.map((m) => ({ value: m.id, label: `${m.name}（${code('relation', m.relation)}）` }))} data-testid="remove-new-head" />
          </Form.Item>
        )}
        {loose.length > 0 && <Alert type="error" showIcon title={loose.join('；')} />}
      </Form>
    </Modal>
  );
}
