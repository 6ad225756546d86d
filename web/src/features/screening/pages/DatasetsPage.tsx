import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Input, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth';
import { useI18n } from '../../../i18n';
import { useListQuery } from '../../../hooks/useListQuery';
import { useT } from '../messages';
import { screeningApi, type Dataset, type Template } from '../api';
import { DatasetDetail } from '../components/DatasetDetail';

const FILTERS = ['period'] as const;

/** 部门数据: an officer uploads, maps and submits his department's data and sees its results; the county starts runs. */
export default function DatasetsPage() {
  const t = useT();
  const { lang } = useI18n();
  const { can, user } = useAuth();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [template, setTemplate] = useState<string>();
  const [period, setPeriod] = useState('');
  const [correction, setCorrection] = useState(false);
  const [uploading, setUploading] = useState(false);
  const list = useListQuery({ filters: FILTERS, load: ({ page, pageSize }, signal) => screeningApi.datasets({ page, pageSize }, signal) });
  const department = (user as { department?: string | null } | null)?.department;
  useEffect(() => {
    void screeningApi.templates().then((all) => setTemplates(all.filter((x) => !department || x.department === department)));
  }, [department]);
  const name = (d: Dataset) => (lang === 'en' ? d.templateEn : d.templateZh);

  const upload = async (file: File) => {
    if (!template || !/^\d{4}-\d{2}$/.test(period)) return;
    const form = new FormData();
    form.append('file', file, file.name);
    setUploading(true);
    try {
      await screeningApi.upload({ template, period, correction }, form);
      list.reload();
    } catch {
      // shown by the API client
    } finally {
      setUploading(false);
    }
  };

  return (
    <div data-testid="datasets-page">
      <Typography.Title level={3} className="fp-page-title">
        {t('ds.title')}
      </Typography.Title>
      {can('screening.upload') && (
        <Card size="small" title={t('ds.upload')} style={{ marginBottom: 12 }}>
          <Space wrap>
            <Select
              style={{ minWidth: 220 }}
              placeholder={t('ds.template')}
              value={template}
              onChange={setTemplate}
              options={templates.map((x) => ({ value: x.key, label: lang === 'en' ? x.en : x.zh }))}
              data-testid="ds-template"
            />
            <Input type="month" value={period} onChange={(e) => setPeriod(e.target.value)} placeholder={t('ds.period')} style={{ width: 160 }} data-testid="ds-period" />
            <Checkbox checked={correction} onChange={(e) => setCorrection(e.target.checked)}>
              {t('ds.correction')}
            </Checkbox>
            <Upload accept=".xlsx,.csv" showUploadList={false} disabled={!template || !period} beforeUpload={(f) => (void upload(f), false)}>
              <Button type="primary" icon={<UploadOutlined />} loading={uploading} disabled={!template || !period} data-testid="ds-upload">
                {t('ds.chooseFile')}
              </Button>
            </Upload>
          </Space>
          {(!template || !period) && <div style={{ color: '#888', marginTop: 6 }}>{t('ds.needPeriod')}</div>}
        </Card>
      )}
      <Table<Dataset>
        rowKey="id"
        size="small"
        scroll={{ x: 800 }}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: list.query.page, pageSize: list.query.pageSize, total: list.data?.total ?? 0, onChange: list.setPage }}
        expandable={{ expandedRowRender: (d) => <DatasetDetail dataset={d} onChanged={list.reload} /> }}
        columns={[
          { title: t('ds.period'), dataIndex: 'period' },
          { title: t('ds.template'), render: (_, d) => name(d) },
          { title: t('ds.version'), dataIndex: 'version' },
          { title: t('ds.state'), render: (_, d) => <Tag color={d.state === 'submitted' ? 'green' : d.state === 'draft' ? 'blue' : 'default'}>{t(`ds.state.${d.state}`)}</Tag> },
          { title: t('ds.rows'), dataIndex: 'rowCount' },
          { title: t('ds.errors'), render: (_, d) => (d.errorRows + d.fileProblems.length ? <Tag color="red">{d.errorRows + d.fileProblems.length}</Tag> : 0) },
          { title: t('ds.matchRate'), render: (_, d) => (d.match ? `${Math.round(d.match.rate * 1000) / 10}%` : '—') },
          { title: t('ds.results'), render: (_, d) => d.results.map((r) => `${r.count} ${t(`warnings.state.${r.state}` as 'warnings.state.open')}`).join('，') || '—' },
        ]}
      />
    </div>
  );
}
