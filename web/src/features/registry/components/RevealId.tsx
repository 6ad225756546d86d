import { useState } from 'react';
import { App as AntApp, Button, Space, Tooltip, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { registryApi } from '../api';
import { useAuth } from '../../../auth';
import { useRT } from '../messages';

/** A masked ID number; with registry.viewFullId a 查看完整号码 button reveals it (the server audits every view). */
export function RevealId({ householdId, memberId, masked }: { householdId: number; memberId: number; masked: string }) {
  const { can } = useAuth();
  const { rt } = useRT();
  const { message } = AntApp.useApp();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reveal = async () => {
    setBusy(true);
    try {
      const r = await registryApi.revealId(householdId, memberId);
      setFull(r.idNumber);
      void message.warning({ content: rt('m.revealNotice'), className: 'fp-reveal-notice' });
    } catch {
      // shown by the API client
    } finally {
      setBusy(false);
    }
  };

  if (full) {
    return (
      <Tooltip title={rt('m.revealNotice')}>
        <Typography.Text copyable style={{ fontFamily: 'monospace' }} data-testid={`member-id-full-${memberId}`}>
          {full}
        </Typography.Text>
      </Tooltip>
    );
  }
  return (
    <Space size={4} wrap>
      <span style={{ fontFamily: 'monospace' }} data-testid={`member-id-${memberId}`}>
        {masked}
      </span>
      {can('registry.viewFullId') && (
        <Button type="link" size="small" icon={<EyeOutlined />} loading={busy} onClick={() => void reveal()} data-testid={`member-reveal-${memberId}`} style={{ padding: 0 }}>
          {rt('m.revealBtn')}
        </Button>
      )}
    </Space>
  );
}
