import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Descriptions, Popconfirm, Progress, Result, Space, Table, Tag } from 'antd';
import { CloseCircleOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useT } from '../messages';
import { useImportJob } from '../useImportJob';
import { importsApi } from '../api';
import { ImportCounts } from './ImportCounts';
import { ImportMapping } from './ImportMapping';
import { ImportChoices } from './ImportChoices';
import type { ImportJob, ImportProblem, ImportState } from '../types';

const STATE_COLOR: Record<ImportState, string> = { uploaded: 'default', checking: 'processing', checked: 'gold', importing: 'processing', done: 'green', failed: 'red', cancelled: 'default' };
/** The server cancels these (nothing is being written, nothing was imported). */

/** One import: progress, the dry-run result (counts, mapping, problems, report), the choice, then the final result. */
export function ImportJobView({ id, onAnother, onState }: { id: number; onAnother: () => void; onState?: (state: string) => void }) {
  const { lang } = useI18n();
  const rt = useT();
  const { message } = AntApp.useApp();
  const { job, setJob, refresh, running } = useImportJob(id);
  const [busy, setBusy] = useState(false);
  const state = job?.state;
  useEffect(() => {
    if (state) onState?.(state);
  }, [state, onState]);

  /** A step that answers with the job (check again, commit, cancel): shown at once, then polled. */
  const act = async (call: () => Promise<ImportJob>) => {
    setBusy(true);
    try {
      setJob(await call());
      refresh();
      return true;
    } catch {
      return false;
    } finally {
      setBusy(false);
    }
  };
  const report = async () => {
    try {
      await importsApi.report(id);
    } catch {
      // shown by the API client
    }
  };

  if (!job) return <Card loading />;
  const c = job.counts;
  const problems = job.problems ?? [];
  const warnings = job.warnings ?? [];
  const expired = !!job.filesRemovedAt && job.state !== 'cancelled';
  const cancellable = job.cancellable;

  return (
    <Card size="small" data-testid="imp-job" data-state={job.state}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={rt('imp.file')}>{job.fileName}</Descriptions.Item>
        <Descriptions.Item label={rt('imp.state')}>
          <Tag color={STATE_COLOR[job.state]} data-testid="imp-state">
            {rt(`imp.state.${job.state}`)}
          </Tag>
          {job.mode && <Tag>{rt(`imp.mode.${job.mode}`)}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={rt('imp.time')}>{formatTime(job.createdAt, lang)}</Descriptions.Item>
        {job.headerRow && <Descriptions.Item label={rt('imp.headerRow', { n: job.headerRow })}>{job.sheetName ?? job.encoding ?? ''}</Descriptions.Item>}
      </Descriptions>
      {running && (
        <div style={{ marginBottom: 12 }}>
          <Progress percent={Math.round(job.progress.percent)} status="active" data-testid="imp-progress" />
          {job.progress.step && <StepLine step={job.progress.step} progress={job.progress} />}
        </div>
      )}
      {job.state === 'failed' && job.error && <Alert type="error" showIcon title={job.error.message} data-testid="imp-error" style={{ marginBottom: 12 }} />}
      {job.state === 'cancelled' && (
        <Result
          status="info"
          style={{ padding: 16 }}
          title={<span data-testid="imp-cancelled">{rt('imp.cancelled')}</span>}
          extra={
            <Button icon={<UploadOutlined />} onClick={onAnother}>
              {rt('imp.again')}
            </Button>
          }
        />
      )}
      {expired && <Alert type="warning" showIcon title={rt('imp.filesExpired')} data-testid="imp-files-expired" style={{ marginBottom: 12 }} />}
      {job.state === 'done' && c && (
        <Result
          status="success"
          style={{ padding: 16 }}
          title={<span data-testid="imp-done">{rt('imp.done', { n: c.households.new, u: c.households.updated, c: c.households.unchanged })}</span>}
          extra={
            <Space wrap>
              <Link to="/households">
                <Button type="primary">{rt('imp.backToList')}</Button>
              </Link>
              <Button icon={<UploadOutlined />} onClick={onAnother}>
                {rt('imp.again')}
              </Button>
            </Space>
          }
        />
      )}
      {c && !running && <ImportCounts counts={c} />}
      {job.reportReady && !running && (
        <Button style={{ marginTop: 12 }} icon={<DownloadOutlined />} onClick={() => void report()} data-testid="imp-report">
          {job.state === 'done' ? rt('imp.reportFinal') : rt('imp.report')}
        </Button>
      )}
      {job.state === 'checked' && c && !expired && (
        <>
          {problems.length > 0 && (
            <Card size="small" type="inner" style={{ marginTop: 12 }} title={rt('imp.problems', { n: problems.length })}>
              <Table<ImportProblem>
                rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
                size="small"
                dataSource={problems}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: 520 }}
                data-testid="imp-problems"
                columns={[
                  { title: rt('imp.row'), dataIndex: 'row', width: 70 },
                  { title: rt('imp.column'), dataIndex: 'column', width: 130 },
                  { title: rt('imp.message'), key: 'msg', render: (_: unknown, p) => (lang === 'en' ? p.en : p.zh) },
                ]}
              />
            </Card>
          )}
          {warnings.length > 0 && (
            <Card size="small" type="inner" style={{ marginTop: 12 }} title={rt('imp.warnings', { n: warnings.length })}>
              <Table<ImportProblem>
                rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
                size="small"
                dataSource={warnings}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: 520 }}
                data-testid="imp-warnings"
                columns={[
                  { title: rt('imp.row'), dataIndex: 'row', width: 70 },
                  { title: rt('imp.message'), key: 'msg', render: (_: unknown, p) => (lang === 'en' ? p.en : p.zh) },
                ]}
              />
            </Card>
          )}
          {job.mapping && job.mapping.length > 0 && (
            <Card size="small" type="inner" style={{ marginTop: 12 }} title={rt('imp.mapping')}>
              <ImportMapping columns={job.mapping} busy={busy} exitYear={job.exitYear} onRecheck={(mapping, exitYear) => void act(() => importsApi.check(id, mapping, exitYear))} />
            </Card>
          )}
          <Card size="small" type="inner" style={{ marginTop: 12 }}>
            <ImportChoices
              job={job}
              busy={busy}
              onCommit={(mode) => {
                void act(() => importsApi.commit(id, mode)).then((ok) => ok && void message.info(rt('imp.started')));
              }}
            />
          </Card>
        </>
      )}
      {cancellable && (
        <div style={{ marginTop: 12 }}>
          <Popconfirm
            title={rt('imp.cancelConfirm')}
            onConfirm={() => {
              void act(() => importsApi.cancel(id)).then((ok) => ok && void message.info(rt('imp.cancelled')));
            }}
            okText={rt('imp.cancel')}
            cancelText={rt('imp.cancelKeep')}
            okButtonProps={{ danger: true, ...({ 'data-testid': 'imp-cancel-confirm' } as Record<string, string>) }}
          >
            <Button danger icon={<CloseCircleOutlined />} loading={busy} data-testid="imp-cancel">
              {rt('imp.cancel')}
            </Button>
          </Popconfirm>
        </div>
      )}
    </Card>
  );
}

/** What a running job is doing, under its progress bar: the step, its parts, how long it has taken so far. */
function StepLine({ step, progress }: { step: NonNullable<ImportJob['progress']['step']>; progress: ImportJob['progress'] }) {
  const rt = useT();
  const { lang } = useI18n();
  const n = (v: number) => v.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(step.at)) / 1000));
  return (
    <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 13 }} data-testid="imp-step" data-step={step.name}>
      {rt(`imp.step.${step.name}`, { n: n(step.name === 'members' ? progress.rowsWritten : progress.rowsChecked), t: n(progress.rowsTotal ?? 0) })}
      {step.total ? rt('imp.stepParts', { d: step.done ?? 0, t: step.total }) : ''}
      {seconds >= 3 && <span style={{ marginLeft: 12 }}>{rt('imp.stepTime', { s: seconds })}</span>}
    </div>
  );
}
