import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { FileInfo } from './sniff.js';
import { isoDate, readSheets, type Cell } from './sheet.js';
import type { RowOutcome } from './stage.js';

/**
 * The import report (导入结果): the ORIGINAL rows of the file, at their original row numbers (so "第 12 行" is row 12 in
 * both), with three columns added after the last one: 导入状态 (新增 / 更新 / 无变化 / 错误), 错误说明 and the same in
 * English. Written with ExcelJS's streaming writer while the file is read again and merged, in row order, with the
 * outcomes from the staging table: memory does not grow with the file. Text that a spreadsheet could take for a
 * formula (= + - @, tab, CR at the start) is prefixed with an apostrophe.
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

/** Text escaped; dates as YYYY-MM-DD text (the writer runs without styles: a million styled cells are slow). */
function safeCell(c: Cell | undefined): Cell {
  if (c == null) return null;
  if (typeof c === 'string') return escapeFormula(c);
  if (c instanceof Date) return isoDate(c);
  return c;
}

export interface ReportInput {
  filePath: string;
  info: FileInfo;
  sheetIndex: number;
  headerRow: number;
  /** Where the added columns go (0-based): after the widest row of the file. */
  statusColumn: number;
  outcomes: AsyncIterable<RowOutcome & { household_no?: string | null }>;
  outPath: string;
  /** After the commit the wording is "was imported"; in the dry run "will be". */
  final: boolean;
  summary?: [string, string | number][];
}

export async function writeReport(input: ReportInput): Promise<void> {
  const tmp = `${input.outPath}.tmp`;
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('导入结果', { views: [{ state: 'frozen', ySplit: input.headerRow }] });
  const sc = input.statusColumn;
  ws.getColumn(sc + 1).width = 10;
  ws.getColumn(sc + 2).width = 60;
  ws.getColumn(sc + 3).width = 50;

  const outcomes = input.outcomes[Symbol.asyncIterator]();
  let next = await outcomes.next();
  const skippedText = input.final
    ? { zh: '本户其他行有错误，整户未导入', en: 'Another row of this household has errors: the household was not imported' }
    : { zh: '本户其他行有错误，整户不能导入', en: 'Another row of this household has errors: the household cannot be imported' };

  for await (const sheet of readSheets(input.filePath, input.info)) {
    if (sheet.index !== input.sheetIndex) continue;
    for await (const { rowNo, cells } of sheet.rows) {
      const values: Cell[] = new Array(Math.min(cells.length, sc));
      for (let i = 0; i < values.length; i++) values[i] = safeCell(cells[i]);
      while (!next.done && next.value.row_no < rowNo) next = await outcomes.next();
      const row = ws.getRow(rowNo);
      if (rowNo === input.headerRow) {
        values[sc] = '导入状态';
        values[sc + 1] = '错误说明';
        values[sc + 2] = 'Problems (English)';
        row.values = values as ExcelJS.CellValue[];
      } else if (!next.done && next.value.row_no === rowNo) {
        const o = next.value;
        const label = STATUS_LABEL[o.status];
        values[sc] = label.zh;
        if (o.status === 'skipped') {
          values[sc + 1] = skippedText.zh + (o.household_no ? `（户编号 ${o.household_no}）` : '');
          values[sc + 2] = skippedText.en;
        } else if (o.problems?.length) {
          values[sc + 1] = escapeFormula(o.problems.map((p) => `${p.column}：${p.zh}`).join('；'));
          values[sc + 2] = escapeFormula(o.problems.map((p) => `${p.column}: ${p.en}`).join('; '));
        }
        row.values = values as ExcelJS.CellValue[];
      } else {
        row.values = values as ExcelJS.CellValue[];
      }
      row.commit();
    }
    break;
  }
  ws.commit();
  if (input.summary?.length) {
    const s = wb.addWorksheet('汇总');
    s.getColumn(1).width = 28;
    s.getColumn(2).width = 40;
    for (const [k, v] of input.summary) s.addRow([k, typeof v === 'string' ? escapeFormula(v) : v]).commit();
    s.commit();
  }
  await wb.commit();
  await fs.promises.rename(tmp, input.outPath);
}
