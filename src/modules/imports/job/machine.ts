import { sql } from 'kysely';
import { formatMessage, type ErrorCode } from '../../../core/errors.js';
import { AppError } from '../errors.js';
import { allows, applyTransition, type Machine, type Refusal, type Transition } from '../../../core/state-machine.js';
import type { Actor } from '../../../server/context.js';
import type { MappingOverride } from '../map/header.js';
import { loadJob } from '../repo.js';
import type { ImportDeps, ImportMode, JobRow, JobState } from './record.js';
// registry.import is the registry's permission: loaded with its table wherever a job moves (server, CLI).
import '../../households/permissions.js';

/**
 * The import job's states and steps (core/state-machine.ts): every state change of a job is one of these transitions,
 * with its row in state_transitions and its audit entry, and of two changes decided on the same version of the job
 * only one happens (a cancel and the dry run finishing, two users committing).
 *
 *   uploaded ─check→ checking ─checked→ checked ─commit→ importing ─done→ done
 *   checked | failed ─recheck→ checking (a user: another mapping);  a step failing ─fail→ failed;
 *   importing ─refuse→ checked (all_or_nothing found bad rows);  uploaded | checking | checked | failed ─cancel→ cancelled
 *
 * People act through the API (permission registry.import, on a job of their area); the rest is the pipeline's.
 * The API answers refusals with the import's own errors, as it did before the machine (IMPORT_STATE, …).
 */
export type JobTransition = 'check' | 'recheck' | 'checked' | 'commit' | 'refuse' | 'done' | 'fail' | 'cancel';

export interface JobPayload {
  mode?: ImportMode;
  /** recheck: the column mapping and header row to check with. */
  override?: { columns: MappingOverride; headerRow: number | null; exitYear?: number | null };
  /** refuse, fail: why (an AppError's code and parameters). */
  error?: JobError;
}

export interface JobError {
  code: ErrorCode;
  params: Record<string, string | number>;
  details?: unknown;
}

/** What a job records of an error: anything not an AppError is INTERNAL (its text is for the log, not the user). */
export function jobError(err: unknown): JobError {
  const e = err instanceof AppError ? err : new AppError('INTERNAL');
  return { code: e.code, params: e.params, ...(e.details === undefined ? {} : { details: e.details }) };
}

const byUsers = { permission: 'registry.import' } as const;
const PIPELINE_STEPS = new Set<JobTransition>(['check', 'checked', 'refuse', 'done', 'fail']);
const now = sql`now()`;

/** The error columns of a job: set from an AppError, or cleared. */
function errorColumns(e: JobError | undefined) {
  return {
    error_code: e?.code ?? null,
    error_message: e ? JSON.stringify({ zh: formatMessage(e.code, e.params, 'zh'), en: formatMessage(e.code, e.params, 'en'), details: e.details ?? null }) : null,
  };
}

const NOT_CANCELLABLE: Partial<Record<JobState, { stateZh: string; stateEn: string }>> = {
  importing: { stateZh: '正在写入农户信息库', stateEn: 'is being written to the registry' },
  done: { stateZh: '已导入完成', stateEn: 'is already imported' },
  cancelled: { stateZh: '已取消', stateEn: 'is already cancelled' },
};

const refusal = (code: ErrorCode, params: Record<string, string | number> = {}): Refusal & { params: Record<string, string | number> } => ({
  code,
  zh: formatMessage(code, params, 'zh'),
  en: formatMessage(code, params, 'en'),
  params,
});

/** Refusals of a user's check or commit that do not depend on the state: the job finished, its files gone. */
function filesAndFinish(job: JobRow, days: number, order: 'files first' | 'finish first'): Refusal[] {
  const finished = job.finished_at ? [refusal('IMPORT_STATE', { state: job.state })] : [];
  const files = job.files_removed_at ? [refusal('IMPORT_FILE_EXPIRED', { days })] : [];
  return order === 'files first' ? [...files, ...finished] : [...finished, ...files];
}

type JobMachine = Machine<JobState, JobTransition, JobRow, JobPayload>;

/** The machine of `deps`' configuration (its retention days are in the words of a refusal). */
export function jobMachine(retentionDays: number): JobMachine {
  const t = (x: Transition<JobState, JobRow, JobPayload>) => x;
  return {
    entity: 'import_job',
    label: { zh: '导入任务', en: 'import job' },
    table: 'import_jobs',
    areaOf: (job) => job.area_code,
    states: {
      uploaded: { zh: '已上传', en: 'uploaded' },
      checking: { zh: '预检中', en: 'checking' },
      checked: { zh: '已预检', en: 'checked' },
      importing: { zh: '导入中', en: 'importing' },
      done: { zh: '已完成', en: 'done' },
      failed: { zh: '失败', en: 'failed' },
      cancelled: { zh: '已取消', en: 'cancelled' },
    },
    transitions: {
      // The pipeline's dry run starting: a new upload, a commit whose staging tables were dropped meanwhile.
      check: t({
        label: { zh: '开始预检', en: 'start the dry run' },
        from: ['uploaded', 'checked', 'failed', 'importing'],
        to: 'checking',
        system: true,
        audit: { action: 'registry.import_check_start' },
      }),
      recheck: t({
        label: { zh: '重新预检', en: 'check again' },
        from: ['checked', 'failed'],
        to: 'checking',
        people: byUsers,
        guard: ({ record }) => filesAndFinish(record, retentionDays, 'files first'),
        set: ({ payload }) => ({
          ...errorColumns(undefined),
          ...(payload?.override ? { mapping_override: JSON.stringify(payload.override) } : {}),
          ...(payload?.mode ? { mode: payload.mode } : {}),
          updated_at: now,
        }),
        audit: { action: 'registry.import_check', detail: ({ record, payload }) => ({ file: record.file_name, state: record.state, ...(payload?.mode ? { mode: payload.mode } : {}) }) },
      }),
      checked: t({ label: { zh: '预检完成', en: 'finish the dry run' }, from: ['checking'], to: 'checked', system: true, set: () => ({ updated_at: now }), audit: { action: 'registry.import_checked' } }),
      commit: t({
        label: { zh: '导入', en: 'import' },
        from: ['checked'],
        to: 'importing',
        people: byUsers,
        system: true,
        guard: ({ record, actor, payload }) => {
          const out = filesAndFinish(record, retentionDays, 'finish first');
          // A user's all_or_nothing on a file with bad rows is refused at once; the pipeline's finds out in its checks.
          const c = record.counts as { rows?: { error: number; skipped: number } } | null;
          const bad = c?.rows ? c.rows.error + c.rows.skipped : 0;
          if (actor && payload?.mode === 'all_or_nothing' && bad > 0) out.push(refusal('IMPORT_HAS_ERRORS', { count: bad }));
          return out;
        },
        set: ({ payload }) => ({ mode: payload?.mode ?? 'all_or_nothing', rows_written: 0, step: null, ...errorColumns(undefined), updated_at: now }),
        audit: { action: 'registry.import_commit', detail: ({ record, payload }) => ({ file: record.file_name, mode: payload?.mode ?? 'all_or_nothing' }) },
      }),
      refuse: t({
        label: { zh: '拒绝导入', en: 'refuse the import' },
        from: ['importing'],
        to: 'checked',
        system: true,
        set: ({ payload }) => ({ ...errorColumns(payload?.error), updated_at: now }),
        audit: { action: 'registry.import_refused', detail: ({ payload }) => ({ code: payload?.error?.code ?? null }) },
      }),
      done: t({ label: { zh: '导入完成', en: 'finish the import' }, from: ['importing'], to: 'done', system: true, set: () => ({ updated_at: now }), audit: { action: 'registry.import_done' } }),
      fail: t({
        label: { zh: '记录失败', en: 'record the failure' },
        from: ['uploaded', 'checking', 'importing'],
        to: 'failed',
        system: true,
        set: ({ payload }) => ({ ...errorColumns(payload?.error), updated_at: now }),
        audit: { action: 'registry.import_failed', detail: ({ payload }) => ({ code: payload?.error?.code ?? null }) },
      }),
      // Not while the registry is written or after; a commit that failed rolled back (finished_at null).
      cancel: t({
        label: { zh: '取消导入', en: 'cancel the import' },
        from: ['uploaded', 'checking', 'checked', 'failed'],
        to: 'cancelled',
        people: byUsers,
        system: true,
        guard: ({ record }) => (record.finished_at ? [refusal('IMPORT_NOT_CANCELLABLE', NOT_CANCELLABLE.done!)] : []),
        set: () => ({ ...errorColumns(undefined), updated_at: now }),
        audit: { action: 'registry.import_cancel', detail: ({ record }) => ({ file: record.file_name, state: record.state }) },
      }),
    },
    errors: {
      state: (job, transition) => {
        // The pipeline meeting a job cancelled meanwhile stops there (runTask then deletes what it wrote).
        if (job.state === 'cancelled' && PIPELINE_STEPS.has(transition)) return new AppError('IMPORT_CANCELLED');
        if (transition === 'cancel') return new AppError('IMPORT_NOT_CANCELLABLE', NOT_CANCELLABLE[job.state] ?? NOT_CANCELLABLE.done!);
        if (transition === 'recheck' && job.files_removed_at && job.state !== 'cancelled') return new AppError('IMPORT_FILE_EXPIRED', { days: retentionDays });
        return new AppError('IMPORT_STATE', { state: job.state });
      },
      refused: (refusals) => {
        const first = refusals[0] as Refusal & { params?: Record<string, string | number> };
        return new AppError(first.code as ErrorCode, first.params ?? {});
      },
    },
  };
}

/** Takes the transition on the job as it is now (read again: the pipeline's steps follow each other, not a form). */
export async function moveJob(deps: ImportDeps, jobId: number, transition: JobTransition, actor: Actor | null, payload?: JobPayload): Promise<JobRow> {
  const job = await loadJob(deps.db, jobId);
  return applyTransition(deps.db, jobMachine(deps.config.importRetentionDays), job, transition, actor, { payload });
}

/** Whether a user could cancel the job now (the job DTO's `cancellable`; its files must still be there). */
export function cancellable(job: JobRow): boolean {
  return allows(jobMachine(0), job, 'cancel') && !job.files_removed_at;
}
