import { Tag } from 'antd';
import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useMT } from '../messages';

/** A case's time-limit state: due within 2 working days orange, overdue red (the server derives it). */
export function UrgencyTag({ urgency, showOk = false }: { urgency: string; showOk?: boolean }) {
  const { mt } = useMT();
  if (urgency === 'overdue')
    return (
      <Tag color="red" icon={<ExclamationCircleOutlined />} data-testid="urgency-overdue" style={{ marginInlineEnd: 0 }}>
        {mt('urgency.overdue')}
      </Tag>
    );
  if (urgency === 'due_soon')
    return (
      <Tag color="orange" icon={<ClockCircleOutlined />} data-testid="urgency-due-soon" style={{ marginInlineEnd: 0 }}>
        {mt('urgency.due_soon')}
      </Tag>
    );
  return showOk ? <Tag style={{ marginInlineEnd: 0 }}>{mt('urgency.ok')}</Tag> : null;
}

const CARD_COLOR = { red: '#cf1322', yellow: '#d4b106', green: '#389e0d' } as const;

/** The household's card (seed plan 3), derived by the server: red, yellow, green. */
export function CardTag({ colour }: { colour: 'red' | 'yellow' | 'green' }) {
  const { mt } = useMT();
  return (
    <Tag color={CARD_COLOR[colour]} data-testid={`card-${colour}`} style={{ marginInlineEnd: 0 }}>
      {mt(`card.${colour}`)}
    </Tag>
  );
}
