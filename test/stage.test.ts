import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createStage, dropStage, insertRows, STAGE_COLUMNS } from '../src/modules/imports/pipeline/repo/stage.js';
import type { StagedRow } from '../src/modules/imports/map/staged-row.js';
import { createTestDb, type TestDb } from './helpers/db.js';

/** The staging rows travel as PostgreSQL array literals (stage.ts stageParams): every value must come back as it went. */
let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(async () => {
  await t.drop();
});

const blank = (rowNo: number): StagedRow => {
  const r: StagedRow = { row_no: rowNo };
  for (const c of Object.keys(STAGE_COLUMNS)) if (c !== 'row_no') r[c] = null;
  return r;
};

test('texts with quotes, backslashes, commas, braces, blanks and the word NULL; numbers, booleans, dates, JSON', async () => {
  const awkward = ['a"b', 'back\\slash', 'x,y', '{z}', ' ', '', 'NULL', 'null', '张三·阿依古丽', '\\"', 'tab\there', 'line\nbreak'];
  const rows = awkward.map((text, i) => ({
    ...blank(i + 1),
    address: text,
    name: text,
    exit_year: 2019 + i,
    income_wages: 1234.5 + i,
    is_dibao: i % 2 === 0,
    water_quality_ok: i % 3 === 0 ? null : i % 3 === 1,
    birth_date: '1980-01-31',
    problems: i === 0 ? [{ column: '身份证号"', field: 'idNumber', code: 'X', zh: '说\\明', en: 'why, "quoted"' }] : null,
  }));
  await createStage(t.db, 1);
  await insertRows(t.db, 1, rows);
  const back = await sql<{ row_no: number; address: string; name: string; exit_year: number; income_wages: string; is_dibao: boolean; water_quality_ok: boolean | null; birth_date: string; problems: unknown }>`
    select row_no, address, name, exit_year, income_wages::text as income_wages, is_dibao, water_quality_ok, birth_date::text as birth_date, problems
    from import_stage.job_1 order by row_no`.execute(t.db);
  assert.equal(back.rows.length, awkward.length);
  back.rows.forEach((r, i) => {
    assert.equal(r.address, awkward[i], `row ${i + 1}`);
    assert.equal(r.name, awkward[i]);
    assert.equal(r.exit_year, 2019 + i);
    assert.equal(Number(r.income_wages), 1234.5 + i);
    assert.equal(r.is_dibao, i % 2 === 0);
    assert.equal(r.water_quality_ok, i % 3 === 0 ? null : i % 3 === 1);
    assert.equal(r.birth_date, '1980-01-31');
    assert.deepEqual(r.problems, rows[i]!.problems);
  });
  const nulls = await sql<{ n: number }>`select count(*)::int as n from import_stage.job_1 where phone_enc is null and id_enc is null`.execute(t.db);
  assert.equal(nulls.rows[0]!.n, awkward.length, 'null stays null');
  await dropStage(t.db, 1);
});
