import { useState } from 'react';
import { Col, Row, Space, Typography } from 'antd';
import { useAuth } from '../../../auth';
import { useT } from '../messages';
import { AreaTreeCard } from '../components/AreaTreeCard';
import { AreaDetailCard } from '../components/AreaDetailCard';
import { AreaImportCard } from '../components/AreaImportCard';

/** 区划管理: the tree and search on the left, the chosen area and (county administrators) the import on the right. */
export default function AreasPage() {
  const { can } = useAuth();
  const t = useT();
  const [selected, setSelected] = useState<string | null>(null);
  const [treeKey, setTreeKey] = useState(0);

  return (
    <div data-testid="areas-page">
      <Typography.Title level={3} className="fp-page-title">
        {t('menu.areas')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <AreaTreeCard selected={selected} onSelect={setSelected} reloadKey={treeKey} />
        </Col>
        <Col xs={24} md={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <AreaDetailCard code={selected} />
            {can('areas.import') && <AreaImportCard onImported={() => setTreeKey((n) => n + 1)} />}
          </Space>
        </Col>
      </Row>
    </div>
  );
}
