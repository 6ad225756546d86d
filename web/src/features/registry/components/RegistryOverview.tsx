import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { registryApi } from '../api';
import type { Summary } from '../types';
import { useRT } from '../messages';

/**
 * 农户概况 on the home page: the registry of the user's area in figures, each a link to the list it counts (the list's
 * filters in the address bar).
 */
export function RegistryOverview() {
  const { rt } = useRT();
  const [s, setS] = useState<Summary | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    registryApi
      .summary(ctl.signal)
      .then(setS)
      .catch(() => {});
    return () => ctl.abort();
  }, []);
  if (!s) return null;
  const people = (n: number) => rt('overview.people', { n: n.toLocaleString() });
  const items: { key: string; title: string; value: number; suffix: string; extra?: string; to: string }[] = [
    { key: 'households', title: rt('overview.households'), value: s.households, suffix: rt('overview.hh'), extra: people(s.members), to: '/households' },
    { key: 'exited', title: rt('overview.exited'), value: s.exited.households, suffix: rt('overview.hh'), extra: people(s.exited.members), to: '/households?category=exited' },
    { key: 'monitored', title: rt('overview.monitored'), value: s.monitored.households, suffix: rt('overview.hh'), extra: people(s.monitored.members), to: '/households?category=monitored' },
    { key: 'dibao', title: rt('overview.dibao'), value: s.dibao, suffix: rt('overview.hh'), to: '/households?flags=isDibao' },
    { key: 'tekun', title: rt('overview.tekun'), value: s.tekun, suffix: rt('overview.hh'), to: '/households?flags=isTekun' },
    { key: 'relocated', title: rt('overview.relocated'), value: s.relocated, suffix: rt('overview.hh'), to: '/households?flags=isRelocated' },
  ];
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {rt('overview.title')}
      </Typography.Title>
      <Row gutter={[16, 16]} data-testid="registry-overview">
        {items.map((i) => (
          <Col key={i.key} xs={12} sm={8} lg={4}>
            <Link to={i.to} data-testid={`overview-${i.key}`} style={{ display: 'block', height: '100%' }}>
              <Card hoverable size="small" style={{ height: '100%' }}>
                <Statistic title={i.title} value={i.value} suffix={i.suffix} />
                {/* The same height for every card: a blank line where there is no head count. */}
                <Typography.Text type="secondary">{i.extra ?? '\u00a0'}</Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
