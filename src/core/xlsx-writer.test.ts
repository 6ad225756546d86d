import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { columnName, xmlText, XlsxWriter } from './xlsx-writer.js';
import { readXlsx } from '../modules/imports/parse/parse-xlsx.js';
import { sniffFile } from '../modules/imports/parse/sniff.js';

test('column names: A … Z, AA, AZ, BA, XFD', () => {
  assert.deepEqual([0, 25, 26, 51, 52, 16383].map(columnName), ['A', 'Z', 'AA', 'AZ', 'BA', 'XFD']);
});

test('cell text: the five specials escaped, characters XML forbids dropped, anything else as it is', () => {
  assert.equal(xmlText('张三 140430'), '张三 140430');
  assert.equal(xmlText('a&b<c>d"e'), 'a&amp;b&lt;c&gt;d&quot;e');
  assert.equal(xmlText('x\u0000y\u000Bz\uFFFE\uFFFF'), 'xyz');
  assert.equal(xmlText('\u0001&'), '&amp;');
  assert.equal(xmlText("tab\tline\nCR\r'"), "tab\tline\nCR\r'");
});

test('a written workbook reads back with ExcelJS and with the import’s own streaming reader', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-xw-'));
  try {
    const file = path.join(dir, 'r.xlsx');
    const out = fs.createWriteStream(file);
    const w = new XlsxWriter(out);
    const s = await w.addSheet('导入结果', { frozenRows: 2, widths: { 3: 60 }, autoFilter: { row: 2, columns: 4 } });
    await s.writeRow(1, ['标题 <&> "quoted"']);
    await s.writeRow(2, ['姓名', '身份证号', '金额', '状态']);
    await s.writeRow(3, ['张三', '14043019800101001X', 24000.5, true, ' 空格 ', 'bad\u0001char'], [3]);
    for (let r = 5; r < 3000; r++) await s.writeRow(r, [`名${r}`, String(r), r]);
    await s.end();
    const t = await w.addSheet('汇总');
    await t.writeRow(1, ['行', 2997]);
    await t.end();
    await w.finish();
    out.end();
    await once(out, 'close');

    assert.equal((await sniffFile(file)).type, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('导入结果')!;
    assert.equal(ws.getRow(1).getCell(1).value, '标题 <&> "quoted"');
    assert.equal(ws.autoFilter, 'A2:D2999', 'filter buttons on the header row, over every written row');
    assert.equal(ws.getRow(3).getCell(2).value, '14043019800101001X');
    assert.equal(ws.getRow(3).getCell(3).value, 24000.5);
    assert.equal(ws.getRow(3).getCell(4).value, true);
    assert.equal(ws.getRow(3).getCell(5).value, ' 空格 ');
    assert.equal(ws.getRow(3).getCell(6).value, 'badchar');
    assert.equal(ws.getRow(4).getCell(1).value, null);
    assert.equal(ws.getRow(2999).getCell(1).value, '名2999');
    assert.equal(wb.getWorksheet('汇总')!.getRow(1).getCell(2).value, 2997);

    let rows = 0;
    for await (const sheet of readXlsx(file)) {
      for await (const r of sheet.rows) if (sheet.index === 0) rows = r.rowNo > 0 ? rows + 1 : rows;
    }
    assert.equal(rows, 3 + 2995);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
