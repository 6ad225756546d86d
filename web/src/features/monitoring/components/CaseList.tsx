import { Card, Empty, Pagination, Space, Table, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useIsMobile } from '../../../responsive';
import { useMT } from '../messages';
import type { Case } from '../api';
import { UrgencyTag } from './UrgencyTag';

type Item = Pick<
  Case,
  'id' | 'caseNo' | 'kind' | 'channel' | 'headName' | 'householdNo' | 'villageName' | 'townshipName' | 'state' | 'stateLabel' | 'stepDueOn' | 'dueOn' | 'urgency' | 'returnedReason'
>;

/** The page shown of all the list's cases (the server pages them, overdue first). */
export interface CasePaging {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number, pageSize: number) => void;
}

/** Cases as a table on a desk and as tappable cards on a phone (overdue first: the server's order), a page at a time. */
export function CaseList({ items, loading, empty, testId, paging }: { items: Item[]; loading: boolean; empty: string; testId: string; paging?: CasePaging }) {
  const isMobile = useIsMobile();
  const { mt, lang } = useMT();
  const navigate = useNavigate();
  const place = (c: Item) => [c.townshipName, c.villageName].filter(Boolean).join(' · ');
  const who = (c: Item) => `${c.headName ?? '—'}${c.householdNo ? ` · ${c.householdNo}` : ''}`;

  if (isMobile)
    return (
      <div data-testid={`${testId}-cards`} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {!items.length && !loading && <Empty description={empty} />}
        {items.map((c) => (
          <Card key={c.id} size="small" hoverable onClick={() => navigate(`/monitoring/cases/${c.id}`)} data-testid="case-card" styles={{ body: { padding: 12 } }}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Space size={6} wrap style={{ marginBottom: 4 }}>
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {c.headName ?? '—'}
                  </Typography.Text>
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {c.stateLabel[lang]}
                  </Tag>
                  <UrgencyTag urgency={c.urgency} />
                </Space>
                <div style={{ color: '#666', fontSize: 13 }}>
                  <span data-testid="case-card-no">{c.caseNo}</span> · {mt(`kind.${c.kind}` as 'kind.identification')}
                </div>
                <div style={{ color: '#666', fontSize: 13 }}>{place(c)}</div>
                <div style={{ color: '#666', fontSize: 13 }}>
                  {mt('col.stepDue')} {c.stepDueOn} · {mt('col.due')} {c.dueOn}
                </div>
                {c.returnedReason && <div style={{ color: '#cf1322', fontSize: 13 }}>{mt('case.returned', { reason: c.returnedReason })}</div>}
              </div>
              <RightOutlined style={{ color: '#bbb' }} />
            </div>
          </Card>
        ))}
        {paging && paging.total > paging.pageSize && (
          <Pagination simple current={paging.page} pageSize={paging.pageSize} total={paging.total} onChange={paging.onChange} style={{ alignSelf: 'center' }} data-testid={`${testId}-pager`} />
        )}
      </div>
    );

  return (
    <Table<Item>
      data-testid={`${testId}-table`}
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={
        paging && paging.total > paging.pageSize
          ? { current: paging.page, pageSize: paging.pageSize, total: paging.total, onChange: paging.onChange, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200] }
          : false
      }
      locale={{ emptyText: <Empty description={empty} /> }}
      scroll={{ x: 900 }}
      columns={[
        {
          title: mt('col.caseNo'),
          dataIndex: 'caseNo',
          render: (v: string, c) => (
            <Link to={`/monitoring/cases/${c.id}`} data-testid="case-link">
              {v}
            </Link>
          ),
        },
        { title: mt('col.kind'), dataIndex: 'kind', render: (v: string) => mt(`kind.${v}` as 'kind.identification') },
        { title: mt('col.household'), key: 'hh', render: (_, c) => <span data-testid="case-cell-head">{who(c)}</span> },
        { title: mt('col.place'), key: 'place', render: (_, c) => place(c) },
        {
          title: mt('col.step'),
          key: 'step',
          render: (_, c) => (
            <Space size={4} wrap>
              <span data-testid="case-cell-step">{c.stateLabel[lang]}</span>
              <UrgencyTag urgency={c.urgency} />
              {c.returnedReason && <Tag color="volcano">{mt('tr.townshipReturn')}</Tag>}
            </Space>
          ),
        },
        { title: mt('col.stepDue'), dataIndex: 'stepDueOn' },
        { title: mt('col.due'), dataIndex: 'dueOn' },
        { title: mt('col.channel'), dataIndex: 'channel', render: (v: string) => mt(`channel.${v}` as 'channel.self') },
      ]}
    />
  );
}
