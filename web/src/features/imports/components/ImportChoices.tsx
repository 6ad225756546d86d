import { Alert, Button, Popconfirm, Space, Typography } from 'antd';
import { CheckCircleOutlined, FilterOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n';
import { useT } from '../messages';
import type { ImportJob } from '../types';

/** The two ways to import after the dry run: all or nothing (only when there is no error) or the correct rows only. */
export function ImportChoices({ job, busy, onCommit }: { job: ImportJob; busy: boolean; onCommit: (mode: 'all_or_nothing' | 'valid_only') => void }) {
  const { t } = useI18n();
  const rt = useT();
  const c = job.counts!;
  const bad = c.rows.error + c.rows.skipped;
  const noneValid = c.households.valid === 0;
  return (
    <div data-testid="imp-choices">
      <Space wrap align="start">
        <Button type="primary" icon={<CheckCircleOutlined />} disabled={bad > 0 || noneValid} loading={busy} onClick={() => onCommit('all_or_nothing')} data-testid="imp-all-or-nothing">
          {rt('imp.allOrNothing')}
        </Button>
        <Popconfirm
          title={rt('imp.validOnlyConfirm', { n: c.households.valid, e: bad })}
          onConfirm={() => onCommit('valid_only')}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ 'data-testid': 'imp-valid-only-confirm' } as Record<string, string>}
          disabled={noneValid}
        >
          <Button icon={<FilterOutlined />} disabled={noneValid} loading={busy} data-testid="imp-valid-only">
            {rt('imp.validOnly')}
          </Button>
        </Popconfirm>
      </Space>
      {bad > 0 && (
        <Alert style={{ marginTop: 8 }} type="warning" showIcon title={rt('imp.allOrNothingWhy', { n: bad })} data-testid="imp-why-disabled" />
      )}
      {noneValid && <Typography.Paragraph type="danger" style={{ marginTop: 8 }}>{rt('imp.noneValid')}</Typography.Paragraph>}
    </div>
  );
}
