import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsx } from '../src/features/imports/parse-xlsx.js';
import { openZipEntry, zipEntries } from '../src/features/imports/zip.js';
import { zipOf } from './helpers/zip.js';

/** The .xlsx reader opens the zip's parts through its directory (src/features/imports/zip.ts), whatever their order. */
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
    const parts: [string, Buffer][] = [];
    for (const e of (await zipEntries(original)).values()) {
      const chunks: Buffer[] = [];
      for await (const c of await openZipEntry(original, e)) chunks.push(c as Buffer);
      parts.push([e.name, Buffer.concat(chunks)]);
    }
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
