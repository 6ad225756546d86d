import { useEffect, useMemo, useState } from 'react';
import { Button, Select, Table, Tag, Typography } from 'antd';
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

/** The detected column → field mapping; the user may change a column and check the file again. */
export function ImportMapping({ columns, busy, onRecheck }: { columns: MappedColumn[]; busy: boolean; onRecheck: (mapping: Record<string, string | null>) => void }) {
  const rt = useT();
  const { lang } = useI18n();
  const [fields, setFields] = useState<ImportField[]>([]);
  const [edits, setEdits] = useState<Record<string, string | null>>({});
  useEffect(() => {
    loadFields().then(setFields).catch(() => {});
  }, []);
  useEffect(() => setEdits({}), [columns]);

  const options = useMemo(
    () => [{ value: '', label: rt('imp.ignore') }, ...fields.map((f) => ({ value: f.key, label: `${lang === 'en' ? f.en : f.zh}${f.required ? ' *' : ''}` }))],
    [fields, lang, rt],
  );
  const named = columns.filter((c) => c.header);
  const changed = Object.keys(edits).length > 0;

  const recheck = () => {
    const mapping: Record<string, string | null> = {};
    for (const c of named) mapping[c.header] = c.header in edits ? edits[c.header]! : c.field;
    onRecheck(mapping);
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
      <Button style={{ marginTop: 8 }} icon={<ReloadOutlined />} disabled={!changed} loading={busy} onClick={recheck} data-testid="imp-recheck">
        {rt('imp.recheck')}
      </Button>
    </div>
  );
}
