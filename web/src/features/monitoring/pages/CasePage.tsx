import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Descriptions, Result, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, HomeOutlined, PrinterOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { PageSpinner } from '../../../components/PageSpinner';
import { registryApi } from '../../registry/api';
import { monitoringApi, type Case, type Policy, type StepBody, type StepTransition } from '../api';
import { useMT } from '../messages';
import { CaseHistory, CaseSteps, StepRecords } from '../components/CaseProgress';
import { AppraisalForm, ComparisonForm, CountyForm, NoticeForm, TownshipForm } from '../components/StepForms';
import { UrgencyTag } from '../components/UrgencyTag';
import { VisitForm } from '../components/VisitForm';
import { isStep, mayAct, WHO_ACTS } from '../steps';

/** The policy version a case was opened under (its rules and code tables), else the one in force at its village. */
export async function policyOfCase(c: Pick<Case, 'policyId' | 'villageCode'>): Promise<Policy> {
  const all = await monitoringApi.policies();
  return all.find((p) => p.id === c.policyId) ?? (await monitoringApi.policyInForce(c.villageCode));
}

/** 案件: the steps, who did each and when, and the current step's form for the person who acts in it. */
export default function CasePage() {
  const { id } = useParams();
  const { mt, mtx, lang, time } = useMT();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [raw, setC] = useState<Case | null>(null);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // GET /api/monitoring/cases/:id carries no household or place names (the lists do): taken from the registry.
  const [names, setNames] = useState<{ headName: string | null; householdNo: string; villageName: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const got = await monitoringApi.get(id ?? '');
      setC(got);
      setError(null);
      return got;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      return null;
    }
  }, [id]);
  useEffect(() => {
    void load().then((got) => {
      if (!got) return;
      void policyOfCase(got).then(setPolicy, () => {});
    });
  }, [load]);
  const householdId = raw?.householdId;
  useEffect(() => {
    if (householdId) registryApi.get(householdId).then(setNames, () => {});
  }, [householdId]);

  const act = async (transition: StepTransition, body: Omit<StepBody, 'version'>) => {
    const c = raw;
    if (!c) return;
    setBusy(true);
    setRefusal(null);
    try {
      const next = await monitoringApi.act(c.id, transition, { ...body, version: c.version });
      setC(next);
      void message.success(mt('case.done', { step: mt(`tr.${transition}`) }));
      window.scrollTo({ top: 0 });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'STATE_CONFLICT') {
        // Someone else acted first: show the server's message over the case as it is now.
        setRefusal(mt('case.conflict', { message: err.message }));
        await load();
      } else setRefusal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Result status="warning" title={error} extra={<Button onClick={() => navigate('/monitoring/inbox')}>{mt('case.back')}</Button>} />;
  if (!raw) return <PageSpinner />;
  const c: Case = {
    ...raw,
    headName: raw.headName ?? names?.headName ?? null,
    householdNo: raw.householdNo ?? names?.householdNo ?? null,
    villageName: raw.villageName ?? names?.villageName ?? null,
  };
  const mine = mayAct(c) && policy;
  const closed = !!c.closedAt;
  const hasNotice = !!c.steps?.notice;
  const props = policy ? { c, policy, busy, onSubmit: act } : null;

  return (
    <div data-testid="case-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={mt('case.back')} />
        <Typography.Title level={4} className="fp-page-title" style={{ margin: 0, flex: 1, minWidth: 200 }} data-testid="case-title">
          {mt('case.title', { kind: mtx(`kind.${c.kind}`), caseNo: c.caseNo })}
        </Typography.Title>
        <Space wrap>
          {c.householdId && (
            <Link to={`/households/${c.householdId}`} data-testid="case-household-link">
              <Button icon={<HomeOutlined />}>{mt('case.household')}</Button>
            </Link>
          )}
          {hasNotice && (
            <Link to={`/monitoring/cases/${c.id}/notice`} data-testid="case-print-link">
              <Button icon={<PrinterOutlined />}>{mt('case.print')}</Button>
            </Link>
          )}
          {(hasNotice || c.state === 'notice') && (
            <Button icon={<DownloadOutlined />} onClick={() => void monitoringApi.noticeXlsx(c.id).catch(() => {})} data-testid="case-notice-xlsx">
              {mt('export.notice')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            {
              key: 'state',
              label: mt('col.step'),
              children: (
                <Space size={4} wrap>
                  <Tag color={c.state === 'rejected' ? 'red' : closed ? 'green' : 'blue'} data-testid="case-state">
                    {c.stateLabel[lang]}
                  </Tag>
                  <UrgencyTag urgency={c.urgency} />
                </Space>
              ),
            },
            { key: 'hh', label: mt('col.household'), children: c.householdId ? `${c.headName ?? '—'} · ${c.householdNo ?? ''}` : mt('case.unlinked') },
            { key: 'place', label: mt('col.place'), children: [c.townshipName, c.villageName].filter(Boolean).join(' · ') },
            { key: 'channel', label: mt('col.channel'), children: mtx(`channel.${c.channel}`) + (c.eliminationKind ? ` · ${mtx(`elim.${c.eliminationKind}`)}` : '') },
            { key: 'opened', label: mt('case.opened'), children: time(c.openedAt) },
            ...(closed
              ? [{ key: 'closed', label: mt('case.closed', { outcome: mtx(`case.outcome.${c.outcome}`, c.outcome ?? '') }), children: time(c.closedAt) }]
              : [
                  { key: 'stepDue', label: mt('case.stepDue'), children: c.stepDueOn },
                  { key: 'due', label: mt('case.due'), children: c.dueOn },
                ]),
            { key: 'clue', label: mt('case.clue'), children: c.clue, span: 'filled' as const },
          ]}
        />
      </Card>
      <Card size="small" style={{ marginBottom: 12 }}>
        <CaseSteps c={c} />
      </Card>
      {c.returnedReason && !closed && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={mt('case.returned', { reason: c.returnedReason })} data-testid="case-returned" />
      )}
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(null)} style={{ marginBottom: 12 }} title={refusal} data-testid="case-refusal" />}
      {!closed && isStep(c.state) && !mine && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={mt('case.notYours', { who: mt(`who.${WHO_ACTS[c.state]}`) })} data-testid="case-not-yours" />
      )}
      {mine && props && (
        <Card size="small" title={c.stateLabel[lang]} style={{ marginBottom: 12 }} data-testid="case-action">
          {c.state === 'visit' && <VisitForm c={c} policy={props.policy} busy={busy} onSubmit={(visit) => void act('recordVisit', { visit })} />}
          {c.state === 'comparison' && <ComparisonForm {...props} />}
          {c.state === 'appraisal' && <AppraisalForm {...props} />}
          {c.state === 'notice' && <NoticeForm {...props} key={c.version} />}
          {c.state === 'township_review' && <TownshipForm {...props} />}
          {c.state === 'county_approval' && <CountyForm {...props} />}
        </Card>
      )}
      <Card size="small" title={mt('case.history')} style={{ marginBottom: 12 }}>
        <CaseHistory history={c.history ?? []} />
      </Card>
      {c.steps && Object.values(c.steps).some(Boolean) && (
        <Card size="small" title={mt('case.records')}>
          <StepRecords c={c} policy={policy} />
        </Card>
      )}
    </div>
  );
}
