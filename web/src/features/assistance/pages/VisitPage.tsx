import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, Empty, Form, Input, List, Space, Typography } from 'antd';
import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth';
import { DateInput } from '../../../components/DateInput';
import { assistanceApi, type Plan, type Visit, type VisitRecorded } from '../api';
import { useAT } from '../messages';
import { clearDraft, enqueueVisit, flushOutbox, loadDraft, newClientId, pendingVisits, saveDraft } from '../outbox';
import { Outbox } from '../components/Outbox';
import { AttachmentList, AttachmentUpload } from '../../../components/AttachmentUpload';

interface Draft {
  clientId: string;
  visitedOn: string;
  met: string;
  situation: string;
  income?: string;
  health?: string;
  schooling?: string;
  housing?: string;
  water?: string;
  needs?: string;
  newRisk?: boolean;
  clue?: string;
  photos?: string[];
}

const CHANGES = ['income', 'health', 'schooling', 'housing', 'water'] as const;

/**
 * 记录走访 on a phone. The form is kept as a draft on the phone while it is written; saving puts the visit (with its
 * UUID) in the outbox and sends it; without a connection it waits there and goes when the connection is back.
 */
export default function VisitPage() {
  const { id } = useParams();
  const householdId = Number(id);
  const { user } = useAuth();
  const userId = user?.id ?? 0;
  const { at } = useAT();
  const navigate = useNavigate();
  const [form] = Form.useForm<Draft>();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [visits, setVisits] = useState<Visit[] | null>(null);
  const [result, setResult] = useState<VisitRecorded | null>(null);
  const [kept, setKept] = useState(false);
  const [busy, setBusy] = useState(false);
  // A new visit gets a fresh photo field (the upload widget keeps its own list).
  const [photoKey, setPhotoKey] = useState(0);
  // The day in China (UTC+8), as the server counts it, whatever the phone's time zone.
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  const initial = useMemo<Draft>(
    () => loadDraft<Draft>(userId, householdId) ?? { clientId: newClientId(), visitedOn: today, met: '', situation: '' },
    [userId, householdId, today],
  );
  const [clientId, setClientId] = useState(initial.clientId);
  const newRisk = Form.useWatch('newRisk', form);

  const loadVisits = () => assistanceApi.visits(householdId).then(setVisits, () => {});
  useEffect(() => {
    assistanceApi.plan(householdId).then(setPlan, () => {});
    void loadVisits();
  }, [householdId]);

  const name = plan ? `${plan.household.headName ?? ''} ${plan.household.householdNo}`.trim() : `#${householdId}`;

  async function submit(v: Draft) {
    setBusy(true);
    setResult(null);
    setKept(false);
    const changes: Record<string, string> = {};
    for (const k of CHANGES) if (v[k]?.trim()) changes[k] = v[k]!.trim();
    const body = {
      clientId,
      visitedOn: v.visitedOn,
      met: v.met,
      situation: v.situation,
      changes,
      ...(v.needs?.trim() ? { needs: v.needs } : {}),
      ...(v.newRisk && v.clue?.trim() ? { newRisk: { clue: v.clue } } : {}),
      ...(v.photos?.length ? { photos: v.photos } : {}),
    };
    enqueueVisit(userId, { householdId, householdName: name, body, savedAt: new Date().toISOString() });
    clearDraft(userId, householdId);
    const sent = await flushOutbox(userId);
    const mine = sent.find((s) => s.visit.clientId === clientId);
    if (mine) {
      setResult(mine);
      void loadVisits();
    } else if (pendingVisits(userId).some((p) => p.body.clientId === clientId && !p.error)) setKept(true);
    const next = newClientId();
    setClientId(next);
    form.setFieldsValue({ clientId: next, visitedOn: today, met: '', situation: '', income: '', health: '', schooling: '', housing: '', water: '', needs: '', newRisk: false, clue: '', photos: [] });
    setPhotoKey((k) => k + 1);
    setBusy(false);
  }

  return (
    <div data-testid="visit-page" style={{ maxWidth: 640 }}>
      <Space style={{ marginBottom: 8 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/assistance/mine')}>
          {at('common.back')}
        </Button>
      </Space>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {at('visit.title')} · <span data-testid="visit-household">{name}</span>
      </Typography.Title>
      <Outbox onSent={() => void loadVisits()} />
      {kept && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={at('outbox.offline')} data-testid="visit-kept" />}
      {result && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="visit-result"
          title={at('visit.saved')}
          description={
            result.case && (
              <Space wrap>
                <span data-testid="visit-case">{at(result.case.existing ? 'visit.caseExisting' : 'visit.caseOpened', { caseNo: result.case.caseNo })}</span>
                <Link to={`/monitoring/cases/${result.case.id}`} data-testid="visit-case-link">
                  {at('visit.openCase')}
                </Link>
              </Space>
            )
          }
        />
      )}
      <Card size="small">
        <Form
          form={form}
          layout="vertical"
          initialValues={initial}
          onValuesChange={(_, all) => saveDraft(userId, householdId, { ...all, photos: undefined, clientId })}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="visitedOn" label={at('visit.date')} rules={[{ required: true, message: at('visit.required') }]}>
            <DateInput max={today} allowClear={false} testId="visit-date" />
          </Form.Item>
          <Form.Item name="met" label={at('visit.met')} rules={[{ required: true, whitespace: true, message: at('visit.required') }]}>
            <Input maxLength={200} data-testid="visit-met" />
          </Form.Item>
          <Form.Item name="situation" label={at('visit.situation')} rules={[{ required: true, whitespace: true, message: at('visit.required') }]}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="visit-situation" />
          </Form.Item>
          <Typography.Text type="secondary">{at('visit.changes')}</Typography.Text>
          {CHANGES.map((k) => (
            <Form.Item key={k} name={k} label={at(`visit.${k}`)} style={{ marginBottom: 8 }}>
              <Input maxLength={1000} data-testid={`visit-${k}`} />
            </Form.Item>
          ))}
          <Form.Item name="needs" label={at('visit.needs')}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="visit-needs" />
          </Form.Item>
          <Form.Item name="newRisk" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid="visit-new-risk">{at('visit.newRisk')}</Checkbox>
          </Form.Item>
          {newRisk && (
            <Form.Item name="clue" label={at('visit.clue')} rules={[{ required: true, whitespace: true, message: at('visit.required') }]}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="visit-clue" />
            </Form.Item>
          )}
          {plan && (
            <Form.Item key={photoKey} name="photos" label={at('visit.photos')} extra={at('visit.photosOnline')}>
              <AttachmentUpload purpose="assistance.photo" areaCode={plan.household.villageCode} images testId="visit-photos" />
            </Form.Item>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {at('visit.draftKept')}
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} block data-testid="visit-save">
            {at('visit.save')}
          </Button>
        </Form>
      </Card>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {at('visit.history')}
      </Typography.Title>
      {visits && !visits.length && <Empty description={at('visit.noHistory')} />}
      {visits && visits.length > 0 && (
        <List
          size="small"
          bordered
          dataSource={visits}
          renderItem={(v) => (
            <List.Item data-testid="visit-history-item">
              <div>
                <div>
                  <b>{v.visitedOn}</b> · {v.met} {v.caseNo ? `· ${v.caseNo}` : ''}
                </div>
                <div style={{ color: '#555' }}>{v.situation}</div>
                {v.photos.length > 0 && <AttachmentList files={v.photos} testId="visit-history-photos" />}
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
