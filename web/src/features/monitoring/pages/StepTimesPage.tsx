import { useEffect, useMemo, useRef } from 'react';
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { DateInput } from '../../../components/DateInput';
import { useListQuery } from '../../../hooks/useListQuery';
import { monitoringApi, type StepTimes } from '../api';
import { useMT } from '../messages';
import { chinaToday } from '../steps';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Row = StepTimes['rows'][number];
const FILTERS = ['from', 'to'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 各乡镇环节用时: per township and step, how many cases passed, the average and longest days, how many overdue. */
export default function StepTimesPage() {
  const { mt, lang } = useMT();
  const list = useListQuery({
    filters: FILTERS,
    load: ({ filters }, signal) =>
      monitoringApi.stepTimes({ from: DATE.test(filters.from ?? '') ? filters.from : undefined, to: DATE.test(filters.to ?? '') ? filters.to : undefined }, signal),
  });
  const { data, query } = list;
  const rows = data?.rows ?? [];
  const days = (r: Pick<Row, 'unit'>, n: number) => mt(`times.unit.${r.unit}`, { n });
  return (
    <div data-testid="step-times-page">
      <Typography.Title level={3} className="fp-page-title" style={{ marginBottom: 8 }}>
        {mt('times.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <DateInput
          testId="times-from"
          placeholder={mt('times.from')}
          max={chinaToday()}
          value={query.filters.from ?? data?.from ?? null}
          onChange={(v) => list.setFilters({ ...query.filters, from: v ?? undefined })}
        />
        <DateInput
          testId="times-to"
          placeholder={mt('times.to')}
          value={query.filters.to ?? data?.to ?? null}
          onChange={(v) => list.setFilters({ ...query.filters, to: v ?? undefined })}
        />
      </Space>
      {rows.length > 0 && (
        <Card size="small" title={mt('times.chart')} style={{ marginBottom: 12 }}>
          <Chart rows={rows} lang={lang} />
        </Card>
      )}
      <Table<Row>
        data-testid="step-times-table"
        size="small"
        rowKey={(r) => `${r.townshipCode}-${r.step}`}
        loading={list.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty description={mt('times.empty')} /> }}
        columns={[
          { title: mt('times.township'), key: 'township', render: (_, r) => r.townshipName ?? r.townshipCode },
          { title: mt('times.step'), key: 'step', render: (_, r) => r.stepLabel[lang] },
          { title: mt('times.cases'), dataIndex: 'cases', align: 'right' },
          { title: mt('times.avg'), key: 'avg', align: 'right', render: (_, r) => days(r, r.avgDays) },
          { title: mt('times.max'), key: 'max', align: 'right', render: (_, r) => days(r, r.maxDays) },
          {
            title: mt('times.overdue'),
            key: 'overdue',
            align: 'right',
            render: (_, r) => (r.overdue ? <Tag color="red" data-testid="times-overdue">{r.overdue}</Tag> : 0),
          },
        ]}
      />
    </div>
  );
}

/** Average days: townships along the axis, one bar per step. */
function Chart({ rows, lang }: { rows: Row[]; lang: 'zh' | 'en' }) {
  const el = useRef<HTMLDivElement>(null);
  const option = useMemo(() => {
    const townships = [...new Map(rows.map((r) => [r.townshipCode, r.townshipName ?? r.townshipCode])).entries()];
    const steps = [...new Map(rows.map((r) => [r.step, r.stepLabel[lang]])).entries()];
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 40 },
      xAxis: { type: 'category' as const, data: townships.map(([, name]) => name) },
      yAxis: { type: 'value' as const },
      series: steps.map(([step, name]) => ({
        type: 'bar' as const,
        name,
        data: townships.map(([code]) => rows.find((r) => r.townshipCode === code && r.step === step)?.avgDays ?? 0),
      })),
    };
  }, [rows, lang]);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={el} style={{ width: '100%', height: 320 }} data-testid="step-times-chart" />;
}
