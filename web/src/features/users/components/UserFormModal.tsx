import { useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { DEPARTMENTS, managedRoles, ROLES, type Department, type Role } from '../../../../../src/shared/roles';
import { useAuth } from '../../../auth';
import { ApiError } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { AreaSelect } from '../../../components/AreaSelect';
import { oneOf } from '../../../hooks/useListQuery';
import { useT } from '../messages';
import { usersApi, type CreatedUser, type User } from '../api';

interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  areaCode: string;
  department?: Department | null;
  phone?: string;
}

/** Creates a user (the server answers with the initial password) or edits one; a taken user name is shown at its field. */
export function UserFormModal({
  target,
  onClose,
  onCreated,
  onSaved,
}: {
  target: User | 'new' | null;
  onClose: () => void;
  /** The new account with its initial password, or (auditor, security administrator) its activation code. */
  onCreated: (r: CreatedUser) => void;
  onSaved: (u: User) => void;
}) {
  const t = useT();
  const { roleLabel, deptLabel } = useI18n();
  const { user: me } = useAuth();
  // 三员分立: only the roles this administrator manages are offered (the server refuses the others anyway).
  const managed = managedRoles(me?.role);
  const [form] = Form.useForm<UserForm>();
  const [busy, setBusy] = useState(false);
  const role = Form.useWatch('role', form);
  const isNew = target === 'new';
  const editing = target && target !== 'new' ? target : null;

  const initialValues: Partial<UserForm> | undefined = editing
    ? {
        username: editing.username,
        displayName: editing.displayName,
        role: oneOf(ROLES, editing.role),
        areaCode: editing.areaCode,
        department: oneOf(DEPARTMENTS, editing.department ?? undefined),
        phone: editing.phone ?? undefined,
      }
    : undefined;

  const submit = async () => {
    let v: UserForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const department = v.role === 'dept_officer' ? (v.department ?? null) : null;
    const phone = v.phone?.trim() ? v.phone.trim() : null;
    setBusy(true);
    try {
      if (isNew) {
        const r = await usersApi.create({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          areaCode: v.areaCode,
          ...(department ? { department } : {}),
          ...(phone ? { phone } : {}),
        });
        onCreated(r);
      } else if (editing) {
        const u = await usersApi.update(editing.id, {
          displayName: v.displayName.trim(),
          role: v.role,
          areaCode: v.areaCode,
          department,
          phone,
        });
        onSaved(u);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'USERNAME_TAKEN') form.setFields([{ name: 'username', errors: [err.message] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!target}
      title={isNew ? t('users.create') : t('users.edit')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-form-submit' } as Record<string, string>}
      data-testid="user-form-modal"
    >
      <Form<UserForm>
        key={editing ? editing.id : 'new'}
        form={form}
        layout="vertical"
        requiredMark
        preserve={false}
        initialValues={initialValues}
        data-testid="user-form"
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={isNew ? t('users.usernameRule') : undefined}
          rules={[
            { required: true, message: t('users.required') },
            { pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: t('users.usernameRule') },
          ]}
        >
          <Input disabled={!isNew} autoComplete="off" autoCapitalize="none" maxLength={32} data-testid="user-form-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.required') }, { max: 50 }]}>
          <Input maxLength={50} data-testid="user-form-displayName" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.required') }]}>
          <Select options={managed.map((r) => ({ value: r, label: roleLabel(r) }))} data-testid="user-form-role" />
        </Form.Item>
        <Form.Item name="areaCode" label={t('users.area')} rules={[{ required: true, message: t('users.required') }]}>
          <AreaSelect initialLabel={editing?.areaName} allowClear={false} testId="user-form-area" />
        </Form.Item>
        {role === 'dept_officer' && (
          <Form.Item name="department" label={t('users.department')} rules={[{ required: true, message: t('users.required') }]}>
            <Select options={DEPARTMENTS.map((d) => ({ value: d, label: deptLabel(d) }))} data-testid="user-form-department" />
          </Form.Item>
        )}
        <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('users.phoneRule') }]}>
          <Input inputMode="tel" maxLength={20} data-testid="user-form-phone" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
