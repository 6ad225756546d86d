import { Button, Card, Col, Descriptions, Empty, Pagination, Row, Space, Tag, Typography } from 'antd';
import { useListQuery } from '../../../hooks/useListQuery';
import { useT } from '../messages';
import { screeningApi, type Candidate } from '../api';

const FILTERS = [] as const;

/** 候选确认: a fuzzy candidate beside the registry member; a decision is remembered for later runs. */
export default function ReviewPage() {
  const t = useT();
  const list = useListQuery({ filters: FILTERS, load: ({ page }, signal) => screeningApi.candidates(page, signal) });
  const decide = async (c: Candidate, d: 'confirm' | 'reject') => {
    try {
      await screeningApi.decide(c.id, d);
    } finally {
      list.reload();
    }
  };
  return (
    <div data-testid="review-page">
      <Typography.Title level={3} className="fp-page-title">
        {t('review.title')}
      </Typography.Title>
      {!list.loading && !list.data?.items.length && <Empty description={t('review.empty')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {list.data?.items.map((c) => (
          <Card key={c.id} size="small" data-testid={`candidate-${c.id}`} title={<Space wrap><Tag color="blue">{t('review.score', { score: c.score })}</Tag><span>{c.basis}</span><span>{c.period}</span></Space>}>
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Descriptions size="small" column={1} title={t('review.dept')} items={[
                  { key: 'n', label: t('ds.name'), children: c.row.name },
                  { key: 'i', label: t('ds.id'), children: c.row.idMasked ?? '—' },
                  { key: 'b', label: 'birth', children: c.row.birthDate ?? '—' },
                  { key: 'r', label: t('ds.row'), children: c.row.rowNo },
                ]} />
              </Col>
              <Col xs={24} md={12}>
                <Descriptions size="small" column={1} title={t('review.registry')} items={[
                  { key: 'n', label: t('ds.name'), children: c.member.name },
                  { key: 'i', label: t('ds.id'), children: c.member.idMasked },
                  { key: 'b', label: 'birth', children: c.member.birthDate },
                  { key: 'v', label: c.member.villageName, children: c.member.householdNo },
                ]} />
              </Col>
            </Row>
            <Space wrap>
              <Button type="primary" onClick={() => void decide(c, 'confirm')} data-testid="candidate-confirm">{t('review.confirm')}</Button>
              <Button onClick={() => void decide(c, 'reject')} data-testid="candidate-reject">{t('review.reject')}</Button>
            </Space>
          </Card>
        ))}
      </Space>
      {list.data && list.data.total > list.query.pageSize && (
        <Pagination style={{ marginTop: 12 }} current={list.query.page} pageSize={list.query.pageSize} total={list.data.total} onChange={list.setPage} />
      )}
    </div>
  );
}
