import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { ApiError } from '../../../api/client';
import { useT } from '../messages';
import { areasApi, type AreaImportResult } from '../api';

/** Imports a province, city, county or township from the national division codes; the server's message on failure. */
export function AreaImportCard({ onImported }: { onImported: () => void }) {
  const t = useT();
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<AreaImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onImport = async (values: { code: string }) => {
    setImporting(true);
    setError(null);
    setResult(null);
    try {
      setResult(await areasApi.import(values.code.trim()));
      onImported();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setImporting(false);
    }
  };

  return (
    <Card title={t('areas.import')} size="small" data-testid="area-import">
      <Typography.Paragraph type="secondary">{t('areas.importHint')}</Typography.Paragraph>
      <Form<{ code: string }> layout="inline" onFinish={(v) => void onImport(v)} className="fp-filters">
        <Form.Item name="code" label={t('areas.importCode')} rules={[{ required: true, whitespace: true, message: t('areas.importCodeRequired') }]}>
          <Input inputMode="numeric" maxLength={12} placeholder="140430" data-testid="area-import-code" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={importing} data-testid="area-import-submit">
            {t('areas.importSubmit')}
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="area-import-error" />}
      {result && (
        <Alert
          type="success"
          showIcon
          title={t('areas.importDone')}
          data-testid="area-import-result"
          description={
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('areas.name')}>
                <span data-testid="area-import-name">{result.name}</span> ({result.code})
              </Descriptions.Item>
              <Descriptions.Item label={t('areas.importTotal')}>
                <span data-testid="area-import-total">{result.total}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('areas.importInserted')}>
                <span data-testid="area-import-inserted">{result.inserted}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('areas.importUpdated')}>
                <span data-testid="area-import-updated">{result.updated}</span>
              </Descriptions.Item>
            </Descriptions>
          }
        />
      )}
    </Card>
  );
}
