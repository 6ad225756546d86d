import { useState } from 'react';
import { Alert, Form, Modal } from 'antd';
import { registryApi } from '../api';
import { useI18n } from '../../../i18n';
import { useRT } from '../messages';
import { MemberFields, memberBody, memberFormValues, type MemberFormValues } from './MemberFields';
import { useSubmitErrors } from '../useSubmitErrors';
import type { Household, Member } from '../types';

/** Add a member (target 'new') or edit one; the server's problems land on the fields. */
export function MemberModal({ household, target, onClose, onSaved }: { household: Household; target: Member | 'new' | null; onClose: () => void; onSaved: (h: Household) => void }) {
  const { t } = useI18n();
  const { rt } = useRT();
  const [form] = Form.useForm<MemberFormValues>();
  const [busy, setBusy] = useState(false);
  const { loose, setLoose, show } = useSubmitErrors(form);
  const editing = target && target !== 'new' ? target : null;

  const submit = async () => {
    let v: MemberFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setLoose([]);
    try {
      const body = memberBody(v);
      const h = editing
        ? await registryApi.updateMember(household.id, editing.id, body)
        : await registryApi.addMember(household.id, body);
      onSaved(h);
    } catch (err) {
      show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!target}
      title={editing ? `${rt('m.edit')}：${editing.name}` : rt('m.add')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={760}
      okButtonProps={{ 'data-testid': 'member-form-submit' } as Record<string, string>}
      data-testid="member-modal"
    >
      <Form<MemberFormValues>
        key={editing ? editing.id : 'new'}
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing ? memberFormValues(editing) : { welfarePost: 'n' }}
        data-testid="member-form"
      >
        <MemberFields name={[]} path={[]} testId="member-form" keepId={editing?.idMasked} stored={editing ? { gender: editing.gender, birthDate: editing.birthDate } : undefined} />
        {loose.length > 0 && <Alert type="error" showIcon title={loose.join('；')} data-testid="member-form-errors" />}
      </Form>
    </Modal>
  );
}
