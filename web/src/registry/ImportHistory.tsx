import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Table, Tag } from 'antd';
import { api, type Page } from '../api';
import { useI18n } from '../i18n';
import { formatTime } from '../format';
import { useRT } from './messages';
import type { ImportJob } from './types';

/** The user's previous imports, newest first. */
export function ImportHistory({ reloadKey }: { reloadKey: string | number }) {
  const { lang } = useI18n();
  const { rt } = useRT();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<ImportJob> | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    api
      .get<Page<ImportJob>>('/api/imports', { mine: true, page, pageSize: 10 }, { signal: ctl.signal, silent: true })
      .then(setData)
      .catch(() => {});
    return () => ctl.abort();
  }, [page, reloadKey]);

  return (
    <Card size="small" title={rt('imp.history')} style={{ marginTop: 12 }}>
      <Table<ImportJob>
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        scroll={{ x: 640 }}
        data-testid="imp-history"
        pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          { title: rt('imp.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v, lang) },
          { title: rt('imp.file'), dataIndex: 'fileName', render: (v: string, j) => <Link to={`/households/import/${j.id}`}>{v}</Link> },
          { title: rt('imp.state'), dataIndex: 'state', width: 150, render: (v: ImportJob['state']) => <Tag>{rt(`imp.state.${v}`)}</Tag> },
          {
            title: `${rt('imp.new')} / ${rt('imp.updated')} / ${rt('imp.errors')}`,
            key: 'counts',
            width: 170,
            render: (_: unknown, j) => (j.counts ? `${j.counts.households.new} / ${j.counts.households.updated} / ${j.counts.rows.error}` : '—'),
          },
        ]}
      />
    </Card>
  );
}
