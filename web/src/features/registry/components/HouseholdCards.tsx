import { Card, Empty, Pagination, Space, Spin, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useRT } from '../messages';
import { CategoryTag, FlagTags } from './tags';
import type { HouseholdListItem } from '../types';

/** The list on a phone: one tappable card per household instead of the wide table. */
export function HouseholdCards({
  items,
  total,
  totalExact,
  page,
  pageSize,
  loading,
  onPage,
}: {
  items: HouseholdListItem[];
  total: number;
  /** False: `total` is a lower bound (a capped search); the pager says "more than". */
  totalExact: boolean;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
}) {
  const { rt, money, listTotal } = useRT();
  const navigate = useNavigate();
  return (
    <Spin spinning={loading}>
      <div data-testid="hh-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {!items.length && !loading && <Empty description={rt('list.empty')} />}
        {items.map((h) => (
          <Card
            key={h.id}
            size="small"
            hoverable
            onClick={() => navigate(`/households/${h.id}`)}
            data-testid="hh-card"
            styles={{ body: { padding: 12 } }}
          >
            <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Space size={6} wrap style={{ marginBottom: 4 }}>
                  <Typography.Text strong style={{ fontSize: 16 }} data-testid="hh-card-head">
                    {h.headName ?? '—'}
                  </Typography.Text>
                  <CategoryTag category={h.category} monitoringType={h.monitoringType} />
                  <FlagTags value={h} />
                </Space>
                {h.matchedName && h.matchedName !== h.headName && (
                  <div style={{ color: '#666', fontSize: 13 }} data-testid="hh-card-matched">
                    {rt('col.matched', { name: h.matchedName })}
                  </div>
                )}
                <div style={{ color: '#666', fontSize: 13 }}>
                  <span data-testid="hh-card-no">{h.householdNo}</span> · {h.townshipName ? `${h.townshipName} ` : ''}{h.villageName} · {rt('unit.people', { n: h.memberCount })}
                </div>
                <div style={{ color: '#666', fontSize: 13 }}>
                  {h.headIdMasked ?? '—'} · {rt('col.income')} {money(h.perCapitaIncome)}
                </div>
              </div>
              <RightOutlined style={{ color: '#bbb' }} />
            </div>
          </Card>
        ))}
        {total > 0 && (
          <Pagination
            simple
            current={page}
            pageSize={pageSize}
            total={total}
            onChange={onPage}
            showTotal={(n) => listTotal(n, totalExact)}
            style={{ textAlign: 'center', marginTop: 8 }}
          />
        )}
      </div>
    </Spin>
  );
}
