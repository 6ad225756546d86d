import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n';
import { importsApi } from '../api';
import { useT } from '../messages';
import type { ImportField, MappedColumn } from '../types';

let fieldsCache: Promise<ImportField[]> | null = null;
const loadFields = () => (fieldsCache ??= importsApi.fields().catch((e: unknown) => {
  fieldsCache = null;
  throw e;
}));

/**
 * The detected column → field mapping; the user may change a column and check the file again. A file without a
 * 脱贫年度 column may be given one year for all its 脱贫户; a head column (户主姓名 / 户主身份证号) set to "ignore" is
 * said to have consequences (rows of registered households then need their head's row in the file).
 */
export function ImportMapping({
  columns,
  busy,
  exitYear,
  onRecheck,
}: {
  columns: MappedColumn[];
  busy: boolean;
  exitYear?: number | null;
  onRecheck: (mapping: Record<string, string | null>, exitYear: number | null) => void;
}) {
  const rt = useT();
  const { lang } = useI18n();
  const [fields, setFields] = useState<ImportField[]>([]);
  const [edits, setEdits] = useState<Record<string, string | null>>({});
  useEffect(() => {
    loadFields().then(setFields).catch(() => {});
  }, []);
  const [year, setYear] = useState<number | null>(exitYear ?? null);
  useEffect(() => setEdits({}), [columns]);
  useEffect(() => setYear(exitYear ?? null), [exitYear]);

  const options = useMemo(
    () => [{ value: '', label: rt('imp.ignore') }, ...fields.map((f) => ({ value: f.key, label: `${lang === 'en' ? f.en : f.zh}${f.required ? ' *' : ''}` }))],
    [fields, lang, rt],
  );
  const named = columns.filter((c) => c.header);
  const fieldOf = (c: MappedColumn) => (c.header in edits ? edits[c.header]! : c.field);
  const changed = Object.keys(edits).length > 0 || year !== (exitYear ?? null);
  const hasExitYearColumn = named.some((c) => fieldOf(c) === 'exitYear');
  const headIgnored = named.filter((c) => c.source === 'synonym' && (c.field === 'headName' || c.field === 'headIdNumber') && !fieldOf(c));

  const recheck = () => {
    const mapping: Record<string, string | null> = {};
    for (const c of named) mapping[c.header] = fieldOf(c);
    onRecheck(mapping, hasExitYearColumn ? null : year);
  };

  return (
    <div data-testid="imp-mapping">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {rt('imp.mappingHint')}
      </Typography.Paragraph>
      <Table<MappedColumn>
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={named}
        scroll={{ x: 420, y: 320 }}
        columns={[
          { title: rt('imp.column'), dataIndex: 'header', width: 180, render: (h: string, c) => (c.source === 'duplicate' ? <Tag color="orange">{h}</Tag> : h) },
          {
            title: rt('imp.field'),
            key: 'field',
            render: (_: unknown, c) => (
              <Select
                size="small"
                value={(c.header in edits ? edits[c.header] : c.field) ?? ''}
                options={options}
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: '100%', minWidth: 180 }}
                onChange={(v: string) => setEdits((e) => ({ ...e, [c.header]: v || null }))}
                data-testid={`imp-map-${c.index}`}
              />
            ),
          },
        ]}
      />
      {headIgnored.length > 0 && (
        <Alert style={{ marginTop: 8 }} type="warning" showIcon message={rt('imp.headIgnored', { cols: headIgnored.map((c) => c.header).join('、') })} data-testid="imp-head-ignored" />
      )}
      <Space wrap style={{ marginTop: 8 }}>
        {!hasExitYearColumn && (
          <Space size={4}>
            <Typography.Text>{rt('imp.exitYearForFile')}</Typography.Text>
            <InputNumber size="small" min={2013} max={2100} value={year} onChange={(v) => setYear(v ?? null)} placeholder="2019" data-testid="imp-exit-year" />
          </Space>
        )}
        <Button icon={<ReloadOutlined />} disabled={!changed} loading={busy} onClick={recheck} data-testid="imp-recheck">
          {rt('imp.recheck')}
        </Button>
      </Space>
    </div>
  );
}
