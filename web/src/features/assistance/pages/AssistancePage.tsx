import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Typography, Upload } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, download } from '../../../api/client';
import { useAuth } from '../../../auth';
import { MEASURE_GROUPS } from '../../../../../src/shared/assistance';
import { assistanceApi, type CatalogueItem, type Overdue, type Schedule, type WarningQuery, type Warnings } from '../api';
import { useAT } from '../messages';

/** 帮扶管理: the area's warnings and overdue visits by township, pairing from a file, the catalogue and schedule. */
export default function AssistancePage() {
  const { can } = useAuth();
  const { at } = useAT();
  const [tab, setTab] = useState('warnings');
  return (
    <div data-testid="assistance-page">
      <Typography.Title level={3} className="fp-page-title" style={{ marginBottom: 8 }}>
        {at('a.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'warnings', label: <span data-testid="tab-warnings">{at('w.title')}</span>, children: tab === 'warnings' ? <WarningsTab /> : null },
          { key: 'overdue', label: <span data-testid="tab-overdue">{at('o.title')}</span>, children: tab === 'overdue' ? <OverdueTab /> : null },
          ...(can('assistance.assign') ? [{ key: 'import', label: <span data-testid="tab-import">{at('a.import')}</span>, children: tab === 'import' ? <ImportTab /> : null }] : []),
          { key: 'catalogue', label: <span data-testid="tab-catalogue">{at('c.title')}</span>, children: tab === 'catalogue' ? <CatalogueTab /> : null },
        ]}
      />
    </div>
  );
}

function HouseholdLink({ id, name }: { id: number; name: string }) {
  return <Link to={`/assistance/households/${id}`}>{name}</Link>;
}

function WarningsTab() {
  const { at, atx } = useAT();
  const [query, setQuery] = useState<WarningQuery>({});
  const [data, setData] = useState<Warnings | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    assistanceApi.warnings(query, ctl.signal).then(setData, () => {});
    return () => ctl.abort();
  }, [query]);
  if (!data) return null;
  return (
    <div data-testid="warnings">
      <Alert type={data.total ? 'warning' : 'info'} showIcon style={{ marginBottom: 12 }} title={at('w.counts', { a: data.counts.noWorkMeasure, b: data.counts.noHelper, c: data.counts.measureEnding })} />
      {data.byTownship.length > 0 && (
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          style={{ marginBottom: 12 }}
          dataSource={data.byTownship}
          onRow={(t) => ({ onClick: () => setQuery({ ...query, areaCode: t.code.slice(0, 9) }), style: { cursor: 'pointer' } })}
          columns={[
            { title: at('w.township'), dataIndex: 'name' },
            { title: atx('w.no_work_measure'), dataIndex: 'noWorkMeasure', align: 'right' },
            { title: atx('w.no_helper'), dataIndex: 'noHelper', align: 'right' },
            { title: atx('w.measure_ending'), dataIndex: 'measureEnding', align: 'right' },
          ]}
        />
      )}
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          style={{ minWidth: 240 }}
          value={query.kind ?? ''}
          onChange={(v) => setQuery({ ...query, kind: (v || undefined) as WarningQuery['kind'] })}
          options={[{ value: '', label: at('w.allKinds') }, ...['no_work_measure', 'no_helper', 'measure_ending'].map((k) => ({ value: k, label: atx(`w.${k}`) }))]}
        />
        {query.areaCode && <Button onClick={() => setQuery({ ...query, areaCode: undefined })}>{at('w.township')} ✕</Button>}
        <Button icon={<DownloadOutlined />} onClick={() => void download('/api/assistance/warnings.xlsx', { query }, 'assistance-warnings.xlsx').catch(() => {})} data-testid="warnings-export">
          {at('a.export')}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey={(w) => `${w.kind}-${w.householdId}-${w.measureId ?? ''}`}
        dataSource={data.items}
        scroll={{ x: 600 }}
        locale={{ emptyText: at('w.empty') }}
        columns={[
          { title: at('w.kind'), dataIndex: 'kind', render: (k: string) => atx(`w.${k}`) },
          { title: at('col.household'), render: (_, w) => <HouseholdLink id={w.householdId} name={`${w.headName ?? ''} ${w.householdNo}`} /> },
          { title: at('col.village'), dataIndex: 'villageName' },
          { title: at('m.content'), render: (_, w) => (w.measureContent ? `${w.measureContent}（${w.endOn}）` : '') },
        ]}
      />
    </div>
  );
}

function OverdueTab() {
  const { at } = useAT();
  const [data, setData] = useState<Overdue | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    assistanceApi.overdue(undefined, ctl.signal).then(setData, () => {});
    return () => ctl.abort();
  }, []);
  if (!data) return null;
  return (
    <div data-testid="overdue">
      <Button icon={<DownloadOutlined />} style={{ marginBottom: 12 }} onClick={() => void download('/api/assistance/overdue.xlsx', { query: {} }, 'assistance-overdue.xlsx').catch(() => {})} data-testid="overdue-export">
        {at('a.export')}
      </Button>
      <Space align="start" wrap style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          title={() => at('o.byTownship')}
          dataSource={data.byTownship}
          columns={[
            { title: at('w.township'), dataIndex: 'name' },
            { title: at('o.paired'), dataIndex: 'paired', align: 'right' },
            { title: at('o.overdue'), dataIndex: 'overdue', align: 'right' },
          ]}
        />
        <Table
          size="small"
          rowKey="helperId"
          pagination={{ pageSize: 10 }}
          title={() => at('o.byHelper')}
          dataSource={data.byHelper}
          columns={[
            { title: at('col.helper'), dataIndex: 'name' },
            { title: at('o.paired'), dataIndex: 'paired', align: 'right' },
            { title: at('o.overdue'), dataIndex: 'overdue', align: 'right' },
          ]}
        />
      </Space>
      <Table
        size="small"
        rowKey="householdId"
        dataSource={data.items}
        scroll={{ x: 600 }}
        locale={{ emptyText: at('o.empty') }}
        columns={[
          { title: at('col.household'), render: (_, r) => <HouseholdLink id={r.householdId} name={`${r.headName ?? ''} ${r.householdNo}`} /> },
          { title: at('col.village'), dataIndex: 'villageName' },
          { title: at('col.helper'), dataIndex: 'helperName' },
          { title: at('col.due'), dataIndex: 'dueOn' },
          { title: at('o.days'), dataIndex: 'overdueDays', align: 'right' },
          { title: at('col.lastVisit'), dataIndex: 'lastVisit', render: (d: string | null) => d ?? at('mine.never') },
        ]}
      />
    </div>
  );
}

interface RowError {
  rowNo: number;
  column: string;
  zh: string;
  en: string;
}

function ImportTab() {
  const { at, lang } = useAT();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowError[]>([]);
  async function upload(file: File) {
    setBusy(true);
    setDone(null);
    setError(null);
    setRows([]);
    const form = new FormData();
    form.append('file', file);
    try {
      const r = await assistanceApi.importAssignments(form);
      setDone(at('a.imported', { rows: r.rows, changed: r.changed }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      if (err instanceof ApiError) setRows(((err.details as { rows?: RowError[] } | undefined)?.rows ?? []) as RowError[]);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div data-testid="assign-import">
      <Typography.Paragraph>{at('a.importHint')}</Typography.Paragraph>
      <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => (void upload(f), false)}>
        <Button icon={<UploadOutlined />} loading={busy} data-testid="assign-upload">
          {at('a.upload')}
        </Button>
      </Upload>
      {done && <Alert type="success" showIcon style={{ marginTop: 12 }} title={done} data-testid="assign-done" />}
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} data-testid="assign-error" />}
      {rows.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 12 }}
          rowKey={(r) => `${r.rowNo}-${r.column}-${r.zh}`}
          dataSource={rows}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: at('a.rowNo'), dataIndex: 'rowNo', width: 80 },
            { title: at('a.column'), dataIndex: 'column', width: 140 },
            { title: at('a.problem'), render: (_, r) => (lang === 'en' ? r.en : r.zh) },
          ]}
        />
      )}
    </div>
  );
}

function CatalogueTab() {
  const { can } = useAuth();
  const { at, groupName } = useAT();
  const { message } = App.useApp();
  const edit = can('assistance.configure');
  const [items, setItems] = useState<CatalogueItem[]>([]);
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [form] = Form.useForm<{ group: string; name: string }>();
  const load = () => {
    assistanceApi.catalogue().then(setItems, () => {});
    assistanceApi.schedule().then(setSchedule, () => {});
  };
  useEffect(load, []);
  const fail = (err: unknown) => message.error(err instanceof Error ? err.message : String(err));
  return (
    <div data-testid="catalogue">
      {schedule && (
        <Form
          layout="inline"
          initialValues={schedule}
          style={{ marginBottom: 16, rowGap: 8 }}
          disabled={!edit}
          onFinish={(v: Schedule) =>
            assistanceApi.saveSchedule({ monitoredMonths: v.monitoredMonths, exitedMonths: v.exitedMonths, leftBehindMonths: v.leftBehindMonths }).then((s) => {
              setSchedule(s);
              message.success(at('c.saved'));
            }, fail)
          }
        >
          <Typography.Text strong style={{ marginRight: 12 }}>
            {at('c.schedule')}
          </Typography.Text>
          <Form.Item name="monitoredMonths" label={at('c.monitored')}>
            <InputNumber min={1} max={12} />
          </Form.Item>
          <Form.Item name="exitedMonths" label={at('c.exited')}>
            <InputNumber min={1} max={12} />
          </Form.Item>
          <Form.Item name="leftBehindMonths" label={at('c.leftBehind')}>
            <InputNumber min={1} max={12} />
          </Form.Item>
          {edit && (
            <Button type="primary" htmlType="submit">
              {at('c.save')}
            </Button>
          )}
        </Form>
      )}
      {edit && (
        <Form form={form} layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v) => assistanceApi.addCatalogueItem(v as never).then(() => (form.resetFields(), load()), fail)}>
          <Form.Item name="group" rules={[{ required: true, message: at('visit.required') }]}>
            <Select style={{ minWidth: 200 }} placeholder={at('m.group')} options={MEASURE_GROUPS.map((g) => ({ value: g.code, label: groupName(g.code) }))} />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: at('visit.required') }]}>
            <Input placeholder={at('c.name')} maxLength={60} />
          </Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />}>
            {at('c.add')}
          </Button>
        </Form>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        columns={[
          { title: at('m.group'), dataIndex: 'group', render: (g: string) => groupName(g) },
          { title: at('c.name'), dataIndex: 'name' },
          {
            title: at('c.active'),
            dataIndex: 'active',
            render: (a: boolean, c) => <Switch checked={a} disabled={!edit} onChange={(v) => assistanceApi.editCatalogueItem(c.id, { active: v }).then(load, fail)} />,
          },
        ]}
      />
    </div>
  );
}
