import { Link } from 'react-router-dom';
import { Card, Table, Tag } from 'antd';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useListQuery } from '../../../hooks/useListQuery';
import { useT } from '../messages';
import { importsApi } from '../api';
import type { ImportJob } from '../types';

const NO_FILTERS = [] as const;

/** The user's previous imports, newest first (the page in the address bar). */
export function ImportHistory({ reloadKey }: { reloadKey: string | number }) {
  const { lang } = useI18n();
  const rt = useT();
  const { data, query, setPage } = useListQuery({
    filters: NO_FILTERS,
    pageSize: 10,
    load: ({ page, pageSize }, signal) => importsApi.mine(page, pageSize, signal),
    reloadKey,
  });

  return (
    <Card size="small" title={rt('imp.history')} style={{ marginTop: 12 }}>
      <Table<ImportJob>
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        scroll={{ x: 640 }}
        data-testid="imp-history"
        pagination={{ current: query.page, pageSize: 10, total: data?.total ?? 0, onChange: (p) => setPage(p), hideOnSinglePage: true }}
        columns={[
          { title: rt('imp.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v, lang) },
          { title: rt('imp.file'), dataIndex: 'fileName', render: (v: string, j) => <Link to={`/households/import/${j.id}`}>{v}</Link> },
          { title: rt('imp.state'), dataIndex: 'state', width: 150, render: (v: ImportJob['state']) => <Tag>{rt(`imp.state.${v}`)}</Tag> },
          {
            // Households and member rows apart: "3 / 1" households next to "7 / 2 / 1" rows, never mixed in one cell.
            title: rt('imp.colHouseholds'),
            key: 'households',
            width: 130,
            render: (_: unknown, j) => (j.counts ? `${j.counts.households.new} / ${j.counts.households.updated}` : '—'),
          },
          {
            title: rt('imp.colRows'),
            key: 'rows',
            width: 170,
            render: (_: unknown, j) => (j.counts ? `${j.counts.rows.new} / ${j.counts.rows.updated} / ${j.counts.rows.error}` : '—'),
          },
        ]}
      />
    </Card>
  );
}
