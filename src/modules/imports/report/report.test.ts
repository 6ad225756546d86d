import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeReport } from './report.js';
import { sniffFile } from '../parse/sniff.js';
import type { RowOutcome } from '../pipeline/repo/outcomes.js';

async function* outcomes(n: number): AsyncGenerator<RowOutcome> {
  for (let r = 2; r <= n + 1; r++) yield { row_no: r, status: 'new', problems: null, source_row: r, household_no: null, warnings: null, changes: null, kept: null };
}

test('the report calls its checkpoint every 10,000 rows; a checkpoint that throws leaves neither the report nor its .tmp', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-report-'));
  try {
    const file = path.join(dir, 'in.csv');
    fs.writeFileSync(file, ['户编号,姓名', ...Array.from({ length: 25_000 }, (_, i) => `H${i},张${i}`)].join('\n'));
    const info = await sniffFile(file);
    const base = { filePath: file, info, sheetIndex: 0, headerRow: 1, statusColumn: 2, final: false };

    let calls = 0;
    const done = path.join(dir, 'done.xlsx');
    await writeReport({ ...base, outcomes: outcomes(25_000), outPath: done, checkpoint: async () => void calls++ });
    assert.equal(calls, 2, 'rows 10,000 and 20,000');
    assert.ok(fs.statSync(done).size > 0);

    const stopped = path.join(dir, 'stopped.xlsx');
    await assert.rejects(
      writeReport({ ...base, outcomes: outcomes(25_000), outPath: stopped, checkpoint: () => Promise.reject(new Error('cancelled')) }),
      /cancelled/,
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), ['done.xlsx', 'in.csv']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
