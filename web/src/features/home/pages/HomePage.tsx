import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Breadcrumb, Card, Col, Descriptions, Row, Typography } from 'antd';
import { RegistryOverview } from '../../registry/components/RegistryOverview';
import { areasApi, type AreaDetail } from '../../areas/api';
import { useAuth } from '../../../auth';
import { useI18n } from '../../../i18n';
import { navFor } from '../../../app/nav';
import { useT } from '../messages';

export default function HomePage() {
  const { user, can } = useAuth();
  const t = useT();
  const { lang, roleLabel, deptLabel, levelLabel } = useI18n();
  const [area, setArea] = useState<AreaDetail | null>(null);
  const areaCode = user?.areaCode;
  const canReadAreas = can('areas.read');

  useEffect(() => {
    if (!areaCode || !canReadAreas) return;
    const ctl = new AbortController();
    areasApi
      .get(areaCode, { silent: true, signal: ctl.signal })
      .then(setArea)
      .catch(() => {});
    return () => ctl.abort();
  }, [areaCode, canReadAreas]);

  if (!user) return null;
  const path = area?.path ?? [{ code: user.areaCode, name: user.areaName }];
  const links = navFor(user.permissions).filter((i) => i.path !== '/');

  return (
    <div data-testid="home-page">
      <Card data-testid="welcome-card">
        <Typography.Title level={3} className="fp-page-title" data-testid="welcome-title">
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('home.role')}>
            <span data-testid="welcome-role">{roleLabel(user.role)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.area')}>
            <span data-testid="welcome-area">
              <Breadcrumb items={path.map((p) => ({ title: p.name }))} style={{ display: 'inline-block' }} />
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                ({levelLabel(user.areaLevel)} · {user.areaCode})
              </Typography.Text>
            </span>
          </Descriptions.Item>
          {user.department && (
            <Descriptions.Item label={t('home.department')}>
              <span data-testid="welcome-department">{deptLabel(user.department)}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {can('registry.read') && <RegistryOverview />}
      {links.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('home.quickLinks')}
          </Typography.Title>
          <Row gutter={[16, 16]} data-testid="quick-links">
            {links.map((l) => (
              <Col key={l.path} xs={24} sm={12} lg={8}>
                <Link to={l.path} data-testid={`quick-${l.testId.replace('nav-', '')}`}>
                  <Card hoverable size="small">
                    <Card.Meta avatar={<span style={{ fontSize: 24, color: '#b71c1c' }}>{l.icon}</span>} title={l.label(lang)} description={l.desc ? l.desc(lang) : null} />
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </>
      )}
    </div>
  );
}
