import { useEffect, useState } from 'react';
import { Alert, Button, Select, Space, Table, Typography } from 'antd';
import { useAuth } from '../../../auth';
import { useI18n } from '../../../i18n';
import { useT } from '../messages';
import { screeningApi, type Dataset, type Problems, type Template } from '../api';

/** A dataset's file problems, column mapping and row problems (its officer), and submit / compare buttons. */
export function DatasetDetail({ dataset: d, onChanged }: { dataset: Dataset; onChanged: () => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { can } = useAuth();
  const officer = can('screening.upload');
  const [problems, setProblems] = useState<Problems | null>(null);
  const [page, setPage] = useState(1);
  const [mapping, setMapping] = useState<Record<string, string | null>>(d.mapping);
  const [template, setTemplate] = useState<Template | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (officer) void screeningApi.problems(d.id, page).then(setProblems);
  }, [d.id, page, officer]);
  useEffect(() => {
    if (officer && d.state === 'draft') void screeningApi.templates().then((all) => setTemplate(all.find((x) => x.key === d.template)));
  }, [d.template, d.state, officer]);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      onChanged();
    } catch {
      // shown by the API client
    } finally {
      setBusy(false);
    }
  };
  const txt = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh);

  return (
    <div data-testid={`dataset-${d.id}`}>
      {d.fileProblems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={t('ds.fileProblems')} description={d.fileProblems.map(txt).join('；')} />}
      {officer && d.state === 'draft' && template && (
        <div style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('ds.mapping')}</Typography.Text>
          <Space wrap style={{ display: 'flex', marginTop: 4 }}>
            {Object.keys(d.mapping).map((col) => (
              <Space key={col} size={4}>
                <span>{col} →</span>
                <Select
                  style={{ minWidth: 140 }}
                  value={mapping[col] ?? ''}
                  onChange={(v: string) => setMapping({ ...mapping, [col]: v || null })}
                  options={[{ value: '', label: t('ds.ignore') }, ...template.fields.map((f) => ({ value: f.key, label: txt(f) }))]}
                />
              </Space>
            ))}
          </Space>
          <Button style={{ marginTop: 6 }} loading={busy} onClick={() => void act(() => screeningApi.remap(d.id, mapping))}>
            {t('ds.mappingSave')}
          </Button>
        </div>
      )}
      {officer && problems && problems.total > 0 && (
        <Table
          size="small"
          rowKey="rowNo"
          title={() => t('ds.problems')}
          dataSource={problems.items}
          pagination={{ current: page, pageSize: 50, total: problems.total, onChange: setPage }}
          columns={[
            { title: t('ds.row'), dataIndex: 'rowNo', width: 70 },
            { title: t('ds.name'), dataIndex: 'name' },
            { title: t('ds.id'), dataIndex: 'idMasked' },
            { title: t('ds.problem'), render: (_, r) => r.problems.map((p) => `${p.column}：${txt(p)}`).join('；') },
          ]}
        />
      )}
      <Space style={{ marginTop: 8 }}>
        {officer && d.state === 'draft' && (
          <Button type="primary" loading={busy} disabled={d.errorRows + d.fileProblems.length > 0} onClick={() => void act(() => screeningApi.submit(d.id))} data-testid="ds-submit">
            {t('ds.submit')}
          </Button>
        )}
        {can('screening.run') && d.state === 'submitted' && (
          <Button type="primary" loading={busy} onClick={() => void act(() => screeningApi.startRun(d.id))} data-testid="ds-run">
            {t('ds.run')}
          </Button>
        )}
      </Space>
    </div>
  );
}
