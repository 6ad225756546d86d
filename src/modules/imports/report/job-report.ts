import { AppError } from '../errors.js';
import { writeReport } from './report.js';
import { sniffFile } from '../parse/sniff.js';
import { rowOutcomes } from '../pipeline/repo/outcomes.js';
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
    ['文件', job.file_name],
    ['导入任务编号', job.id],
    ['状态', final ? '已导入' : '预检（尚未导入）'],
    ['户数', c?.households.total ?? 0],
    ['其中新增户', c?.households.new ?? 0],
    ['其中更新户（户信息或成员有变化）', c?.households.updated ?? 0],
    ['其中无变化户', c?.households.unchanged ?? 0],
    ['其中有错误的户', c?.households.error ?? 0],
    ['成员行数', c?.rows.total ?? 0],
    ['其中新增成员', c?.rows.new ?? 0],
    ['其中更新成员', c?.rows.updated ?? 0],
    ['其中无变化成员', c?.rows.unchanged ?? 0],
    ['其中错误行', c?.rows.error ?? 0],
    ['其中因同户错误未导入的行', c?.rows.skipped ?? 0],
    ['其中有提示的行（照常导入，请核对）', c?.rows.warning ?? 0],
    ['空行/备注行', c?.blankRows ?? 0],
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

