import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Collapse, Descriptions, Empty, Form, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import { AlertOutlined, CheckCircleOutlined, FormOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth';
import { monitoringApi, type HouseholdStatus } from '../api';
import { useMT } from '../messages';
import { CaseHistory } from './CaseProgress';
import { FollowUpIncome } from './FollowUpIncome';
import { CardTag, UrgencyTag } from './UrgencyTag';

/** Who may open through which channel (the server's open-case.ts decides; this only offers the right choices). */
const CHANNELS_OF: Record<string, ('inspection' | 'hotline')[]> = {
  village_clerk: ['inspection'],
  helper: ['inspection'],
  township_reviewer: ['hotline'],
  county_reviewer: ['hotline'],
};

/**
 * The household page's monitoring panel: state, category, risk types, since when, the card colour (derived by the
 * server), every case with its steps; 发起监测识别 and 发起风险消除 (with every reason it is refused now).
 */
export function HouseholdMonitoring({ householdId }: { householdId: number }) {
  const { user, can } = useAuth();
  const { mt, mtx, money, codeName, lang } = useMT();
  const [s, setS] = useState<HouseholdStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<'identification' | 'elimination' | null>(null);
  const [followUp, setFollowUp] = useState(false);
  const load = useCallback(() => {
    monitoringApi
      .household(householdId)
      .then((r) => {
        setS(r);
        setError(null);
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [householdId]);
  useEffect(load, [load]);

  if (error) return <Alert type="warning" showIcon title={error} />;
  if (!s) return null;
  const channels = CHANNELS_OF[user?.role ?? ''] ?? [];
  const mayOpen = can('monitoring.open') && channels.length > 0 && !s.underCase;
  const noLabour = s.eliminationRefusals.some((r) => r.code === 'NO_LABOUR');

  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={mt('panel.title')}
      data-testid="hh-monitoring"
      extra={
        <Space wrap>
          {mayOpen && s.state !== 'monitored' && (
            <Button type="primary" icon={<AlertOutlined />} onClick={() => setOpening('identification')} data-testid="hh-open-case">
              {mt('panel.open')}
            </Button>
          )}
          {can('monitoring.open') && s.state === 'monitored' && (
            <Button icon={<FormOutlined />} onClick={() => setFollowUp(true)} data-testid="hh-followup">
              {mt('followUp.open')}
            </Button>
          )}
          {can('monitoring.open') && s.state === 'monitored' && !s.underCase && (
            <Button icon={<CheckCircleOutlined />} disabled={s.eliminationRefusals.length > 0} onClick={() => setOpening('elimination')} data-testid="hh-eliminate">
              {mt('panel.eliminate')}
            </Button>
          )}
        </Space>
      }
    >
      {followUp && (
        <FollowUpIncome
          householdId={householdId}
          line={s.monitoringLine}
          onClose={() => setFollowUp(false)}
          onSaved={() => {
            setFollowUp(false);
            load();
          }}
        />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'state',
            label: mt('panel.state'),
            children: (
              <Space size={4} wrap>
                <Tag color={s.state === 'monitored' ? 'orange' : s.state === 'eliminated' ? 'green' : 'default'} data-testid="hh-monitoring-state">
                  {mt(`panel.state.${s.state}`)}
                </Tag>
                {s.registeredPoor && <Tag color="blue">{mt('panel.registeredPoor')}</Tag>}
              </Space>
            ),
          },
          { key: 'card', label: mt('panel.card'), children: <CardTag colour={s.cardColour} /> },
          { key: 'category', label: mt('panel.category'), children: <span data-testid="hh-monitoring-category">{s.category ? codeName(s.category) : '—'}</span> },
          { key: 'risks', label: mt('panel.riskTypes'), children: s.riskTypes.length ? s.riskTypes.map((r) => <Tag key={r.code}>{codeName(r)}</Tag>) : '—' },
          { key: 'since', label: mt('panel.since'), children: <span data-testid="hh-monitoring-since">{s.since ?? '—'}</span> },
          { key: 'income', label: mt('panel.perCapita'), children: `${money(s.latestPerCapita)}（${mt('panel.line')} ${money(s.monitoringLine)}）` },
          ...(s.underCase
            ? [
                {
                  key: 'open',
                  label: mt('panel.underCase'),
                  children: (
                    <Link to={`/monitoring/cases/${s.underCase.id}`} data-testid="hh-under-case">
                      {s.underCase.caseNo} · {mtx(`kind.${s.underCase.kind}`)} · {mtx(`step.${s.underCase.state}`)}
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      {s.state === 'monitored' && s.eliminationRefusals.length > 0 && (
        <Alert
          type={noLabour ? 'warning' : 'info'}
          showIcon
          style={{ marginTop: 8 }}
          data-testid="hh-elimination-refusals"
          title={noLabour ? mt('panel.socialSecurity') : mt('panel.refusals')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {s.eliminationRefusals.map((r) => (
                <li key={r.code + r.zh} data-testid="hh-elimination-refusal">
                  {r[lang]}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {mt('panel.cases')}
      </Typography.Title>
      {s.cases.length ? (
        <Collapse
          size="small"
          data-testid="hh-cases"
          items={s.cases.map((c) => ({
            key: c.id,
            label: (
              <Space size={6} wrap>
                <Link to={`/monitoring/cases/${c.id}`} onClick={(e) => e.stopPropagation()} data-testid="hh-case-link">
                  {c.caseNo}
                </Link>
                <span>{mtx(`kind.${c.kind}`)}</span>
                <Tag color={c.state === 'rejected' ? 'red' : c.closedAt ? 'green' : 'blue'}>{c.stateLabel[lang]}</Tag>
                <UrgencyTag urgency={c.urgency} />
              </Space>
            ),
            children: <CaseHistory history={c.history ?? []} />,
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={mt('panel.noCases')} />
      )}
      {opening && (
        <OpenModal
          householdId={householdId}
          kind={opening}
          channels={channels}
          onClose={() => setOpening(null)}
          onOpened={() => {
            setOpening(null);
            load();
          }}
        />
      )}
    </Card>
  );
}

/** 发起监测识别 (inspection or hotline) or 发起风险消除 (assisted / natural): the server's refusal shown as it says it. */
function OpenModal({
  householdId,
  kind,
  channels,
  onClose,
  onOpened,
}: {
  householdId: number;
  kind: 'identification' | 'elimination';
  channels: ('inspection' | 'hotline')[];
  onClose: () => void;
  onOpened: () => void;
}) {
  const { mt } = useMT();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ channel: 'inspection' | 'hotline'; hotline?: '12317' | '12345'; clue: string; kind?: 'assisted' | 'natural' }>();
  const channel = Form.useWatch('channel', form);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ text: string; caseId?: number } | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setRefusal(null);
    try {
      const opened =
        kind === 'identification'
          ? await monitoringApi.open({ householdId, channel: v.channel, clue: v.clue.trim(), ...(v.channel === 'hotline' ? { hotline: v.hotline ?? '12317' } : {}) })
          : await monitoringApi.startElimination(householdId, { kind: v.kind ?? 'assisted', clue: v.clue.trim() });
      void message.success(mt('open.done', { caseNo: opened.caseNo }));
      onOpened();
      navigate(`/monitoring/cases/${opened.id}`);
    } catch (err) {
      if (err instanceof ApiError) {
        const d = err.details as { caseId?: number } | undefined;
        setRefusal({ text: err.message, caseId: err.code === 'CASE_OPEN_EXISTS' ? d?.caseId : undefined });
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={mt(kind === 'identification' ? 'open.title' : 'elimination.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'open-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ channel: channels[0], hotline: '12317', kind: 'assisted' }} data-testid="open-form">
        {refusal && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={refusal.text}
            data-testid="open-refusal"
            action={
              refusal.caseId ? (
                <Button size="small" onClick={() => navigate(`/monitoring/cases/${refusal.caseId}`)}>
                  {mt('open.goExisting')}
                </Button>
              ) : undefined
            }
          />
        )}
        {kind === 'identification' ? (
          <>
            <Form.Item name="channel" label={mt('open.channel')}>
              <Radio.Group options={channels.map((c) => ({ value: c, label: mt(`channel.${c}`) }))} />
            </Form.Item>
            {channel === 'hotline' && (
              <Form.Item name="hotline" label={mt('open.hotline')}>
                <Radio.Group options={['12317', '12345']} />
              </Form.Item>
            )}
          </>
        ) : (
          <Form.Item name="kind" label={mt('elimination.kind')}>
            <Radio.Group
              options={[
                { value: 'assisted', label: mt('elim.assisted') },
                { value: 'natural', label: mt('elim.natural') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="clue" label={mt(kind === 'identification' ? 'open.clue' : 'elimination.clue')} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="open-clue" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
