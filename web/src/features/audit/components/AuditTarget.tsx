import { Link } from 'react-router-dom';
import { Typography } from 'antd';
import { useAuth } from '../../../auth';
import { has, useT } from '../messages';
import type { AuditEntry } from '../api';

/**
 * An entry's object in words: "户 1404301032070001 张三" linked to the household's page (a member's: to his household),
 * "用户 王五 (wangwu)"; an object gone or outside the auditor's area keeps its code, type and id.
 */
export function AuditTarget({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const { can } = useAuth();
  if (!entry.targetType) return <>—</>;
  const typeKey = `audit.objectType.${entry.targetType}`;
  const type = has(typeKey) ? t(typeKey as Parameters<typeof t>[0]) : entry.targetType;
  const target = entry.target;
  const text = target ? `${type} ${target.label}` : `${type} ${entry.targetId ?? ''}`.trim();
  const code = (
    <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
      {entry.targetType}:{entry.targetId ?? ''}
    </Typography.Text>
  );
  if (target?.householdId && can('registry.read')) {
    return (
      <span data-testid="audit-cell-target">
        <Link to={`/households/${target.householdId}`} data-testid="audit-target-link">
          {text}
        </Link>
        {code}
      </span>
    );
  }
  return (
    <span data-testid="audit-cell-target">
      {text}
      {code}
    </span>
  );
}
