import { Tag } from 'antd';
import type { LoanStatus } from '../api';
import { useT } from '../messages';

const COLOURS: Record<LoanStatus, string> = { overdue: 'red', due_soon: 'orange', active: 'green', repaid: 'default' };

/** A loan's state: 逾期 red, 30天内到期 orange, 正常 green, 已结清 grey. */
export function LoanStatusTag({ status }: { status: LoanStatus }) {
  const t = useT();
  return (
    <Tag color={COLOURS[status]} data-testid="loan-status">
      {t(`status.${status}`)}
    </Tag>
  );
}
