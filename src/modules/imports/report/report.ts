import fs from 'node:fs';
import { once } from 'node:events';
import type { FileInfo } from '../parse/sniff.js';
import { isoDate, readSheets, type Cell } from '../parse/sheet.js';
import type { RowOutcome } from '../pipeline/repo/outcomes.js';
import { XlsxWriter, type XCell } from '../../../core/xlsx-writer.js';
import { describeChanges } from '../pipeline/household-changes.js';

/**
 * The import report (导入结果), for county clerks, in Chinese only: the ORIGINAL rows of the file, at their original
 * row numbers (so "第 12 行" is row 12 in both), with three columns added after the last one: 导入状态 (新增 / 更新 /
 * 无变化 / 错误), 错误说明, and 提示 (warnings; on a registered household's row its values the import changes,
 * old → new, once per household, and how many of its registered members the file does not list and stay). Written while the file is read again and merged, in row order, with the outcomes from the staging table:
 * memory does not grow with the file. Text that a spreadsheet could take for a formula (= + - @, tab, CR at the
 * start) is prefixed with an apostrophe.
 */
export const STATUS_LABEL: Record<RowOutcome['status'], { zh: string; en: string }> = {
  new: { zh: '新增', en: 'new' },
  updated: { zh: '更新', en: 'updated' },
  unchanged: { zh: '无变化', en: 'unchanged' },
  error: { zh: '错误', en: 'error' },
  skipped: { zh: '错误', en: 'error' },
};

export function escapeFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** Text escaped; dates as YYYY-MM-DD text. */
function safeCell(c: Cell | undefined): XCell {
  if (c == null) return null;
  if (typeof c === 'string') return escapeFormula(c);
  if (c instanceof Date) return isoDate(c);
  return c;
}

/** The 提示 cell: warnings, the household's changes (old → new), its registered members kept. */
function notes(o: RowOutcome, final: boolean): string {
  const parts = (o.warnings ?? []).map((w) => w.zh);
  const changes = describeChanges(o.changes);
  if (changes) parts.push(`户信息${final ? '已' : '将'}变更：${changes}`);
  if (o.kept) parts.push(`本户另有 ${o.kept} 名已登记成员不在本文件中，保持不变`);
  return parts.join('；');
}

export interface ReportInput {
  filePath: string;
  info: FileInfo;
  sheetIndex: number;
  headerRow: number;
  /** Where the added columns go (0-based): after the widest row of the file. */
  statusColumn: number;
  outcomes: AsyncIterable<RowOutcome>;
  outPath: string;
  /** After the commit the wording is "was imported"; in the dry run "will be". */
  final: boolean;
  summary?: [string, string | number][];
  /** Called every CHECKPOINT_ROWS rows: a cancelled dry run throws there (IMPORT_CANCELLED), and no report stays. */
  checkpoint?: () => Promise<void>;
}

const CHECKPOINT_ROWS = 10_000;

export async function writeReport(input: ReportInput): Promise<void> {
  const tmp = `${input.outPath}.tmp`;
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  const xlsx = new XlsxWriter(out);
  let outcomes: AsyncIterator<RowOutcome> | undefined;
  try {
    const sc = input.statusColumn;
    const ws = await xlsx.addSheet('导入结果', { frozenRows: input.headerRow, widths: { [sc]: 10, [sc + 1]: 60, [sc + 2]: 60 } });
    outcomes = input.outcomes[Symbol.asyncIterator]();
    let next = await outcomes.next();
    const skippedText = input.final ? '本户其他行有错误，整户未导入' : '本户其他行有错误，整户不能导入';
    const errorCols = [sc, sc + 1];

    for await (const sheet of readSheets(input.filePath, input.info)) {
      if (sheet.index !== input.sheetIndex) continue;
      for await (const { rowNo, cells } of sheet.rows) {
        if (input.checkpoint && rowNo % CHECKPOINT_ROWS === 0) await input.checkpoint();
        const n = Math.min(cells.length, sc);
        const values: XCell[] = new Array(n);
        for (let i = 0; i < n; i++) values[i] = safeCell(cells[i]);
        while (!next.done && next.value.row_no < rowNo) next = await outcomes.next();
        if (rowNo === input.headerRow) {
          values[sc] = '导入状态';
          values[sc + 1] = '错误说明';
          values[sc + 2] = '提示';
          await ws.writeRow(rowNo, values);
        } else if (!next.done && next.value.row_no === rowNo) {
          const o = next.value;
          values[sc] = STATUS_LABEL[o.status].zh;
          if (o.status === 'skipped') {
            values[sc + 1] = skippedText + (o.household_no ? `（户编号 ${o.household_no}）` : '');
          } else if (o.problems?.length) {
            values[sc + 1] = escapeFormula(o.problems.map((p) => `${p.column}：${p.zh}`).join('；'));
          }
          const note = notes(o, input.final);
          if (note) values[sc + 2] = escapeFormula(note);
          await ws.writeRow(rowNo, values, o.status === 'error' || o.status === 'skipped' ? errorCols : undefined);
        } else {
          await ws.writeRow(rowNo, values);
        }
      }
      break;
    }
    await ws.end();
    if (input.summary?.length) {
      const s = await xlsx.addSheet('汇总', { widths: { 0: 28, 1: 40 } });
      let r = 0;
      for (const [k, v] of input.summary) await s.writeRow(++r, [k, typeof v === 'string' ? escapeFormula(v) : v]);
      await s.end();
    }
    await xlsx.finish();
    out.end();
    await once(out, 'close');
  } catch (err) {
    await outcomes?.return?.(undefined).catch(() => {});
    xlsx.abort();
    out.on('error', () => {}); // the file is being thrown away: a late write's error there is no news
    out.destroy();
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  await fs.promises.rename(tmp, input.outPath);
}
