import { Button, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { EditOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useRT } from './messages';
import { RevealId } from './RevealId';
import type { Member } from './types';

/** The members: masked IDs (revealable with permission), code labels, and edit / remove for active members. */
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
  const columns: TableProps<Member>['columns'] = [
    {
      title: rt('m.name'),
      dataIndex: 'name',
      width: 110,
      fixed: 'left',
      render: (v: string, m) => (
        <span data-testid="member-name">
          {v}
          {m.relation === 'head' && m.status === 'active' && (
            <Tag color="red" style={{ marginInlineStart: 4 }}>
              {code('relation', 'head')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: rt('m.idNumber'),
      dataIndex: 'idMasked',
      width: 250,
      render: (v: string, m) => (householdId && m.status === 'active' ? <RevealId householdId={householdId} memberId={m.id} masked={v} /> : <span style={{ fontFamily: 'monospace' }}>{v}</span>),
    },
    { title: rt('m.relation'), dataIndex: 'relation', width: 100, render: (v: string) => code('relation', v) },
    { title: rt('m.gender'), dataIndex: 'gender', width: 60, render: (v: string) => (v === 'M' ? rt('m.male') : v === 'F' ? rt('m.female') : v) },
    { title: rt('m.birthDate'), dataIndex: 'birthDate', width: 110 },
    { title: rt('m.health'), dataIndex: 'health', width: 110, render: (v: string | null, m) => [code('health', v), m.disabilityCategory ? code('disabilityCategory', m.disabilityCategory) : ''].filter(Boolean).join(' · ') || '—' },
    { title: rt('m.labourCapacity'), dataIndex: 'labourCapacity', width: 130, render: (v: string | null) => code('labour', v) || '—' },
    { title: rt('m.schoolStatus'), dataIndex: 'schoolStatus', width: 100, render: (v: string | null) => code('schoolStatus', v) || '—' },
    {
      title: rt('m.status'),
      dataIndex: 'status',
      width: 160,
      render: (v: string, m) =>
        v === 'active' ? (
          <Tag color="green">{code('memberStatus', v)}</Tag>
        ) : (
          <span>
            <Tag>{code('memberStatus', v)}</Tag>
            {m.statusDate} {m.statusReason}
          </span>
        ),
    },
  ];
  if (onEdit || onRemove) {
    columns.push({
      title: '',
      key: 'actions',
      width: 150,
      render: (_: unknown, m) =>
        m.status === 'active' && (
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
        ),
    });
  }
  return (
    <Table<Member>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={members}
      pagination={false}
      scroll={{ x: 1100 }}
      rowClassName={(m) => (m.status === 'active' ? '' : 'fp-row-inactive')}
      data-testid={testId}
    />
  );
}
