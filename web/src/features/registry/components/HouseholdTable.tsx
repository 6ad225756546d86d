import { Link, useNavigate } from 'react-router-dom';
import { Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import type { SortOrder } from '../../../hooks/useListQuery';
import { useRT } from '../messages';
import { CategoryTag, FlagTags } from './tags';
import type { HouseholdListItem, HouseholdPage } from '../types';

export const SORTS = ['householdNo', 'headName', 'perCapitaIncome', 'memberCount', 'updatedAt'] as const;
export type SortKey = (typeof SORTS)[number];

interface Props {
  data: HouseholdPage | null;
  loading: boolean;
  page: number;
  pageSize: number;
  sort?: SortKey;
  order?: SortOrder;
  /** The sorter and the pager arrive together; a new sort or page size starts again at page 1. */
  onChange: (q: { page: number; pageSize: number; sort?: SortKey; order?: SortOrder }) => void;
}

/** The households on a desk: sortable columns, the pager with "more than N" for a capped search. */
export function HouseholdTable({ data, loading, page, pageSize, sort, order, onChange }: Props) {
  const { lang } = useI18n();
  const { rt, money, listTotal } = useRT();
  const navigate = useNavigate();

  const sorted = (k: SortKey) => (sort === k ? (order === 'desc' ? 'descend' : 'ascend') : null);
  const columns: TableProps<HouseholdListItem>['columns'] = [
    {
      title: rt('col.householdNo'),
      dataIndex: 'householdNo',
      key: 'householdNo',
      width: 150,
      fixed: 'left',
      sorter: true,
      sortOrder: sorted('householdNo'),
      render: (v: string, h) => (
        <Link to={`/households/${h.id}`} data-testid="hh-cell-no">
          {v}
        </Link>
      ),
    },
    { title: rt('col.township'), dataIndex: 'townshipName', width: 110, render: (v: string | null) => <span data-testid="hh-cell-township">{v ?? '—'}</span> },
    { title: rt('col.village'), dataIndex: 'villageName', width: 130 },
    { title: rt('col.head'), dataIndex: 'headName', key: 'headName', width: 100, sorter: true, sortOrder: sorted('headName'), render: (v: string | null, h) => (
        <>
          <span data-testid="hh-cell-head">{v ?? '—'}</span>
          {/* A member search finds a person; the row is the household, so say whom it found when that is not the head. */}
          {h.matchedName && h.matchedName !== v && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="hh-cell-matched">
              {rt('col.matched', { name: h.matchedName })}
            </Typography.Text>
          )}
        </>
      ) },
    { title: rt('col.headId'), dataIndex: 'headIdMasked', width: 190, render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span> },
    {
      title: rt('col.category'),
      dataIndex: 'category',
      width: 200,
      render: (_: string, h) => (
        <Space size={4} wrap>
          <CategoryTag category={h.category} monitoringType={h.monitoringType} />
          <FlagTags value={h} />
        </Space>
      ),
    },
    { title: rt('col.members'), dataIndex: 'memberCount', key: 'memberCount', width: 80, align: 'right', sorter: true, sortOrder: sorted('memberCount') },
    { title: rt('col.income'), dataIndex: 'perCapitaIncome', key: 'perCapitaIncome', width: 130, align: 'right', sorter: true, sortOrder: sorted('perCapitaIncome'), render: (v: number | null) => money(v) },
    { title: rt('col.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 170, sorter: true, sortOrder: sorted('updatedAt'), render: (v: string) => formatTime(v, lang) },
  ];

  const onTable: TableProps<HouseholdListItem>['onChange'] = (pg, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sortKey = s?.order ? (s.columnKey as SortKey) : undefined;
    const nextOrder = sortKey ? (s?.order === 'descend' ? 'desc' : 'asc') : undefined;
    const sortChanged = sortKey !== sort || (sortKey && nextOrder !== order);
    onChange({
      sort: sortKey,
      order: nextOrder,
      page: sortChanged || pg.pageSize !== pageSize ? 1 : (pg.current ?? 1),
      pageSize: pg.pageSize ?? pageSize,
    });
  };

  return (
    <Table<HouseholdListItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      scroll={{ x: 1260 }}
      onChange={onTable}
      locale={{ emptyText: rt('list.empty') }}
      onRow={(h) => ({ onDoubleClick: () => navigate(`/households/${h.id}`) })}
      data-testid="hh-table"
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (n) => listTotal(n, data?.totalExact ?? true),
      }}
    />
  );
}
