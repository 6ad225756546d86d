import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { readXlsx } from './parse-xlsx.js';
import { openZipEntry, zipEntries } from './zip.js';
import { XlsxWriter } from '../../core/xlsx-writer.js';

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

/** A zip of `parts` in the given order, stored (not deflated): enough to put a workbook's parts in any order. */
function storedZip(parts: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const n = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    central.push(cd, n);
    offset += 30 + n.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

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
      fs.writeFileSync(file, storedZip(order));
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
