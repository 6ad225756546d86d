import { Col, Row, Typography } from 'antd';
import { useT } from '../messages';
import type { AuditEntry } from '../api';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function Json({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre className="fp-json" data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** An entry's detail under its row: before / after side by side when the entry records a change, and its hash. */
export function AuditDetail({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const d = entry.detail;
  if (d === null || d === undefined || (isRecord(d) && Object.keys(d).length === 0)) {
    return <Typography.Text type="secondary">{t('audit.noDetail')}</Typography.Text>;
  }
  if (isRecord(d) && ('before' in d || 'after' in d)) {
    const { before, after, ...rest } = d;
    return (
      <div data-testid={`audit-detail-${entry.seq}`}>
        <Row gutter={[12, 12]}>
          {before !== undefined && (
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('audit.before')}</Typography.Text>
              <Json value={before} testId="audit-detail-before" />
            </Col>
          )}
          {after !== undefined && (
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('audit.after')}</Typography.Text>
              <Json value={after} testId="audit-detail-after" />
            </Col>
          )}
        </Row>
        {Object.keys(rest).length > 0 && <Json value={rest} />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          SM3 {entry.hash}
        </Typography.Text>
      </div>
    );
  }
  return (
    <div data-testid={`audit-detail-${entry.seq}`}>
      <Json value={d} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        SM3 {entry.hash}
      </Typography.Text>
    </div>
  );
}
