import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Result, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { PageSpinner } from '../../../components/PageSpinner';
import { assistanceApi, type Plan } from '../api';
import { useAT } from '../messages';
import { useRiskNames } from '../useRiskNames';

/** 一户一策 on one A4 page from the browser's print: the household, its risks, the measures, the helper, signatures. */
export default function PlanPrintPage() {
  const { id } = useParams();
  const { at, money, groupName, code } = useAT();
  const navigate = useNavigate();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const riskName = useRiskNames(plan?.household.villageCode);
  useEffect(() => {
    assistanceApi.plan(id ?? '').then(setPlan, (err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [id]);
  if (error) return <Result status="warning" title={error} />;
  if (!plan) return <PageSpinner />;
  const h = plan.household;
  const village = `${h.townshipName}${h.villageName.replace(/(村民委员会|村委会)$/, '村')}`;
  const memberName = (mid: number) => plan.members.find((m) => m.id === mid)?.name ?? '';
  return (
    <div className="fp-print-wrap">
      <Space className="fp-no-print" style={{ margin: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {at('common.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
          {at('plan.print')}
        </Button>
      </Space>
      <div className="fp-print-page" data-testid="plan-print">
        <h1 style={{ textAlign: 'center', fontSize: 22, margin: '0 0 16px' }}>{at('print.title', { village, head: h.headName ?? h.householdNo })}</h1>
        <table className="fp-print-table" style={{ marginBottom: 12 }}>
          <tbody>
            <tr>
              <th>{at('col.household')}</th>
              <td>{`${h.headName ?? ''}（${h.householdNo}）`}</td>
              <th>{at('m.group')}</th>
              <td>{code('category', h.category)}</td>
            </tr>
            <tr>
              <th>{at('plan.members')}</th>
              <td colSpan={3}>{plan.members.filter((m) => m.status === 'active').map((m) => `${m.name}（${code('relation', m.relation)}，${code('labour', m.labourCapacity)}）`).join('；')}</td>
            </tr>
            <tr>
              <th>{at('m.riskType')}</th>
              <td colSpan={3}>{plan.record ? `${code('monitoringType', plan.record.category)}：${plan.record.riskTypes.map(riskName).join('、')}（${plan.record.since}）` : at('plan.notMonitored')}</td>
            </tr>
            <tr>
              <th>{at('plan.helper')}</th>
              <td colSpan={3}>{plan.helper ? `${plan.helper.name}${plan.helper.phone ? ' ' + plan.helper.phone : ''}` : at('plan.noHelper')}</td>
            </tr>
          </tbody>
        </table>
        <table className="fp-print-table">
          <thead>
            <tr>
              <th>{at('m.group')}</th>
              <th>{at('m.content')}</th>
              <th>{`${at('m.start')}～${at('m.end')}`}</th>
              <th>{at('m.amount')}</th>
              <th>{at('m.department')}</th>
              <th>{at('m.members')}</th>
              <th>{at('m.status')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.measures.map((m) => (
              <tr key={m.id} data-testid="plan-print-row">
                <td>{groupName(m.group)}</td>
                <td>
                  {m.catalogueName}：{m.content}
                </td>
                <td>{`${m.startOn}～${m.endOn}`}</td>
                <td style={{ textAlign: 'right' }}>{money(m.amount)}</td>
                <td>{m.department ?? ''}</td>
                <td>{m.memberIds.map(memberName).join('、')}</td>
                <td>{m.doneOn ? `${at('m.statusDone')} ${m.doneOn}` : at('m.statusOpen')}</td>
              </tr>
            ))}
            {!plan.measures.length && (
              <tr>
                <td colSpan={7} style={{ textAlign: 'center' }}>
                  {at('plan.noMeasures')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 48, lineHeight: 2 }}>
          <div>{at('print.signHelper')}</div>
          <div>{at('print.signHousehold')}</div>
          <div>{at('print.date', { date: plan.today })}</div>
        </div>
      </div>
    </div>
  );
}
