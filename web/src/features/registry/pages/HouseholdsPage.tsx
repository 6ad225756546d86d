import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Space, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth';
import { useIsMobile } from '../../../responsive';
import { oneOf, useListQuery, type ListQuery } from '../../../hooks/useListQuery';
import { useRT } from '../messages';
import { registryApi, type ExportQuery } from '../api';
import { HouseholdFilters, type ListFilters } from '../components/HouseholdFilters';
import { HouseholdCards } from '../components/HouseholdCards';
import { ExportModal } from '../components/ExportModal';
import { HouseholdTable, SORTS, type SortKey } from '../components/HouseholdTable';
import { CATEGORIES, FLAGS, type Flag } from '../types';

/** `flags` is comma-joined in the address bar (`?flags=isDibao,isTekun`: the home page's figures link to such lists). */
const FILTERS = ['q', 'townshipCode', 'villageCode', 'category', 'flags'] as const;
type Filters = ListQuery<(typeof FILTERS)[number], SortKey>['filters'];

function flagsOf(f: Filters): Flag[] {
  return (f.flags ?? '').split(',').filter((x): x is Flag => (FLAGS as string[]).includes(x));
}

/** The search and filters as the API takes them (the list and the export). */
function filterQuery(f: Filters): ExportQuery {
  const q: ExportQuery = { q: f.q, townshipCode: f.townshipCode, villageCode: f.villageCode, category: oneOf(CATEGORIES, f.category) };
  for (const flag of flagsOf(f)) q[flag] = true;
  return q;
}

/** 农户信息: search and filter the households in the user's area; a table on a desk, cards on a phone. */
export default function HouseholdsPage() {
  const { can } = useAuth();
  const { rt } = useRT();
  const { message } = AntApp.useApp();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [exporting, setExporting] = useState(false);
  const list = useListQuery({
    filters: FILTERS,
    sorts: SORTS,
    load: ({ filters, page, pageSize, sort, order }, signal) =>
      registryApi.list({ ...filterQuery(filters), sort, order: sort ? order : undefined, page, pageSize }, signal),
  });
  const { query, data } = list;
  const shown: ListFilters = { q: query.filters.q, townshipCode: query.filters.townshipCode, villageCode: query.filters.villageCode, category: oneOf(CATEGORIES, query.filters.category), flags: flagsOf(query.filters) };

  const [exportOpen, setExportOpen] = useState(false);
  const doExport = async (full: boolean) => {
    setExporting(true);
    try {
      const name = await registryApi.export({ ...filterQuery(query.filters), full: full || undefined });
      setExportOpen(false);
      void message.success(rt('list.exported', { name }));
    } catch {
      // shown by the API client
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="households-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: '1 0 auto', whiteSpace: 'nowrap' }}>
          {rt('list.title')}
        </Typography.Title>
        <Space wrap>
          {can('registry.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/households/new')} data-testid="hh-create">
              {rt('list.create')}
            </Button>
          )}
          {can('registry.import') && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/households/import')} data-testid="hh-import">
              {rt('list.import')}
            </Button>
          )}
          {can('registry.export') && (
            <Button icon={<DownloadOutlined />} onClick={() => setExportOpen(true)} data-testid="hh-export">
              {rt('list.export')}
            </Button>
          )}
        </Space>
      </div>
      <ExportModal open={exportOpen} busy={exporting} onCancel={() => setExportOpen(false)} onExport={(full) => void doExport(full)} />
      <HouseholdFilters
        value={shown}
        onChange={(f) => list.setFilters({ q: f.q, townshipCode: f.townshipCode, villageCode: f.villageCode, category: f.category, flags: f.flags?.join(',') })}
        onReset={list.reset}
      />
      {isMobile ? (
        <HouseholdCards
          items={data?.items ?? []}
          total={data?.total ?? 0}
          totalExact={data?.totalExact ?? true}
          page={query.page}
          pageSize={query.pageSize}
          loading={list.loading}
          onPage={list.setPage}
        />
      ) : (
        <HouseholdTable
          data={data}
          loading={list.loading}
          page={query.page}
          pageSize={query.pageSize}
          sort={query.sort}
          order={query.order}
          onChange={list.update}
        />
      )}
    </div>
  );
}
