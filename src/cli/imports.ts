import path from 'node:path';
import type { Config } from '../core/config.js';
import { createFieldCipher, loadMasterKey } from '../core/field-crypto.js';
import type { Connection } from '../db/database.js';
import { importFile } from '../modules/imports/pipeline/import-file.js';
import type { ImportProgress, ImportStep, ImportSummary } from '../modules/imports/job/record.js';

/**
 * `npx fangpin import households FILE`: the server's import pipeline, run here synchronously (dry run, then the
 * commit unless --dry-run), as the system user (every village of the database in scope). Prints the summary and
 * where the report is. Exit code 0 when imported (or checked without errors), 1 when rows have errors or it failed.
 */
export async function cliImportHouseholds(
  conn: Connection,
  config: Config,
  file: string,
  opts: { validOnly: boolean; dryRun: boolean; report: boolean; exitYear?: number },
): Promise<number> {
  const cipher = createFieldCipher(loadMasterKey({ keyHex: config.keyHex, keyFile: config.keyFile, dataDir: config.dataDir }));
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let lastStep = '';
  const onProgress = (p: ImportProgress) => {
    const now = Date.now();
    const step = `${p.step}:${p.stepDone ?? ''}`;
    if (step === lastStep && now - lastLine < (tty ? 200 : 5000)) return;
    lastLine = now;
    lastStep = step;
    const n = (v: number) => v.toLocaleString('en');
    const what =
      p.step === 'read'
        ? `${STEP_TEXT.read}: ${n(p.rowsChecked)} (${Math.round((p.bytesRead / Math.max(1, p.fileSize)) * 100)}%)`
        : p.step === 'members'
          ? `${STEP_TEXT.members}: ${n(p.rowsWritten)} / ${n(p.rowsTotal ?? 0)}`
          : `${STEP_TEXT[p.step]}${p.stepTotal ? ` (${p.stepDone ?? 0}/${p.stepTotal})` : ''}`;
    if (tty) process.stderr.write(`\r${what}`.padEnd(70));
    else console.error(what);
  };
  const s = await importFile({ db: conn.db, cipher, config }, null, path.resolve(file), {
    mode: opts.validOnly ? 'valid_only' : 'all_or_nothing',
    dryRun: opts.dryRun,
    report: opts.report,
    exitYear: opts.exitYear,
    onProgress,
  });
  if (tty) process.stderr.write('\r'.padEnd(71) + '\r');
  printSummary(s, opts.dryRun);
  if (s.state === 'failed' || s.state === 'cancelled') return 1;
  if (s.error) return 1;
  return s.counts && s.counts.rows.error + s.counts.rows.skipped > 0 && (opts.dryRun || !opts.validOnly) ? 1 : 0;
}

const STEP_TEXT: Record<ImportStep, string> = {
  read: '预检 reading and checking rows',
  file_checks: '检查整个文件 checking the file as a whole',
  registry_checks: '比对信息库 checking against the registry',
  households: '写入农户 writing households',
  households_indexes: '重建农户索引 building the households’ indexes',
  members: '写入成员 writing members',
  members_indexes: '重建成员索引 building the members’ indexes',
  history: '记录变更 recording the history',
  report: '生成报告 writing the report',
};

export function printSummary(s: ImportSummary, dryRun: boolean): void {
  const c = s.counts;
  const n = (v: number | undefined) => (v ?? 0).toLocaleString('en');
  console.log(`文件 file: ${s.fileName} (${s.fileType ?? '?'}${s.encoding ? `, ${s.encoding}` : ''}${s.sheetName ? `, sheet ${s.sheetName}` : ''}${s.headerRow ? `, header row ${s.headerRow}` : ''})`);
  console.log(`导入任务 job: ${s.jobId}  状态 state: ${s.state}${s.mode && !dryRun ? `  mode: ${s.mode}` : ''}${dryRun ? '  (dry run: nothing written)' : ''}`);
  if (c) {
    console.log(
      `行 rows: ${n(c.rows.total)}  新增 new ${n(c.rows.new)}  更新 updated ${n(c.rows.updated)}  无变化 unchanged ${n(c.rows.unchanged)}  ` +
        `错误 errors ${n(c.rows.error)}  因同户错误未导入 skipped ${n(c.rows.skipped)}  空行 blank ${n(c.blankRows)}`,
    );
    console.log(`户 households: ${n(c.households.total)}  新增 new ${n(c.households.new)}  更新 updated ${n(c.households.updated)}  无变化 unchanged ${n(c.households.unchanged)}  有错误 with errors ${n(c.households.error)}`);
  }
  for (const p of s.problems.slice(0, 20)) console.log(`  第 ${p.row} 行 row ${p.row}  ${p.column}：${p.zh}`);
  if (s.warnings.length) console.log(`提示 warnings (imported all the same; see the report): ${s.warnings.length}${s.warnings.length >= 200 ? '+' : ''} rows`);
  if (s.problems.length > 20) console.log(`  … (${c ? n(c.rows.error) : s.problems.length} rows with errors; see the report)`);
  if (s.error) console.log(`${s.error.code}: ${s.error.zh} / ${s.error.en}`);
  if (s.reportPath) console.log(`报告 report: ${s.reportPath}`);
  const secs = s.durationMs / 1000;
  console.log(`用时 took ${secs.toFixed(1)} s${s.rowsPerSecond ? ` (${n(s.rowsPerSecond)} rows/s)` : ''}`);
}
