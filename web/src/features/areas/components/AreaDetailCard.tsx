import { useEffect, useState } from 'react';
import { Breadcrumb, Card, Descriptions, Empty, Spin } from 'antd';
import { useI18n } from '../../../i18n';
import { useT } from '../messages';
import { areasApi, type AreaDetail } from '../api';

/** The chosen area: name, code, level, full path, whether it has sub-areas. */
export function AreaDetailCard({ code }: { code: string | null }) {
  const t = useT();
  const { levelLabel } = useI18n();
  const [detail, setDetail] = useState<AreaDetail | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!code) return;
    const ctl = new AbortController();
    setLoading(true);
    areasApi
      .get(code, { signal: ctl.signal })
      .then(setDetail)
      .catch(() => {})
      .finally(() => setLoading(false));
    return () => ctl.abort();
  }, [code]);

  return (
    <Card title={t('areas.detail')} size="small" data-testid="area-detail">
      <Spin spinning={loading}>
        {!detail ? (
          <Empty description={t('areas.pickOne')} />
        ) : (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('areas.name')}>
              <span data-testid="area-detail-name">{detail.name}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('areas.code')}>
              <span data-testid="area-detail-code">{detail.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('areas.level')}>{levelLabel(detail.level)}</Descriptions.Item>
            <Descriptions.Item label={t('areas.path')}>
              <span data-testid="area-detail-path">
                <Breadcrumb items={detail.path.map((p) => ({ title: p.name }))} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('areas.hasChildren')}>{detail.hasChildren ? t('areas.yes') : t('areas.no')}</Descriptions.Item>
          </Descriptions>
        )}
      </Spin>
    </Card>
  );
}
