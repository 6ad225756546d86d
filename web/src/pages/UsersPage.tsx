import { useCallback, useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined, SearchOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { api, ApiError, type Page, type User } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { AreaSelect } from '../components/AreaSelect';
import { SecretModal, type Secret } from '../components/SecretModal';
import { DEPARTMENTS, ROLES } from '../../../src/shared/roles';
import { useIsMobile } from '../responsive';
import { formatTime } from '../format';

interface Filters {
  q?: string;
  role?: string;
  status?: string;
  areaCode?: string;
}

interface UserForm {
  username: string;
  displayName: string;
  role: string;
  areaCode: string;
  department?: string | null;
  phone?: string;
}

export default function UsersPage() {
  const { can, user: me } = useAuth();
  const { t, lang, roleLabel, deptLabel } = useI18n();
  const { message } = AntApp.useApp();
  const isMobile = useIsMobile();
  const manage = can('users.manage');
  const [filterForm] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<Page<User> | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [reloadTick, setReloadTick] = useState(0);

  const reload = useCallback(() => setReloadTick((n) => n + 1), []);

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    api
      .get<Page<User>>('/api/users', { ...filters, page, pageSize }, { signal: ctl.signal })
      .then(setData)
      .catch(() => {})
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [filters, page, pageSize, reloadTick]);

  const setStatus = async (u: User, status: 'active' | 'disabled') => {
    try {
      await api.patch<User>(`/api/users/${u.id}`, { status });
      void message.success(t('users.saved'));
      reload();
    } catch {
      // shown by the API client
    }
  };

  const resetPassword = async (u: User) => {
    try {
      const r = await api.post<{ password: string }>(`/api/users/${u.id}/reset-password`, {});
      setSecret({ title: t('users.newPassword'), username: u.username, password: r.password });
      reload();
    } catch {
      // shown by the API client
    }
  };

  const columns: TableProps<User>['columns'] = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      fixed: isMobile ? undefined : 'left',
      width: 130,
      render: (v: string) => <span data-testid="user-cell-username">{v}</span>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 120 },
    { title: t('users.role'), dataIndex: 'role', width: 130, render: (r: string) => roleLabel(r) },
    { title: t('users.area'), dataIndex: 'areaName', width: 160, render: (_: string, u) => <Tooltip title={u.areaCode}>{u.areaName}</Tooltip> },
    { title: t('users.department'), dataIndex: 'department', width: 100, render: (d: string | null) => (d ? deptLabel(d) : '—') },
    { title: t('users.phone'), dataIndex: 'phone', width: 130, render: (p: string | null) => p ?? '—' },
    {
      title: t('users.status'),
      dataIndex: 'status',
      width: 150,
      render: (_: string, u) => (
        <Space size={4} wrap>
          {u.status === 'active' ? <Tag color="green">{t('users.active')}</Tag> : <Tag color="default">{t('users.disabled')}</Tag>}
          {u.locked && <Tag color="red">{t('users.locked')}</Tag>}
          {u.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
        </Space>
      ),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 170, render: (v: string | null) => formatTime(v, lang) },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 240,
      render: (_: unknown, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} data-testid={`user-edit-${u.username}`}>
            {t('users.edit')}
          </Button>
          {u.id !== me?.id &&
            (u.status === 'active' ? (
              <Popconfirm title={t('users.disableConfirm', { name: u.username })} onConfirm={() => setStatus(u, 'disabled')} okButtonProps={{ danger: true }}>
                <Button type="link" size="small" danger icon={<StopOutlined />} data-testid={`user-disable-${u.username}`}>
                  {t('users.disable')}
                </Button>
              </Popconfirm>
            ) : (
              <Popconfirm title={t('users.enableConfirm', { name: u.username })} onConfirm={() => setStatus(u, 'active')}>
                <Button type="link" size="small" icon={<CheckCircleOutlined />} data-testid={`user-enable-${u.username}`}>
                  {t('users.enable')}
                </Button>
              </Popconfirm>
            ))}
          <Popconfirm title={t('users.resetConfirm', { name: u.username })} onConfirm={() => resetPassword(u)}>
            <Button type="link" size="small" icon={<KeyOutlined />} data-testid={`user-reset-${u.username}`}>
              {t('users.resetPassword')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const roleOptions = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));

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
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<Filters>
          form={filterForm}
          layout={isMobile ? 'vertical' : 'inline'}
          className="fp-filters"
          onFinish={(v) => {
            setPage(1);
            setFilters({ q: v.q?.trim() || undefined, role: v.role, status: v.status, areaCode: v.areaCode });
          }}
          data-testid="user-filters"
        >
          <Form.Item name="q">
            <Input placeholder={t('users.searchPlaceholder')} allowClear maxLength={64} data-testid="user-filter-q" />
          </Form.Item>
          <Form.Item name="role">
            <Select placeholder={t('users.role')} allowClear options={roleOptions} style={{ minWidth: 150 }} data-testid="user-filter-role" />
          </Form.Item>
          <Form.Item name="status">
            <Select
              placeholder={t('users.status')}
              allowClear
              style={{ minWidth: 110 }}
              options={[
                { value: 'active', label: t('users.active') },
                { value: 'disabled', label: t('users.disabled') },
              ]}
              data-testid="user-filter-status"
            />
          </Form.Item>
          <Form.Item name="areaCode">
            <AreaSelect placeholder={t('users.area')} style={{ minWidth: 200 }} testId="user-filter-area" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="user-filter-submit">
                {t('common.search')}
              </Button>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => {
                  filterForm.resetFields();
                  setPage(1);
                  setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 1250 }}
        data-testid="users-table"
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
      />
      <UserFormModal
        target={editing}
        onClose={() => setEditing(null)}
        onCreated={(u, password) => {
          setEditing(null);
          void message.success(t('users.created'));
          setSecret({ title: t('users.initialPassword'), username: u.username, password });
          reload();
        }}
        onSaved={() => {
          setEditing(null);
          void message.success(t('users.saved'));
          reload();
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </div>
  );
}

function UserFormModal({
  target,
  onClose,
  onCreated,
  onSaved,
}: {
  target: User | 'new' | null;
  onClose: () => void;
  onCreated: (u: User, password: string) => void;
  onSaved: (u: User) => void;
}) {
  const { t, roleLabel, deptLabel } = useI18n();
  const [form] = Form.useForm<UserForm>();
  const [busy, setBusy] = useState(false);
  const role = Form.useWatch('role', form);
  const isNew = target === 'new';
  const editing = target && target !== 'new' ? target : null;

  const initialValues: Partial<UserForm> | undefined = editing
    ? {
        username: editing.username,
        displayName: editing.displayName,
        role: editing.role,
        areaCode: editing.areaCode,
        department: editing.department,
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
        const r = await api.post<{ user: User; initialPassword: string }>('/api/users', {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          areaCode: v.areaCode,
          ...(department ? { department } : {}),
          ...(phone ? { phone } : {}),
        });
        onCreated(r.user, r.initialPassword);
      } else if (editing) {
        const u = await api.patch<User>(`/api/users/${editing.id}`, {
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
          <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} data-testid="user-form-role" />
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
