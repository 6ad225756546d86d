import { useState } from 'react';
import { App as AntApp, Button, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { managedRoles, ROLES } from '../../../../../src/shared/roles';
import { useAuth } from '../../../auth';
import { oneOf, useListQuery } from '../../../hooks/useListQuery';
import { useT } from '../messages';
import { usersApi, type User } from '../api';
import { UserFilters } from '../components/UserFilters';
import { UsersTable } from '../components/UsersTable';
import { UserFormModal } from '../components/UserFormModal';
import { SecretModal, type Secret } from '../components/SecretModal';
import { ActivationCodeModal, type IssuedActivation } from '../components/ActivationCodeModal';

const FILTERS = ['q', 'role', 'status', 'areaCode'] as const;
const STATUSES = ['active', 'disabled'] as const;

/** 用户管理: the accounts in the user's area; with users.manage, create, edit, disable and reset passwords. */
export default function UsersPage() {
  const { can, user: me } = useAuth();
  const t = useT();
  const { message } = AntApp.useApp();
  const manage = can('users.manage');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [activation, setActivation] = useState<IssuedActivation | null>(null);
  // 三员分立: the actions only on the accounts of the roles this administrator manages.
  const managed: readonly string[] = managedRoles(me?.role);
  const show = (username: string, r: { password?: string; initialPassword?: string; activation?: { code: string; expiresAt: string } }, title: string) => {
    if (r.activation) setActivation({ title: t('users.activationTitle'), username, ...r.activation });
    else setSecret({ title, username, password: r.password ?? r.initialPassword ?? '' });
  };
  const list = useListQuery({
    filters: FILTERS,
    load: ({ filters: f, page, pageSize }, signal) =>
      usersApi.list({ q: f.q, role: oneOf(ROLES, f.role), status: oneOf(STATUSES, f.status), areaCode: f.areaCode, page, pageSize }, signal),
  });
  const { query, reload } = list;

  const setStatus = async (u: User, status: 'active' | 'disabled') => {
    try {
      await usersApi.update(u.id, { status });
      void message.success(t('users.saved'));
      reload();
    } catch {
      // shown by the API client
    }
  };

  const resetPassword = async (u: User) => {
    try {
      const r = await usersApi.resetPassword(u.id);
      show(u.username, r, t('users.newPassword'));
      reload();
    } catch {
      // shown by the API client
    }
  };

  return (
    <div data-testid="users-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: 1 }}>
          {t('users.title')}
        </Typography.Title>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
            {t('users.create')}
          </Button>
        )}
      </div>
      <UserFilters value={query.filters} onSearch={list.setFilters} onReset={list.reset} />
      <UsersTable
        data={list.data}
        loading={list.loading}
        page={query.page}
        pageSize={query.pageSize}
        onPage={list.setPage}
        actions={manage ? { edit: setEditing, setStatus, resetPassword, manages: (u) => managed.includes(u.role) } : undefined}
      />
      <UserFormModal
        target={editing}
        onClose={() => setEditing(null)}
        onCreated={(r) => {
          setEditing(null);
          void message.success(t('users.created'));
          show(r.user.username, r, t('users.initialPassword'));
          reload();
        }}
        onSaved={() => {
          setEditing(null);
          void message.success(t('users.saved'));
          reload();
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
      <ActivationCodeModal activation={activation} onClose={() => setActivation(null)} />
    </div>
  );
}
