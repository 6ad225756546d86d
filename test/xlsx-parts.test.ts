import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { partPath, readXlsx } from '../src/modules/imports/parse/parse-xlsx.js';
import { unzipFile, zipOf } from './helpers/zip.js';
import { openZipEntry, zipEntries } from '../src/modules/imports/parse/zip.js';

/** The .xlsx reader opens the zip's parts through its directory (src/modules/imports/zip.ts), whatever their order. */
const NAMES = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';

test('every part of the zip is read, whatever its order: workbook.xml last, a sheet last, sheets before the shared strings', async () => {
  // ExcelJS's own front-to-back reader lost the archive's last part now and then (1 read in ~400 of a small
  // workbook): "Cannot read properties of undefined (reading 'sheets')" when it was workbook.xml, and a sheet's rows
  // silently when it was a sheet.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-xo-'));
  try {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('甲');
    for (let r = 1; r <= 300; r++) a.addRow([`${NAMES[r % NAMES.length]}${r}`, r]);
    const b = wb.addWorksheet('乙');
    for (let r = 1; r <= 200; r++) b.addRow([`乙${r}`]);
    const original = path.join(dir, 'original.xlsx');
    await wb.xlsx.writeFile(original);
    const parts = [...(await unzipFile(original))];
    const last = (name: string) => [...parts.filter(([n]) => n !== name), parts.find(([n]) => n === name)!];
    const orders: Record<string, [string, Buffer][]> = {
      'workbook.xml last': last('xl/workbook.xml'),
      'a sheet last': last('xl/worksheets/sheet2.xml'),
      'sheets first': [...parts.filter(([n]) => n.startsWith('xl/worksheets/')), ...parts.filter(([n]) => !n.startsWith('xl/worksheets/'))],
    };
    for (const [label, order] of Object.entries(orders)) {
      const file = path.join(dir, `${label}.xlsx`);
      fs.writeFileSync(file, zipOf(order.map(([name, data]) => ({ name, data }))));
      for (let i = 0; i < 25; i++) {
        const seen: [string | null, number, string][] = [];
        for await (const sheet of readXlsx(file)) {
          let n = 0;
          let first = '';
          for await (const r of sheet.rows) if (n++ === 0) first = String(r.cells[0]);
          seen.push([sheet.name, n, first]);
        }
        assert.deepEqual(seen, [['甲', 300, `${NAMES[1]}1`], ['乙', 200, '乙1']], `${label}, read ${i + 1}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sheets and shared strings are found where the relationships point: absolute targets, names of their own', async () => {
  // ExcelJS names a sheet only when its relationship reads exactly worksheets/sheetN.xml, and looks for the shared
  // strings at xl/sharedStrings.xml; other writers point elsewhere.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-xr-'));
  try {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('封面').addRow(['说明']);
    const data = wb.addWorksheet('花名册');
    for (let r = 1; r <= 50; r++) data.addRow([`${NAMES[r % NAMES.length]}${r}`, r]);
    const original = path.join(dir, 'original.xlsx');
    await wb.xlsx.writeFile(original);
    const renamed: Record<string, string> = { 'xl/worksheets/sheet2.xml': 'xl/worksheets/roster.xml', 'xl/sharedStrings.xml': 'xl/text/strings.xml' };
    const parts: { name: string; data: Buffer }[] = [];
    for (const [name, stored] of await unzipFile(original)) {
      let data = stored;
      if (name === 'xl/_rels/workbook.xml.rels') {
        const xml = data.toString('utf8');
        assert.match(xml, /Target="worksheets\/sheet2\.xml"/);
        data = Buffer.from(
          xml
            .replace('Target="worksheets/sheet1.xml"', 'Target="/xl/worksheets/sheet1.xml"')
            .replace('Target="worksheets/sheet2.xml"', 'Target="./worksheets/roster.xml"')
            .replace('Target="sharedStrings.xml"', 'Target="/xl/text/strings.xml"'),
        );
      }
      parts.push({ name: renamed[name] ?? name, data });
    }
    const file = path.join(dir, 'moved.xlsx');
    fs.writeFileSync(file, zipOf(parts));
    const seen: [string | null, number, string][] = [];
    for await (const sheet of readXlsx(file)) {
      let n = 0;
      let last = '';
      for await (const r of sheet.rows) {
        n++;
        last = String(r.cells[0]);
      }
      seen.push([sheet.name, n, last]);
    }
    assert.deepEqual(seen, [['封面', 1, '说明'], ['花名册', 50, `${NAMES[50 % NAMES.length]}50`]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('partPath: a relationship target as a name in the zip', () => {
  assert.equal(partPath('worksheets/sheet1.xml'), 'xl/worksheets/sheet1.xml');
  assert.equal(partPath('/xl/worksheets/sheet1.xml'), 'xl/worksheets/sheet1.xml');
  assert.equal(partPath('./worksheets/../worksheets/a.xml'), 'xl/worksheets/a.xml');
});

test('a county sheet with drop-down lists on whole columns (to row 1,048,576) reads its rows, not a million validations', { timeout: 120_000 }, async () => {
  // County templates often carry list validations on whole columns. ExcelJS's workbook loader expands such a range
  // cell by cell (millions of entries: it never finishes); the import's streaming reader must not look at them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-xv-'));
  try {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册') as ExcelJS.Worksheet & { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } };
    ws.addRow(['姓名', '与户主关系']);
    for (let r = 1; r <= 30; r++) ws.addRow([`${NAMES[r % NAMES.length]}${r}`, r === 1 ? '户主' : '子']);
    for (const c of ['A', 'B', 'C', 'D', 'E', 'F']) ws.dataValidations.add(`${c}2:${c}1048576`, { type: 'list', allowBlank: true, formulae: ['"户主,配偶,子,女"'] });
    const file = path.join(dir, 'whole-columns.xlsx');
    await wb.xlsx.writeFile(file);
    assert.match((await unzipFile(file)).get('xl/worksheets/sheet1.xml')!.toString('utf8'), /sqref="A2:A1048576"/, 'the file carries whole-column validations');
    const rows: string[] = [];
    for await (const sheet of readXlsx(file)) for await (const r of sheet.rows) rows.push(String(r.cells[0]));
    assert.equal(rows.length, 31);
    assert.equal(rows[30], `${NAMES[30 % NAMES.length]}30`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a zip bomb with a lying header: a sheet said to hold 4 KB that inflates to 64 MB is stopped at its declared size', async () => {
  // The sniff only sees the directory's sizes; the inflated bytes are counted as they come, and the part fails at
  // the first byte beyond what the directory declared (the server grew to 1.9 GB on four such uploads).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-xb-'));
  try {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('花名册').addRow(['姓名']);
    const original = path.join(dir, 'original.xlsx');
    await wb.xlsx.writeFile(original);
    const huge = Buffer.alloc(64 * 1024 * 1024, 0x20);
    huge.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', 0);
    huge.write('</sheetData></worksheet>', huge.length - 24);
    const parts = [...(await unzipFile(original))].map(([name, data]) =>
      name === 'xl/worksheets/sheet1.xml' ? { name, data: huge, declaredSize: 4096 } : { name, data },
    );
    const file = path.join(dir, 'lying.xlsx');
    fs.writeFileSync(file, zipOf(parts));
    assert.ok(fs.statSync(file).size < 1024 * 1024, 'a small file');

    const entry = (await zipEntries(file)).get('xl/worksheets/sheet1.xml')!;
    assert.equal(entry.uncompressedSize, 4096);
    let inflated = 0;
    await assert.rejects(
      (async () => {
        for await (const chunk of await openZipEntry(file, entry)) inflated += (chunk as Buffer).length;
      })(),
      { code: 'IMPORT_ZIP_BOMB' },
    );
    assert.ok(inflated <= 4096, `only the declared bytes are handed on (${inflated})`);

    await assert.rejects(
      (async () => {
        for await (const sheet of readXlsx(file)) for await (const _row of sheet.rows) void _row;
      })(),
      { code: 'IMPORT_ZIP_BOMB' },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
