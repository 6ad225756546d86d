import { useState } from 'react';
import { Alert, Modal, Space, Switch, Typography } from 'antd';
import { useAuth } from '../../../auth';
import { useRT } from '../messages';

/**
 * 导出 Excel: the current list's filters, masked ID numbers and phones by default. A role that may see full ID numbers
 * (registry.viewFullId) gets an explicit switch for them; the server records such an export as its own audit action
 * (registry.export_full) and refuses it (403) to anyone else.
 */
export function ExportModal({ open, busy, onCancel, onExport }: { open: boolean; busy: boolean; onCancel: () => void; onExport: (full: boolean) => void }) {
  const { can } = useAuth();
  const { rt } = useRT();
  const [full, setFull] = useState(false);
  const mayFull = can('registry.viewFullId');
  return (
    <Modal
      open={open}
      title={rt('export.title')}
      okText={rt('list.export')}
      onOk={() => onExport(mayFull && full)}
      okButtonProps={{ loading: busy, ...({ 'data-testid': 'hh-export-ok' } as Record<string, string>) }}
      onCancel={onCancel}
      afterClose={() => setFull(false)}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>{rt('export.scope')}</Typography.Paragraph>
        {mayFull ? (
          <>
            <Space>
              <Switch checked={full} onChange={setFull} data-testid="hh-export-full" />
              <span>{rt('export.full')}</span>
            </Space>
            {full && <Alert type="warning" showIcon title={rt('export.fullWarning')} data-testid="hh-export-full-warning" />}
          </>
        ) : (
          <Typography.Text type="secondary">{rt('export.masked')}</Typography.Text>
        )}
      </Space>
    </Modal>
  );
}
