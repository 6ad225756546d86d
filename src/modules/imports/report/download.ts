import fs from 'node:fs';
import { AppError } from '../errors.js';
import type { Actor } from '../../../server/context.js';
import { recordAudit } from '../../audit/repo.js';
import { auditActor } from '../../audit/actor.js';
import { loadVisibleJob } from '../job/query.js';
import type { ImportDeps } from '../job/record.js';

/**
 * 下载导入结果: the report of a job of the user's area (not of a cancelled one, nor after the retention), audited: it
 * holds the file's personal data. Returns where it is and the name to give it.
 */
export async function reportForDownload(deps: ImportDeps, actor: Actor, jobId: number): Promise<{ path: string; asciiName: string; name: string }> {
  const job = await loadVisibleJob(deps.db, actor.user, jobId);
  if (job.state === 'cancelled') throw new AppError('IMPORT_STATE', { state: job.state });
  if (job.files_removed_at) throw new AppError('IMPORT_REPORT_EXPIRED', { days: deps.config.importRetentionDays });
  if (!job.report_path || !fs.existsSync(job.report_path)) throw new AppError('IMPORT_REPORT_MISSING');
  await recordAudit(deps.db, { ...auditActor(actor), action: 'registry.import_report', targetType: 'import_job', targetId: job.id, detail: { file: job.file_name, state: job.state } });
  const base = job.file_name.replace(/\.[^.]*$/, '') || 'import';
  return { path: job.report_path, asciiName: `import-${job.id}-report.xlsx`, name: `${base}-导入结果.xlsx` };
}
