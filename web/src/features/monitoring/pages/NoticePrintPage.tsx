import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Result, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { PageSpinner } from '../../../components/PageSpinner';
import { monitoringApi, type Case, type Policy } from '../api';
import { useMT } from '../messages';
import { policyOfCase } from './CasePage';

/**
 * 村内公示 for the village notice board: one A4 page from the browser's print. It shows the head's name, the village,
 * household size, per-capita net income and the main risks — never an ID number, phone, bank account or health detail
 * (the case's API objects carry none of them; this page prints only the fields below).
 */
export default function NoticePrintPage() {
  const { id } = useParams();
  const { mt, money, codeName } = useMT();
  const navigate = useNavigate();
  const [c, setC] = useState<Case | null>(null);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    monitoringApi
      .get(id ?? '')
      .then((got) => {
        setC(got);
        return policyOfCase(got).then(setPolicy);
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [id]);
  if (error) return <Result status="warning" title={error} />;
  if (!c) return <PageSpinner />;
  const notice = c.steps?.notice as { startOn?: string; endOn?: string } | null;
  const visit = c.steps?.visit as { income?: { householdSize?: number }; incomeFigures?: { perCapitaNet?: number }; riskTypes?: string[] } | null;
  const risks = (visit?.riskTypes ?? []).map((code) => {
    const r = policy?.riskTypes.find((x) => x.code === code);
    return r ? codeName(r) : code;
  });
  const village = (c.villageName ?? '').replace(/(村民委员会|村委会)$/, '村');
  const elimination = c.kind === 'elimination';
  return (
    <div className="fp-print-wrap">
      <Space className="fp-no-print" style={{ margin: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {mt('case.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
          {mt('print.button')}
        </Button>
      </Space>
      <div className="fp-print-page" data-testid="notice-print">
        <h1 style={{ textAlign: 'center', fontSize: 24, margin: '0 0 24px' }}>{mt(elimination ? 'print.titleElimination' : 'print.title')}</h1>
        <p style={{ textIndent: '2em', lineHeight: 1.8 }}>{mt('print.intro', { what: mt(elimination ? 'print.whatEliminate' : 'print.whatIdentify') })}</p>
        <table className="fp-print-table">
          <thead>
            <tr>
              <th>{mt('apply.village')}</th>
              <th>{mt('print.head')}</th>
              <th>{mt('print.size')}</th>
              <th>{mt('print.perCapita')}</th>
              <th>{mt('print.risks')}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="notice-print-row">
              <td>{[c.townshipName, village].filter(Boolean).join('')}</td>
              <td>{c.headName ?? '—'}</td>
              <td>{visit?.income?.householdSize ?? '—'}</td>
              <td>{money(visit?.incomeFigures?.perCapitaNet)}</td>
              <td>{risks.join('、') || '—'}</td>
            </tr>
          </tbody>
        </table>
        <p style={{ textIndent: '2em', lineHeight: 1.8, marginTop: 24 }} data-testid="notice-print-period">
          {notice?.startOn && notice.endOn ? mt('print.period', { start: notice.startOn, end: notice.endOn }) : mt('print.noNotice')}
        </p>
        <div style={{ textAlign: 'right', marginTop: 48, lineHeight: 2 }}>
          <div>{mt('print.signature', { village: village.replace(/村$/, '') })}</div>
          <div>{notice?.startOn ?? ''}</div>
        </div>
      </div>
    </div>
  );
}
