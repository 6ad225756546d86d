import { Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CheckCircleOutlined, EditOutlined, KeyOutlined, StopOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth';
import { useI18n } from '../../../i18n';
import { useIsMobile } from '../../../responsive';
import { formatTime } from '../../../format';
import { useT } from '../messages';
import type { User, UserPage } from '../api';
import { UserCards } from './UserCards';

interface Props {
  data: UserPage | null;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  /** With these, the table has an actions column (users.manage). */
  actions?: {
    edit: (u: User) => void;
    /** Promises: the confirmation's OK button spins until they settle. */
    setStatus: (u: User, status: 'active' | 'disabled') => Promise<void>;
    resetPassword: (u: User) => Promise<void>;
    /** Whether this administrator manages the account's role (三员分立); absent: all. */
    manages?: (u: User) => boolean;
  };
}

export function UsersTable({ data, loading, page, pageSize, onPage, actions }: Props) {
  const { user: me } = useAuth();
  const t = useT();
  const { lang, roleLabel, deptLabel } = useI18n();
  const isMobile = useIsMobile();

  // Accounts of a role this administrator does not manage (三员分立) show no buttons.
  const buttons = (u: User) =>
    actions && !(actions.manages && !actions.manages(u)) && (
      <Space size={0} wrap>
      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => actions.edit(u)} data-testid={`user-edit-${u.username}`}>
        {t('users.edit')}
      </Button>
      {u.id !== me?.id &&
        (u.status === 'active' ? (
          <Popconfirm title={t('users.disableConfirm', { name: u.username })} onConfirm={() => actions.setStatus(u, 'disabled')} okButtonProps={{ danger: true }}>
            <Button type="link" size="small" danger icon={<StopOutlined />} data-testid={`user-disable-${u.username}`}>
              {t('users.disable')}
            </Button>
          </Popconfirm>
        ) : (
          <Popconfirm title={t('users.enableConfirm', { name: u.username })} onConfirm={() => actions.setStatus(u, 'active')}>
            <Button type="link" size="small" icon={<CheckCircleOutlined />} data-testid={`user-enable-${u.username}`}>
              {t('users.enable')}
            </Button>
          </Popconfirm>
        ))}
      <Popconfirm title={t('users.resetConfirm', { name: u.username })} onConfirm={() => actions.resetPassword(u)}>
        <Button type="link" size="small" icon={<KeyOutlined />} data-testid={`user-reset-${u.username}`}>
          {t('users.resetPassword')}
        </Button>
      </Popconfirm>
    </Space>
    );
  const statusTags = (u: User) => (
    <Space size={4} wrap>
      {u.status === 'active' ? <Tag color="green">{t('users.active')}</Tag> : <Tag color="default">{t('users.disabled')}</Tag>}
      {u.locked && <Tag color="red">{t('users.locked')}</Tag>}
      {u.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
    </Space>
  );

  if (isMobile) return <UserCards data={data} loading={loading} page={page} pageSize={pageSize} onPage={onPage} buttons={buttons} statusTags={statusTags} />;

  const columns: TableProps<User>['columns'] = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      fixed: 'left',
      width: 120,
      render: (v: string) => <span data-testid="user-cell-username">{v}</span>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 100 },
    // The department (data officers only) under the role: one column fewer, so the table fits a 1440 px screen.
    { title: t('users.role'), dataIndex: 'role', width: 140, render: (r: string, u) => (
        <>
          {roleLabel(r)}
          {u.department && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {deptLabel(u.department)}
            </Typography.Text>
          )}
        </>
      ) },
    { title: t('users.area'), dataIndex: 'areaName', width: 150, render: (_: string, u) => <Tooltip title={u.areaCode}>{u.areaName}</Tooltip> },
    { title: t('users.phone'), dataIndex: 'phone', width: 120, render: (p: string | null) => p ?? '—' },
    {
      title: t('users.status'),
      dataIndex: 'status',
      width: 120,
      render: (_: string, u) => statusTags(u),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => formatTime(v, lang) },
  ];
  if (actions) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 240,
      // Pinned: on a screen narrower than the table, 停用 and 重置密码 stay in view.
      fixed: 'right',
      render: (_: unknown, u) => buttons(u),
    });
  }

  return (
    <Table<User>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      scroll={{ x: actions ? 1140 : 900 }}
      data-testid="users-table"
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (n) => t('common.total', { n }),
        onChange: onPage,
      }}
    />
  );
}
