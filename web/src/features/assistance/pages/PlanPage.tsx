import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Empty, Result, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth';
import { PageSpinner } from '../../../components/PageSpinner';
import { useIsMobile } from '../../../responsive';
import { assistanceApi, type Measure, type Plan } from '../api';
import { useAT } from '../messages';
import { MeasureModal } from '../components/MeasureModal';
import { HelperAssign } from '../components/HelperAssign';
import { useRiskNames } from '../useRiskNames';

/** 一户一策: a household's plan — its monitoring record, warnings, helper, measures (add, edit, mark done), print. */
export default function PlanPage() {
  const { id } = useParams();
  const { can } = useAuth();
  const { at, atx, money, groupName, code } = useAT();
  const mobile = useIsMobile();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Measure | null | undefined>(undefined);
  const riskName = useRiskNames(plan?.household.villageCode);
  const load = useCallback(() => {
    assistanceApi.plan(id ?? '').then(setPlan, (err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [id]);
  useEffect(load, [load]);
  if (error) return <Result status="warning" title={error} />;
  if (!plan) return <PageSpinner />;
  const h = plan.household;
  const canPlan = can('assistance.plan') && !!plan.record;
  const memberName = (mid: number) => plan.members.find((m) => m.id === mid)?.name ?? String(mid);

  return (
    <div data-testid="plan-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0 }}>
          {at('plan.title')}
        </Typography.Title>
        <Space wrap>
          {can('assistance.visit') && plan.helper && (
            <Link to={`/assistance/households/${h.id}/visit`}>
              <Button icon={<EditOutlined />}>{at('mine.visit')}</Button>
            </Link>
          )}
          <Link to={`/assistance/households/${h.id}/print`}>
            <Button icon={<PrinterOutlined />} data-testid="plan-print">
              {at('plan.print')}
            </Button>
          </Link>
        </Space>
      </Space>
      <Card size="small" style={{ margin: '12px 0' }}>
        <Descriptions size="small" column={mobile ? 1 : 3}>
          <Descriptions.Item label={at('col.household')}>
            <Link to={`/households/${h.id}`}>{`${h.headName ?? ''} ${h.householdNo}`}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={at('col.village')}>{`${h.townshipName}${h.villageName}`}</Descriptions.Item>
          <Descriptions.Item label={at('m.group')}>{code('category', h.category)}</Descriptions.Item>
        </Descriptions>
        {plan.record ? (
          <div data-testid="plan-record">
            {at('plan.record', { category: code('monitoringType', plan.record.category), risks: plan.record.riskTypes.map(riskName).join('、') || '—', since: plan.record.since })}
          </div>
        ) : (
          <Alert type="info" showIcon title={at('plan.notMonitored')} />
        )}
        {plan.openCase && (
          <div style={{ marginTop: 4 }}>
            <Link to={`/monitoring/cases/${plan.openCase.id}`}>{at('plan.openCase', { caseNo: plan.openCase.caseNo })}</Link>
          </div>
        )}
      </Card>
      {plan.warnings.map((w, i) => (
        <Alert key={i} type="warning" showIcon style={{ marginBottom: 8 }} data-testid={`plan-warning-${w.kind}`} title={atx(`w.${w.kind}`)} />
      ))}
      <Card size="small" title={at('plan.helper')} style={{ marginBottom: 12 }}>
        <Space wrap>
          <span data-testid="plan-helper">{plan.helper ? `${plan.helper.name}（${plan.helper.username}）${plan.helper.phone ? ' ' + plan.helper.phone : ''} · ${plan.helper.assignedOn}` : at('plan.noHelper')}</span>
          {can('assistance.assign') && <HelperAssign householdId={h.id} onDone={load} />}
        </Space>
        {plan.helperHistory.length > 1 && (
          <div style={{ color: '#666', fontSize: 13, marginTop: 8 }}>
            {at('plan.history')}：{plan.helperHistory.map((a) => `${a.name} ${a.assignedOn}～${a.endedOn ?? ''}`).join('；')}
          </div>
        )}
      </Card>
      <Card
        size="small"
        title={at('plan.measures')}
        extra={
          canPlan && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="measure-add">
              {at('plan.addMeasure')}
            </Button>
          )
        }
      >
        {!plan.measures.length ? (
          <Empty description={at('plan.noMeasures')} />
        ) : (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 900 }}
            dataSource={plan.measures}
            columns={[
              { title: at('m.group'), dataIndex: 'group', render: (g: string) => groupName(g), width: 120 },
              { title: at('m.catalogue'), dataIndex: 'catalogueName', width: 120 },
              { title: at('m.content'), dataIndex: 'content' },
              { title: at('m.riskType'), dataIndex: 'riskType', render: (r: string | null) => (r ? riskName(r) : '—'), width: 90 },
              { title: `${at('m.start')}～${at('m.end')}`, render: (_, m) => `${m.startOn}～${m.endOn}`, width: 190 },
              { title: at('m.amount'), dataIndex: 'amount', render: (n: number) => money(n), align: 'right', width: 100 },
              { title: at('m.department'), dataIndex: 'department', render: (d: string | null) => d ?? '—', width: 110 },
              { title: at('m.members'), dataIndex: 'memberIds', render: (ids: number[]) => ids.map(memberName).join('、') || '—', width: 110 },
              {
                title: at('m.status'),
                render: (_, m) => (m.doneOn ? <Tag color="green">{`${at('m.statusDone')} ${m.doneOn}`}</Tag> : <Tag color="blue">{at('m.statusOpen')}</Tag>),
                width: 140,
              },
              ...(canPlan
                ? [{ title: '', width: 60, render: (_: unknown, m: Measure) => <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(m)} aria-label={at('plan.editMeasure')} /> }]
                : []),
            ]}
          />
        )}
      </Card>
      {editing !== undefined && (
        <MeasureModal
          plan={plan}
          measure={editing}
          riskName={riskName}
          open
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            load();
          }}
        />
      )}
    </div>
  );
}
