import { loadJob } from '../repo.js';
import { splitProblems, type ListedProblem } from '../pipeline/repo/outcomes.js';
import { fullCounts, type ImportDeps, type ImportSummary } from './record.js';

export async function jobSummary(deps: ImportDeps, jobId: number, startedAt?: number): Promise<ImportSummary> {
  const j = await loadJob(deps.db, jobId);
  const err = j.error_code ? (JSON.parse(j.error_message ?? '{}') as { zh?: string; en?: string }) : null;
  const durationMs = startedAt ? Date.now() - startedAt : 0;
  const counts = fullCounts(j.counts);
  const { problems, warnings } = splitProblems(j.problems as ListedProblem[] | null);
  return {
    jobId: j.id,
    state: j.state,
    mode: j.mode,
    fileName: j.file_name,
    fileType: j.file_type,
    encoding: j.encoding,
    sheetName: j.sheet_name,
    headerRow: j.header_row,
    counts,
    problems,
    warnings,
    reportPath: j.report_path,
    error: err ? { code: j.error_code!, zh: err.zh ?? j.error_code!, en: err.en ?? j.error_code! } : null,
    durationMs,
    rowsPerSecond: counts && durationMs ? Math.round((counts.rows.total / durationMs) * 1000) : null,
  };
}

