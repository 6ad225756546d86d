import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { detectEncoding, sniffFile } from './sniff.js';

test('encoding: UTF-8 (with or without BOM), else GB18030; UTF-16 by its BOM; NUL bytes are binary', () => {
  assert.equal(detectEncoding(Buffer.from('\uFEFF姓名,身份证号')), 'utf-8');
  assert.equal(detectEncoding(Buffer.from('姓名,身份证号')), 'utf-8');
  assert.equal(detectEncoding(iconv.encode('姓名,身份证号', 'gbk')), 'gb18030');
  assert.equal(detectEncoding(Buffer.from([0xff, 0xfe, 0x59, 0x51])), 'utf-16le');
  assert.equal(detectEncoding(Buffer.from([0x41, 0, 0x42])), undefined);
  // A multi-byte character cut at the end of the sample is still UTF-8.
  const b = Buffer.from('姓名');
  assert.equal(detectEncoding(b.subarray(0, b.length - 1), true), 'utf-8');
});

test('sniffFile: a real .xlsx passes with its uncompressed size; a PDF, an empty file are refused', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-sniff-'));
  try {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRow(['姓名', '身份证号']);
    const x = path.join(dir, 'a.xlsx');
    await wb.xlsx.writeFile(x);
    const info = await sniffFile(x);
    assert.equal(info.type, 'xlsx');
    assert.ok(info.type === 'xlsx' && info.uncompressed > 0);
    const pdf = path.join(dir, 'a.pdf');
    fs.writeFileSync(pdf, '%PDF-1.7\n...');
    await assert.rejects(sniffFile(pdf), { code: 'IMPORT_FILE_TYPE' });
    const empty = path.join(dir, 'e.csv');
    fs.writeFileSync(empty, '');
    await assert.rejects(sniffFile(empty), { code: 'IMPORT_FILE_EMPTY' });
    const csv = path.join(dir, 'c.csv');
    fs.writeFileSync(csv, iconv.encode('姓名,身份证号\n', 'gbk'));
    assert.deepEqual(await sniffFile(csv), { type: 'csv', size: fs.statSync(csv).size, encoding: 'gb18030' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
