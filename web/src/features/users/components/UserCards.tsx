import type { ReactNode } from 'react';
import { Card, Empty, Pagination, Spin, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useT } from '../messages';
import type { User, UserPage } from '../api';

/** The accounts on a phone: one card each (name, role, area, status, actions) instead of the wide table. */
export function UserCards({
  data,
  loading,
  page,
  pageSize,
  onPage,
  buttons,
  statusTags,
}: {
  data: UserPage | null;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  buttons: (u: User) => ReactNode;
  statusTags: (u: User) => ReactNode;
}) {
  const t = useT();
  const { lang, roleLabel, deptLabel } = useI18n();
  const items = data?.items ?? [];
  return (
    <Spin spinning={loading}>
      <div data-testid="user-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {!items.length && !loading && <Empty />}
        {items.map((u) => (
          <Card key={u.id} size="small" data-testid="user-card" styles={{ body: { padding: 12 } }}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
              <div>
                <Typography.Text strong>{u.displayName}</Typography.Text>{' '}
                <Typography.Text type="secondary" data-testid="user-cell-username">
                  {u.username}
                </Typography.Text>
              </div>
              {statusTags(u)}
            </div>
            <div style={{ color: '#666', fontSize: 13, marginTop: 4 }}>
              {[roleLabel(u.role), u.department ? deptLabel(u.department) : '', u.areaName, u.phone ?? ''].filter(Boolean).join(' · ')}
            </div>
            <div style={{ color: '#999', fontSize: 12 }}>
              {t('users.lastLogin')}: {formatTime(u.lastLoginAt, lang)}
            </div>
            {buttons(u)}
          </Card>
        ))}
        <Pagination simple current={page} pageSize={pageSize} total={data?.total ?? 0} onChange={onPage} style={{ alignSelf: 'center' }} />
      </div>
    </Spin>
  );
}
