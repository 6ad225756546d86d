import { Table, Typography } from 'antd';
import { has, useT } from '../messages';
import { useAuditActions } from '../useAuditActions';
import type { AuditEntry } from '../api';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An entry's detail under its row (or in its card): a change as a table of fields with their values before and
 * after; anything else recorded as field: value; an entry that records nothing more says so, naming its action. The
 * SM3 hash last.
 */
export function AuditDetail({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const actions = useAuditActions();
  const d = entry.detail;
  const keyLabel = (k: string) => (has(`audit.key.${k}`) ? t(`audit.key.${k}` as Parameters<typeof t>[0]) : k);
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('audit.empty');
    if (typeof v === 'boolean') return v ? t('audit.yes') : t('audit.no');
    if (Array.isArray(v)) return v.map(show).join('、');
    if (isRecord(v)) return Object.entries(v).map(([k, x]) => `${keyLabel(k)}: ${show(x)}`).join('；');
    return String(v);
  };
  const hash = (
    <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
      SM3 {entry.hash}
    </Typography.Text>
  );

  if (d === null || d === undefined || (isRecord(d) && Object.keys(d).length === 0)) {
    return (
      <div data-testid={`audit-detail-${entry.seq}`}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }} data-testid="audit-detail-none">
          {t('audit.noDetail', { action: actions.label(entry.action) })}
        </Typography.Paragraph>
        {hash}
      </div>
    );
  }
  if (!isRecord(d)) {
    return (
      <div data-testid={`audit-detail-${entry.seq}`}>
        <Typography.Paragraph>{show(d)}</Typography.Paragraph>
        {hash}
      </div>
    );
  }
  const { before, after, ...rest } = d;
  const b = isRecord(before) ? before : before === undefined ? {} : { value: before };
  const a = isRecord(after) ? after : after === undefined ? {} : { value: after };
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const restRows = Object.entries(rest).map(([k, v]) => ({ k, label: k === 'status' && typeof v === 'number' ? t('audit.status') : keyLabel(k), v: show(v) }));
  return (
    <div data-testid={`audit-detail-${entry.seq}`}>
      {fields.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey="k"
          style={{ marginBottom: 8 }}
          data-testid="audit-detail-changes"
          dataSource={fields.map((k) => ({ k, label: keyLabel(k), before: k in b ? show(b[k]) : '—', after: k in a ? show(a[k]) : '—' }))}
          columns={[
            { title: t('audit.field'), dataIndex: 'label', width: 160 },
            ...(before !== undefined ? [{ title: t('audit.before'), dataIndex: 'before', render: (v: string) => <span data-testid="audit-detail-before">{v}</span> }] : []),
            ...(after !== undefined ? [{ title: t('audit.after'), dataIndex: 'after', render: (v: string) => <span data-testid="audit-detail-after">{v}</span> }] : []),
          ]}
        />
      )}
      {restRows.length > 0 && (
        <dl className="fp-audit-rest" data-testid="audit-detail-rest" style={{ margin: '0 0 8px' }}>
          {restRows.map((r) => (
            <div key={r.k} style={{ display: 'flex', gap: 8 }}>
              <dt style={{ color: 'rgba(0,0,0,0.55)', minWidth: 96 }}>{r.label}</dt>
              <dd style={{ margin: 0, wordBreak: 'break-all' }}>{r.v}</dd>
            </div>
          ))}
        </dl>
      )}
      {hash}
    </div>
  );
}
