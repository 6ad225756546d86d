import { useState } from 'react';
import { Alert, Button, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { oneOf, useListQuery } from '../../../hooks/useListQuery';
import { useT } from '../messages';
import { auditApi, type VerifyResult } from '../api';
import { AuditFilters } from '../components/AuditFilters';
import { AuditTable } from '../components/AuditTable';

const FILTERS = ['username', 'actions', 'outcome', 'from', 'to'] as const;
const OUTCOMES = ['ok', 'fail'] as const;

/** 审计日志: browse the entries in the user's scope and verify the hash chain. */
export default function AuditPage() {
  const t = useT();
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const list = useListQuery({
    filters: FILTERS,
    load: ({ filters: f, page, pageSize }, signal) => auditApi.list({ ...f, outcome: oneOf(OUTCOMES, f.outcome), page, pageSize }, signal),
  });

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await auditApi.verify());
    } catch {
      setVerify(null);
    } finally {
      setVerifying(false);
    }
  };

  return (
    <div data-testid="audit-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: 1 }}>
          {t('audit.title')}
        </Typography.Title>
        <Button icon={<SafetyCertificateOutlined />} onClick={() => void runVerify()} loading={verifying} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      </div>
      {verify && (
        <Alert
          style={{ marginBottom: 12 }}
          type={verify.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          data-testid="audit-verify-result"
          data-ok={verify.ok ? 'true' : 'false'}
          title={
            verify.ok
              ? t('audit.verifyOk', { checked: verify.checked, lastSeq: verify.lastSeq })
              : t('audit.verifyBroken', { seq: verify.broken?.seq ?? '?', reason: verify.broken?.reason ?? '' })
          }
        />
      )}
      <AuditFilters value={list.query.filters} onSearch={list.setFilters} onReset={list.reset} />
      <AuditTable data={list.data} loading={list.loading} page={list.query.page} pageSize={list.query.pageSize} onPage={list.setPage} />
    </div>
  );
}
