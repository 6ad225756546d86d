import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, List, Space, Typography } from 'antd';
import { CloudUploadOutlined, DeleteOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth';
import { discardVisit, flushOutbox, pendingVisits, type PendingVisit } from '../outbox';
import { useAT } from '../messages';

/** The visits still waiting to be sent, and the sending: on page load, when `online` fires, and on request. */
export function Outbox({ onSent }: { onSent?: () => void }) {
  const { user } = useAuth();
  const { at } = useAT();
  const { message } = App.useApp();
  const userId = user?.id ?? 0;
  const [list, setList] = useState<PendingVisit[]>(() => pendingVisits(userId));
  // The latest callbacks, read when a round ends: the listeners below are set once per user, not at every render.
  const latest = useRef({ onSent, at, message });
  latest.current = { onSent, at, message };

  const send = useCallback(async () => {
    const sent = await flushOutbox(userId);
    setList(pendingVisits(userId));
    if (sent.length) {
      latest.current.message.success(latest.current.at('outbox.sent', { count: sent.length }));
      latest.current.onSent?.();
    }
  }, [userId]);

  useEffect(() => {
    const refresh = () => setList(pendingVisits(userId));
    const online = () => void send();
    window.addEventListener('fp-outbox', refresh);
    window.addEventListener('storage', refresh);
    window.addEventListener('online', online);
    if (navigator.onLine) void send();
    return () => {
      window.removeEventListener('fp-outbox', refresh);
      window.removeEventListener('storage', refresh);
      window.removeEventListener('online', online);
    };
  }, [userId, send]);

  if (!list.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="outbox"
      title={
        <Space wrap>
          <span data-testid="outbox-count">{at('outbox.title', { count: list.length })}</span>
          <Typography.Text type="secondary">{at('outbox.hint')}</Typography.Text>
        </Space>
      }
      description={
        <>
          <List
            size="small"
            dataSource={list}
            renderItem={(p) => (
              <List.Item
                data-testid="outbox-item"
                actions={[
                  <Button key="d" size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => discardVisit(userId, p.body.clientId)} aria-label={at('outbox.discard')} />,
                ]}
              >
                <div>
                  <div>
                    {p.householdName} · {p.body.visitedOn}
                  </div>
                  {p.error && <Typography.Text type="danger">{at('outbox.refused', { message: p.error.message })}</Typography.Text>}
                </div>
              </List.Item>
            )}
          />
          <Button size="small" icon={<CloudUploadOutlined />} onClick={() => void send()} data-testid="outbox-send">
            {at('outbox.sendNow')}
          </Button>
        </>
      }
    />
  );
}
