import { useState } from 'react';
import { Alert, App as AntApp, Form, Modal } from 'antd';
import { ApiError } from '../../../api/client';
import { registryApi } from '../api';
import { useI18n } from '../../../i18n';
import { useIsMobile } from '../../../responsive';
import { useRT } from '../messages';
import { HouseholdFields } from './HouseholdFields';
import { toBody, toFormValues, type HouseholdFormValues } from '../householdValues';
import { useSubmitErrors } from '../useSubmitErrors';
import type { Household } from '../types';

/** 编辑农户: PATCH with the version read; a conflict reloads the household and says so. */
export function HouseholdEditModal({ household, open, onClose, onSaved, onConflict }: { household: Household; open: boolean; onClose: () => void; onSaved: (h: Household) => void; onConflict: () => void }) {
  const { t } = useI18n();
  const { rt } = useRT();
  const { message } = AntApp.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<HouseholdFormValues>();
  const [busy, setBusy] = useState(false);
  const { loose, setLoose, show } = useSubmitErrors(form);
  const active = household.members.filter((m) => m.status === 'active').length;

  const submit = async () => {
    let v: HouseholdFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setLoose([]);
    try {
      const h = await registryApi.update(household.id, { ...toBody(v, { creating: false }), version: household.version });
      onSaved(h);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') {
        void message.warning(rt('hh.conflict'));
        onConflict();
      } else show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={rt('hh.edit')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={isMobile ? '100%' : 860}
      style={isMobile ? { top: 0, maxWidth: '100vw', padding: 0 } : undefined}
      okButtonProps={{ 'data-testid': 'hh-edit-submit' } as Record<string, string>}
      data-testid="hh-edit-modal"
    >
      <Form<HouseholdFormValues> key={household.version} form={form} layout="vertical" preserve={false} initialValues={toFormValues(household)} data-testid="hh-edit-form">
        <HouseholdFields creating={false} activeMembers={active} phoneMasked={household.phoneMasked} />
        {loose.length > 0 && <Alert type="error" showIcon style={{ marginTop: 12 }} title={loose.join('；')} data-testid="hh-edit-errors" />}
      </Form>
    </Modal>
  );
}
