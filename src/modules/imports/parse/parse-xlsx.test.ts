import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { readXlsx } from './parse-xlsx.js';
import { XlsxWriter } from '../../../core/xlsx-writer.js';

const NAMES = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';

async function readAll(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const sheet of readXlsx(file)) {
    for await (const r of sheet.rows) for (const c of r.cells) if (typeof c === 'string') out.push(c);
    break;
  }
  return out;
}

test('Chinese text split across zip chunks is decoded whole (inline strings and shared strings)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-xr-'));
  try {
    const name = (i: number) => NAMES[i % NAMES.length]! + NAMES[(i * 7) % NAMES.length]! + NAMES[(i * 13) % NAMES.length]! + '村委会';
    const inline = path.join(dir, 'inline.xlsx');
    const out = fs.createWriteStream(inline);
    const w = new XlsxWriter(out);
    const s = await w.addSheet('s');
    for (let r = 1; r <= 20_000; r++) await s.writeRow(r, [name(r), `${name(r + 1)}大桥沟`]);
    await s.end();
    await w.finish();
    out.end();
    await once(out, 'close');
    const a = await readAll(inline);
    assert.equal(a.length, 40_000);
    assert.equal(a.filter((x) => x.includes('\uFFFD')).length, 0, 'no replacement characters');
    assert.equal(a[0], name(1));

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    for (let r = 1; r <= 20_000; r++) ws.addRow([`${name(r)}${r}`]);
    const shared = path.join(dir, 'shared.xlsx');
    await wb.xlsx.writeFile(shared);
    const b = await readAll(shared);
    assert.equal(b.length, 20_000);
    assert.equal(b.filter((x) => x.includes('\uFFFD')).length, 0, 'no replacement characters in shared strings');
    assert.equal(b[19_999], `${name(20_000)}20000`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
