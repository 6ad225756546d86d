import { Button, Card, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { EditOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useIsMobile } from '../../../responsive';
import { useRT } from '../messages';
import { RevealId } from './RevealId';
import type { Member } from '../types';

/**
 * The members: masked IDs (revealable with permission), code labels, and edit / remove for active members. On a phone
 * one card per member, so that relation, health and labour show without scrolling sideways.
 */
export function MembersTable({
  householdId,
  members,
  onEdit,
  onRemove,
  testId = 'members-table',
}: {
  householdId?: number;
  members: Member[];
  onEdit?: (m: Member) => void;
  onRemove?: (m: Member) => void;
  testId?: string;
}) {
  const { rt, code } = useRT();
  const mobile = useIsMobile();
  const idCell = (m: Member) =>
    householdId && m.status === 'active' ? <RevealId householdId={householdId} memberId={m.id} masked={m.idMasked} /> : <span style={{ fontFamily: 'monospace' }}>{m.idMasked}</span>;
  const statusCell = (m: Member) =>
    m.status === 'active' ? (
      <Tag color="green">{code('memberStatus', m.status)}</Tag>
    ) : (
      // Date and reason on their own line, wrapped in the cell: never running on under the pinned actions column.
      <span style={{ display: 'inline-block', whiteSpace: 'normal', wordBreak: 'break-word' }} data-testid="member-status">
        <Tag>{code('memberStatus', m.status)}</Tag>
        <span style={{ display: 'block', fontSize: 12 }}>
          {m.statusDate} {m.statusReason}
        </span>
      </span>
    );
  const healthText = (m: Member) => [code('health', m.health), m.disabilityCategory ? code('disabilityCategory', m.disabilityCategory) : ''].filter(Boolean).join(' · ') || '—';
  const gender = (v: string) => (v === 'M' ? rt('m.male') : v === 'F' ? rt('m.female') : v);
  const nameCell = (m: Member) => (
    <span data-testid="member-name">
      {m.name}
      {m.relation === 'head' && m.status === 'active' && (
        <Tag color="red" style={{ marginInlineStart: 4 }}>
          {code('relation', 'head')}
        </Tag>
      )}
    </span>
  );
  const actions = (m: Member) =>
    m.status === 'active' && (onEdit || onRemove) ? (
      <Space size={0}>
        {onEdit && (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEdit(m)} data-testid={`member-edit-${m.id}`}>
            {rt('m.edit')}
          </Button>
        )}
        {onRemove && (
          <Button type="link" size="small" danger icon={<UserDeleteOutlined />} onClick={() => onRemove(m)} data-testid={`member-remove-${m.id}`}>
            {rt('m.remove')}
          </Button>
        )}
      </Space>
    ) : null;

  if (mobile) {
    return (
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid={testId}>
        {members.map((m) => (
          <Card key={m.id} size="small" className={m.status === 'active' ? '' : 'fp-row-inactive'} styles={{ body: { padding: 12 } }} data-testid="member-card">
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
              <strong style={{ fontSize: 15 }}>{nameCell(m)}</strong>
              {statusCell(m)}
            </div>
            <div style={{ color: '#666', fontSize: 13, marginTop: 4 }}>
              {[code('relation', m.relation), gender(m.gender), m.birthDate].join(' · ')}
            </div>
            <div style={{ color: '#666', fontSize: 13 }}>
              {[healthText(m), code('labour', m.labourCapacity) || '—', code('schoolStatus', m.schoolStatus) || '—'].join(' · ')}
            </div>
            <div style={{ marginTop: 4 }}>{idCell(m)}</div>
            {actions(m)}
          </Card>
        ))}
      </div>
    );
  }

  const columns: TableProps<Member>['columns'] = [
    {
      title: rt('m.name'),
      dataIndex: 'name',
      width: 110,
      fixed: 'left',
      render: (_: string, m) => nameCell(m),
    },
    {
      title: rt('m.idNumber'),
      dataIndex: 'idMasked',
      width: 200,
      render: (_: string, m) => idCell(m),
    },
    { title: rt('m.relation'), dataIndex: 'relation', width: 100, render: (v: string) => code('relation', v) },
    { title: rt('m.gender'), dataIndex: 'gender', width: 60, render: (v: string) => gender(v) },
    { title: rt('m.birthDate'), dataIndex: 'birthDate', width: 110 },
    { title: rt('m.health'), dataIndex: 'health', width: 110, render: (_: string | null, m) => healthText(m) },
    { title: rt('m.labourCapacity'), dataIndex: 'labourCapacity', width: 130, render: (v: string | null) => code('labour', v) || '—' },
    { title: rt('m.schoolStatus'), dataIndex: 'schoolStatus', width: 100, render: (v: string | null) => code('schoolStatus', v) || '—' },
    {
      title: rt('m.status'),
      dataIndex: 'status',
      width: 220,
      render: (_: string, m) => statusCell(m),
    },
  ];
  if (onEdit || onRemove) {
    columns.push({
      title: '',
      key: 'actions',
      width: 190,
      // Kept in view on an office screen narrower than the table (1366 px): the edit and remove buttons are the point.
      fixed: 'right',
      render: (_: unknown, m) => actions(m),
    });
  }
  return (
    <Table<Member>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={members}
      pagination={false}
      scroll={{ x: 1190 }}
      rowClassName={(m) => (m.status === 'active' ? '' : 'fp-row-inactive')}
      data-testid={testId}
    />
  );
}
