import { useEffect, useState } from 'react';
import { Badge } from 'antd';
import { useLocation } from 'react-router-dom';
import { useAuth } from '../../../auth';
import { monitoringApi } from '../api';
import { ACTING_ROLES } from '../steps';

/** The menu's count of what waits for me (red when something is overdue), refreshed as the user moves between pages. */
export function InboxBadge() {
  const { user } = useAuth();
  const { pathname } = useLocation();
  const [counts, setCounts] = useState<{ total: number; overdue: number } | null>(null);
  const acting = ACTING_ROLES.includes(user?.role ?? '');
  useEffect(() => {
    if (!acting) return;
    const ctl = new AbortController();
    monitoringApi.inbox({ pageSize: 1 }, ctl.signal).then(
      (r) => setCounts(r.counts),
      () => {},
    );
    return () => ctl.abort();
  }, [acting, pathname]);
  if (!counts?.total) return null;
  return (
    <Badge
      count={counts.total}
      size="small"
      color={counts.overdue ? '#cf1322' : '#fa8c16'}
      style={{ marginInlineStart: 8 }}
      data-testid="inbox-badge"
      title={String(counts.total)}
    />
  );
}
