import { AppError } from '../errors.js';
import { writeReport } from './report.js';
import { sniffFile } from '../parse/sniff.js';
import { rowOutcomes } from '../pipeline/outcomes.js';
import { reportPathFor, type ImportCounts, type ImportDeps, type StoredMapping } from '../job/record.js';
import { loadJob, saveReportPath } from '../repo.js';

/** Writes (or rewrites) the job's .xlsx report next to the upload, from the file and the staging tables. */
export async function writeJobReport(deps: ImportDeps, jobId: number, final: boolean, checkpoint?: () => Promise<void>): Promise<string> {
  const job = await loadJob(deps.db, jobId);
  const mapping = job.mapping as StoredMapping | null;
  if (!mapping) throw new AppError('IMPORT_REPORT_MISSING');
  const info = await sniffFile(job.file_path);
  const outPath = job.report_path ?? reportPathFor(deps.config, job.id, job.file_path);
  const c = job.counts as ImportCounts | null;
  const summary: [string, string | number][] = [
    ['文件 File', job.file_name],
    ['导入任务 Job', job.id],
    ['数据行 Rows', c?.rows.total ?? 0],
    ['新增 New', c?.rows.new ?? 0],
    ['更新 Updated', c?.rows.updated ?? 0],
    ['无变化 Unchanged', c?.rows.unchanged ?? 0],
    ['错误 Errors', c?.rows.error ?? 0],
    ['因同户错误未导入 Skipped with their household', c?.rows.skipped ?? 0],
    ['空行/备注行 Blank rows', c?.blankRows ?? 0],
    ['户数 Households', c?.households.total ?? 0],
    ['状态 State', final ? '已导入 imported' : '预检 dry run'],
  ];
  await writeReport({
    filePath: job.file_path,
    info,
    sheetIndex: mapping.sheetIndex,
    headerRow: mapping.headerRow,
    statusColumn: mapping.statusColumn,
    outcomes: rowOutcomes(deps.db, jobId),
    outPath,
    final,
    summary,
    checkpoint,
  });
  await saveReportPath(deps.db, jobId, outPath);
  return outPath;
}

