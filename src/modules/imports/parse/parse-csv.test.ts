import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { CsvParser, detectDelimiter, readCsv } from './parse-csv.js';
import type { SheetRow } from './sheet.js';

function parse(chunks: string[]): string[][] {
  const p = new CsvParser();
  const out: SheetRow[] = [];
  for (const c of chunks) p.push(c, out);
  p.end(out);
  return out.map((r) => r.cells as string[]);
}

test('quoted fields: commas, escaped quotes and line breaks inside; CRLF and LF', () => {
  const text = 'a,b,c\r\n"x, y","he said ""hi""","line1\nline2"\n1,,3';
  assert.deepEqual(parse([text]), [
    ['a', 'b', 'c'],
    ['x, y', 'he said "hi"', 'line1\nline2'],
    ['1', '', '3'],
  ]);
});

test('the same result whatever the chunk boundaries (a quote, a CR/LF pair cut between chunks)', () => {
  const text = 'a,"b""c",d\r\n"e\r\nf",g,\r\nh,i,j';
  const whole = parse([text]);
  for (let cut = 1; cut < text.length; cut++) assert.deepEqual(parse([text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
  const single = parse(text.split(''));
  assert.deepEqual(single, whole);
});

test('whatever the cells and line ends, the rows come back as written (lines split whole or walked, any chunking)', () => {
  // Lines without quotes take a fast path (split whole); the others are walked character by character. Random
  // well-formed files, with LF, CRLF and lone CR line ends, cut into random chunks, must read back exactly.
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const alphabet = ['a', '张', ',', '"', '\n', '\r', ' ', '1'];
  for (let k = 0; k < 400; k++) {
    const rows = Array.from({ length: 1 + rnd(6) }, () =>
      Array.from({ length: 1 + rnd(5) }, () => Array.from({ length: rnd(5) }, () => alphabet[rnd(alphabet.length)]).join('')),
    );
    const text = rows
      .map((r) => r.map((c) => (/[",\r\n]/.test(c) || rnd(4) === 0 ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + ['\n', '\r\n', '\r'][rnd(3)])
      .join('');
    const chunks: string[] = [];
    for (let at = 0; at < text.length; ) {
      const len = 1 + rnd(12);
      chunks.push(text.slice(at, at + len));
      at += len;
    }
    const expected = rows.map((r) => (r.length === 1 && r[0] === '' ? [''] : r));
    assert.deepEqual(parse([text]), expected, JSON.stringify(text));
    assert.deepEqual(parse(chunks), expected, JSON.stringify(chunks));
  }
});

test('row numbers count records (a quoted line break stays in its record); empty lines are rows', () => {
  const p = new CsvParser();
  const out: SheetRow[] = [];
  p.push('h1,h2\n\n"a\nb",c\nd,e\n', out);
  p.end(out);
  assert.deepEqual(out.map((r) => r.rowNo), [1, 2, 3, 4]);
  assert.deepEqual(out[1]!.cells, ['']);
});

test('delimiter: comma, tab or semicolon from the first lines', () => {
  assert.equal(detectDelimiter('a,b,c\n1,2,3'), 44);
  assert.equal(detectDelimiter('a\tb\tc\n1\t2\t3'), 9);
  assert.equal(detectDelimiter('a;b;c\n1;2;3'), 59);
});

test('readCsv decodes UTF-8 with BOM, GB18030 and UTF-16LE from a file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-csv-'));
  try {
    const text = '姓名,身份证号\r\n张三,140430198001010011\r\n';
    const cases: [string, Buffer, 'utf-8' | 'gb18030' | 'utf-16le'][] = [
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
      ['gbk.csv', iconv.encode(text, 'gbk'), 'gb18030'],
      ['u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
    ];
    for (const [name, buf, enc] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, buf);
      const rows: SheetRow[] = [];
      for await (const r of readCsv(file, enc)) rows.push(r);
      assert.deepEqual(rows.map((r) => r.cells), [['姓名', '身份证号'], ['张三', '140430198001010011']], name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
