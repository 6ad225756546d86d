import { Card, Col, Row, Statistic } from 'antd';
import { useT } from '../messages';
import type { ImportCounts as Counts } from '../types';

/** Rows (members) and households: new / updated / unchanged / with errors. */
export function ImportCounts({ counts }: { counts: Counts }) {
  const rt = useT();
  const cell = (key: string, title: string, rows: number, households: number | null, color?: string) => (
    <Col xs={12} sm={8} md={4} key={key}>
      <Card size="small" data-testid={`imp-count-${key}`}>
        <Statistic title={title} value={rows} styles={{ content: { color } }} suffix={<span style={{ fontSize: 12 }}>{rt('imp.rowsUnit')}</span>} />
        {households != null && (
          <div style={{ color: '#888', fontSize: 12 }} data-testid={`imp-count-${key}-hh`}>
            {households} {rt('imp.hhUnit')}
          </div>
        )}
      </Card>
    </Col>
  );
  const { rows, households } = counts;
  return (
    <Row gutter={[8, 8]} data-testid="imp-counts">
      {cell('total', rt('imp.rowsTotal'), rows.total, households.total)}
      {cell('new', rt('imp.new'), rows.new, households.new, '#389e0d')}
      {cell('updated', rt('imp.updated'), rows.updated, households.updated, '#1677ff')}
      {cell('unchanged', rt('imp.unchanged'), rows.unchanged, households.unchanged)}
      {cell('error', rt('imp.errors'), rows.error, households.error, rows.error ? '#cf1322' : undefined)}
      {rows.skipped > 0 && cell('skipped', rt('imp.skipped'), rows.skipped, null, '#d48806')}
    </Row>
  );
}
