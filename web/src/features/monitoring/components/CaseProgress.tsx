import { Descriptions, Steps, Tag, Timeline, Typography } from 'antd';
import { AttachmentList } from '../../../components/AttachmentUpload';
import { useI18n } from '../../../i18n';
import { hasKey, useMT } from '../messages';
import type { Case, Policy } from '../api';
import { isStep, stepsOf } from '../steps';

type History = NonNullable<Case['history']>[number];
const RETURNS = new Set(['returnToVisit', 'townshipReturn', 'countyReturn']);

/** The procedure's steps with the current one (returned: shown as an error until acted on), from the server's state. */
export function CaseSteps({ c }: { c: Case }) {
  const { mt } = useMT();
  const steps = stepsOf(c.kind);
  const closed = c.state === 'approved' || c.state === 'rejected';
  const current = closed ? steps.length - 1 : isStep(c.state) ? steps.indexOf(c.state) : 0;
  const status = c.state === 'rejected' ? 'error' : c.state === 'approved' ? 'finish' : c.returnedReason ? 'error' : 'process';
  return (
    <Steps
      size="small"
      current={current}
      status={status}
      responsive
      data-testid="case-steps"
      items={steps.map((s) => ({ title: mt(`step.${s}`), description: s === c.state && !closed ? mt('col.stepDue') + ' ' + c.stepDueOn : undefined }))}
    />
  );
}

/** Who did each step and when; returns and rejections in red with their reasons. */
export function CaseHistory({ history }: { history: History[] }) {
  const { mt, mtx, time, lang } = useMT();
  const { roleLabel } = useI18n();
  if (!history.length) return <Typography.Text type="secondary">{mt('case.noHistory')}</Typography.Text>;
  return (
    <Timeline
      data-testid="case-history"
      items={history.map((h, i) => {
        const bad = RETURNS.has(h.transition) || h.transition === 'countyReject';
        return {
          key: i,
          color: bad ? 'red' : 'green',
          content: (
            <div data-testid="case-history-entry">
              <Typography.Text strong>{mtx(`tr.${h.transition}`, h.transition)}</Typography.Text>{' '}
              <Tag style={{ marginInlineStart: 4 }}>
                {hasKey(`step.${h.fromState}`) ? `${mtx(`step.${h.fromState}`)} → ` : ''}
                {mtx(`step.${h.toState}`, h.toState)}
              </Tag>
              <div style={{ color: '#666', fontSize: 13 }}>
                {h.by ? mt('case.by', { who: h.by, role: h.role ? roleLabel(h.role) : '' }) : ''} · {time(h.at)}
              </div>
              {h.reason && (
                <div style={{ color: bad ? '#cf1322' : undefined }} data-testid="case-history-reason">
                  {h.reason}
                </div>
              )}
            </div>
          ),
        };
      })}
      key={lang}
    />
  );
}

type Rec = Record<string, unknown> | null;

/** What each step recorded (the visit's figures, appraisal, notice and objections, the reviews' opinions). */
export function StepRecords({ c, policy }: { c: Case; policy: Policy | null }) {
  const { mt, money, codeName } = useMT();
  const s = c.steps;
  if (!s) return null;
  const riskName = (code: string) => {
    const r = policy?.riskTypes.find((x) => x.code === code);
    return r ? codeName(r) : code;
  };
  const files = (ids?: string[]) => (c.attachments ?? []).filter((a) => ids?.includes(a.id));
  const visit = s.visit as Rec & { authorisation?: string[]; photos?: string[]; visitedOn?: string; incomeFigures?: { perCapitaNet: number }; monitoringLine?: number; riskTypes?: string[]; problems?: Record<string, boolean> };
  const appraisal = s.appraisal as Rec & { minutes?: string[]; heldOn?: string; participants?: number; result?: string; votesFor?: number; votesAgainst?: number };
  const notice = s.notice as Rec & { startOn?: string; endOn?: string; objections?: { text: string; answer: string }[] };
  const comparison = s.comparison as Rec & { finding?: string };
  const township = s.township as Rec & { opinion?: string };
  const county = s.county as Rec & { opinion?: string; category?: string; reason?: string };
  type Item = { key: string; label: string; children: React.ReactNode };
  const items: (Item | null | false | undefined | '')[] = [
    visit && {
      key: 'visit',
      label: mt('step.visit'),
      children: (
        <div data-testid="record-visit">
          {visit.visitedOn} · {mt('visit.perCapita')} {money(visit.incomeFigures?.perCapitaNet)}（{mt('visit.line', { line: money(visit.monitoringLine) })}）
          {visit.riskTypes?.length ? <div>{visit.riskTypes.map((r) => <Tag key={r}>{riskName(r)}</Tag>)}</div> : null}
          {visit.problems && Object.entries(visit.problems).some(([, v]) => v) && (
            <div style={{ color: '#cf1322' }}>
              {Object.entries(visit.problems)
                .filter(([, v]) => v)
                .map(([k]) => mt(`problem.${k}` as 'problem.food'))
                .join('；')}
            </div>
          )}
          <AttachmentList files={files(visit.authorisation)} testId="record-visit-authorisation" />
          <AttachmentList files={files(visit.photos)} testId="record-visit-photos" />
        </div>
      ),
    },
    comparison && { key: 'comparison', label: mt('step.comparison'), children: comparison.finding },
    appraisal && {
      key: 'appraisal',
      label: mt('step.appraisal'),
      children: (
        <div data-testid="record-appraisal">
          {`${appraisal.heldOn} · ${mt('appraisal.participants')} ${appraisal.participants} · ${mt(`appraisal.${appraisal.result}` as 'appraisal.agreed')}${appraisal.votesFor != null ? ` · ${appraisal.votesFor}:${appraisal.votesAgainst ?? 0}` : ''}`}
          <AttachmentList files={files(appraisal.minutes)} testId="record-appraisal-minutes" />
        </div>
      ),
    },
    notice && {
      key: 'notice',
      label: mt('step.notice'),
      children: (
        <div data-testid="record-notice">
          {notice.startOn} — {notice.endOn}
          {notice.objections?.map((o, i) => (
            <div key={i} style={{ fontSize: 13 }}>
              {mt('notice.objection')}：{o.text} / {mt('notice.answer')}：{o.answer}
            </div>
          ))}
        </div>
      ),
    },
    township && { key: 'township', label: mt('step.township_review'), children: township.opinion || '—' },
    county && {
      key: 'county',
      label: mt('step.county_approval'),
      children: [county.category && codeName(policy?.categories.find((x) => x.code === county.category) ?? { zh: county.category, en: county.category }), county.opinion, county.reason]
        .filter(Boolean)
        .join(' · ') || '—',
    },
  ];
  const shown = items.filter((x): x is Item => !!x);
  if (!shown.length) return null;
  return <Descriptions size="small" column={1} bordered items={shown} data-testid="case-records" />;
}
