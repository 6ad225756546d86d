import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Result, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { PageSpinner } from '../../../components/PageSpinner';
import { monitoringApi, type PublicNotice } from '../api';
import { useMT } from '../messages';

/**
 * 村内公示 for the village notice board: one A4 page from the browser's print. Made from the server's notice of the case
 * (GET /api/monitoring/cases/:id/notice), which holds no ID number, phone, bank account, income or health detail.
 */
export default function NoticePrintPage() {
  const { id } = useParams();
  const { mt, codeName } = useMT();
  const navigate = useNavigate();
  const [n, setN] = useState<PublicNotice | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    monitoringApi.notice(id ?? '').then(setN, (err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [id]);
  if (error) return <Result status="warning" title={error} />;
  if (!n) return <PageSpinner />;
  // Official names end in 村委会 / 村民委员会; the notice says 村.
  const village = n.villageName.replace(/(村民委员会|村委会)$/, '村');
  const elimination = n.kind === 'elimination';
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
              <th>{mt('print.risks')}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="notice-print-row">
              <td>{`${n.townshipName}${village}`}</td>
              <td>{n.headName ?? '—'}</td>
              <td>{n.memberCount ?? '—'}</td>
              <td>{n.riskTypes.map(codeName).join('、') || '—'}</td>
            </tr>
          </tbody>
        </table>
        <p style={{ textIndent: '2em', lineHeight: 1.8, marginTop: 24 }} data-testid="notice-print-period">
          {n.startOn && n.endOn ? mt('print.period', { start: n.startOn, end: n.endOn }) : mt('print.noNotice')}
        </p>
        {n.objections.length > 0 && (
          <div style={{ lineHeight: 1.8 }}>
            <div>{mt('notice.objections')}：</div>
            {n.objections.map((o, i) => (
              <div key={i} style={{ textIndent: '2em' }}>
                {i + 1}. {o.text} —— {o.answer}
              </div>
            ))}
          </div>
        )}
        <div style={{ textAlign: 'right', marginTop: 48, lineHeight: 2 }}>
          <div>{mt('print.signature', { village: village.replace(/村$/, '') })}</div>
          <div>{n.startOn ?? ''}</div>
        </div>
      </div>
    </div>
  );
}
