/**
 * The blank import template: what a clerk downloads is what the import reads. Filled in (as Excel would save it) and
 * uploaded, every column maps to its field and a household goes in without a problem; the villages listed are the
 * user's own; a user without the import permission gets none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { columnName } from '../src/core/xlsx-writer.js';
import { unzipFile, zipOf } from './helpers/zip.js';
import { as, login, makeUser } from './helpers/app.js';
import { makeId } from './helpers/people.js';
import { blankTemplateColumns } from '../src/modules/imports/template/blank-template.js';
import { TEMPLATE_COLUMNS } from '../src/modules/exports/columns.js';
import { clerk, ctx, hno, settled, setupImportsFixture, upload, VILLAGE } from './helpers/imports.js';
import type { Session } from './helpers/app.js';

setupImportsFixture({ tmpPrefix: 'fangpin-template-', householdPrefix: 'TPL' });

/** The parts of an .xlsx (a zip) by name. */
async function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-tpl-'));
  try {
    const file = path.join(dir, 't.xlsx');
    fs.writeFileSync(file, buf);
    return await unzipFile(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const zip = (parts: Map<string, Buffer>) => zipOf([...parts].map(([name, data]) => ({ name, data })));
const DATA_SHEET = 'xl/worksheets/sheet1.xml';
const VALIDATIONS = /<dataValidations\b[\s\S]*?<\/dataValidations>/;
const unescapeXml = (t: string) => t.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

interface Template {
  wb: ExcelJS.Workbook;
  parts: Map<string, Buffer>;
  /** The data sheet's drop-down lists: range and list formula. */
  validations: { sqref: string; formula: string }[];
}

async function download(s: Session): Promise<Template> {
  const r = await as(ctx.app, s, 'GET', '/api/imports/template.xlsx');
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /filename\*=UTF-8''%E5%86%9C%E6%88%B7%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF/); // 农户导入模板
  const parts = await unzip(r.rawPayload);
  const xml = parts.get(DATA_SHEET)!.toString('utf8');
  const validations = [...xml.matchAll(/<dataValidation\b[^>]*\bsqref="([^"]+)"[^>]*>\s*<formula1>([^<]*)<\/formula1>/g)].map((m) => ({ sqref: m[1]!, formula: unescapeXml(m[2]!) }));
  // ExcelJS's workbook loader expands the whole-column lists cell by cell (it would never finish): it reads the
  // template without them. Excel keeps such a range as one rule, and the import never looks at it.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(zip(new Map(parts).set(DATA_SHEET, Buffer.from(xml.replace(VALIDATIONS, '')))) as unknown as ExcelJS.Buffer);
  return { wb, parts, validations };
}

const villageCodes = (wb: ExcelJS.Workbook): string[] => {
  const out: string[] = [];
  wb.getWorksheet('村代码')!.eachRow((row, n) => {
    if (n > 1) out.push(String(row.getCell(4).value));
  });
  return out;
};

test('the template: starred required columns, text-formatted identifiers, drop-down lists, instructions, the clerk’s village', async () => {
  const { wb, validations } = await download(clerk);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['农户成员信息', '填写说明', '村代码', '代码表']);
  assert.equal(wb.getWorksheet('代码表')!.state, 'hidden');
  const ws = wb.getWorksheet('农户成员信息')!;
  const headers = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  const expected = TEMPLATE_COLUMNS.filter((c) => !c.derived).map((c) => c.header);
  assert.deepEqual(headers.map((h) => h.replace(/^\*/, '')), expected, 'the export’s columns without the derived ones');
  for (const h of ['户编号', '村', '姓名', '身份证号', '与户主关系']) assert.ok(headers.includes(`*${h}`), `${h} is starred`);
  assert.ok(!headers.includes('家庭人口数') && !headers.includes('人均纯收入'));
  const col = (h: string) => headers.findIndex((x) => x.replace(/^\*/, '') === h) + 1;
  // Excel keeps the 18 digits only in a text cell.
  assert.equal(ws.getColumn(col('身份证号')).numFmt, '@');
  assert.equal(ws.getColumn(col('联系电话')).numFmt, '@');
  // Drop-down lists on whole columns, below the header to Excel's last row: the relation column's list is the
  // relation code table, in the hidden sheet.
  const listOf = (h: string) => validations.find((v) => v.sqref === `${columnName(col(h) - 1)}3:${columnName(col(h) - 1)}1048576`)?.formula;
  assert.ok(validations.length >= 10 && validations.every((v) => /^[A-Z]+3:[A-Z]+1048576$/.test(v.sqref)), JSON.stringify(validations));
  const ref = /'代码表'!\$([A-Z]+)\$2:\$[A-Z]+\$(\d+)/.exec(String(listOf('与户主关系')));
  assert.ok(ref, String(listOf('与户主关系')));
  const listed: string[] = [];
  for (let r = 2; r <= Number(ref[2]); r++) listed.push(String(wb.getWorksheet('代码表')!.getCell(`${ref[1]}${r}`).value));
  assert.equal(listed[0], '户主');
  assert.ok(listed.includes('之儿媳'));
  assert.equal(listOf('村'), "'村代码'!$C$2:$C$2");
  // The instructions cover every column.
  const notes = wb.getWorksheet('填写说明')!;
  const described = new Set<string>();
  notes.eachRow((row, n) => {
    if (n > 1 && row.getCell(1).value) described.add(String(row.getCell(1).value));
  });
  for (const h of expected) assert.ok(described.has(h), `填写说明 describes ${h}`);
  // The village clerk's template lists the clerk's village only.
  assert.deepEqual(villageCodes(wb), [VILLAGE]);
});

test('filled in and uploaded, every column of the template maps to its field and the household is imported', async () => {
  const { wb, parts } = await download(clerk);
  const ws = wb.getWorksheet('农户成员信息')!;
  const headers = (ws.getRow(2).values as unknown[]).slice(1).map((h) => String(h).replace(/^\*/, ''));
  const no = hno();
  const head = makeId({ gender: 'M', birth: '19580312' });
  const wife = makeId({ gender: 'F', birth: '19600707' });
  const household: Record<string, string | number> = {
    户编号: no, 乡镇: '新店镇', 村: '大桥沟村委会', 村代码: VILLAGE, 户类型: '脱贫户', 脱贫年度: 2019, 联系电话: '13912340000',
    家庭住址: '大桥沟村8号', 是否享受低保: '是', 是否特困供养: '否', 是否易地扶贫搬迁: '否', 是否有留守人员: '否', 危房等级: 'B',
    住房鉴定日期: '2022-06-01', 饮水水量是否达标: '是', 饮水水质是否达标: '是', 用水方便程度是否达标: '是', 供水保证率是否达标: '是',
    收入年度: 2025, 工资性收入: 18000, 生产经营性收入: 4000, 财产性收入: 0, 转移性收入: 3500.5, 生产经营性支出: 1500,
  };
  const members: Record<string, string | number>[] = [
    { 姓名: '任福全', 身份证号: head, 性别: '男', 出生日期: '1958-03-12', 与户主关系: '户主', 民族: '汉族', 文化程度: '初中', 在校生状况: '非在校生', 健康状况: '残疾', 残疾类别: '肢体', 残疾等级: '三级', 劳动技能: '弱劳动力或半劳动力', 是否参加城乡居民基本医疗保险: '是', 是否参加城乡居民基本养老保险: '是', 是否公益岗位: '是' },
    { 姓名: '郝桂兰', 身份证号: wife, 性别: '女', 出生日期: '1960-07-07', 与户主关系: '配偶', 民族: '汉族', 文化程度: '小学', 在校生状况: '非在校生', 健康状况: '长期慢性病', 劳动技能: '普通劳动力', 务工状况: '县外省内务工', '务工时间（月）': 8, 是否参加城乡居民基本医疗保险: '是', 是否参加城乡居民基本养老保险: '否', 是否公益岗位: '否' },
  ];
  members.forEach((m, i) => {
    const row = ws.getRow(3 + i);
    headers.forEach((h, j) => {
      const v = m[h] ?? household[h];
      if (v !== undefined) row.getCell(j + 1).value = v;
    });
    row.commit();
  });
  // Saved with its drop-down lists, as Excel would keep them.
  const saved = await unzip(Buffer.from(await wb.xlsx.writeBuffer()));
  const lists = VALIDATIONS.exec(parts.get(DATA_SHEET)!.toString('utf8'))![0];
  const sheet = saved.get(DATA_SHEET)!.toString('utf8');
  const after = sheet.includes('</mergeCells>') ? '</mergeCells>' : '</sheetData>';
  assert.ok(sheet.includes(after) && lists.includes('1048576'));
  const file = zip(saved.set(DATA_SHEET, Buffer.from(sheet.replace(after, after + lists))));

  const res = await upload(clerk, '农户导入模板-大桥沟村委会.xlsx', file);
  assert.equal(res.statusCode, 202, res.body);
  let job = await settled(clerk, res.json().id);
  assert.equal(job.state, 'checked', JSON.stringify(job.error));
  assert.equal(job.headerRow, 2);
  assert.deepEqual(job.problems, []);
  assert.equal(job.counts.rows.total, 2, 'the validation ranges and the other sheets add no rows');
  const fields = blankTemplateColumns().map((c) => c.field);
  assert.deepEqual(job.mapping.map((c: { field: string | null }) => c.field), fields, 'every column maps to the field the template meant');

  const c = await as(ctx.app, clerk, 'POST', `/api/imports/${job.id}/commit`, { mode: 'all_or_nothing' });
  assert.equal(c.statusCode, 202, c.body);
  job = await settled(clerk, job.id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const h = await ctx.db.selectFrom('households').selectAll().where('household_no', '=', no).executeTakeFirstOrThrow();
  assert.equal(h.village_code, VILLAGE);
  assert.equal(h.category, 'exited');
  assert.equal(h.exit_year, 2019);
  assert.equal(h.is_dibao, true);
  assert.equal(h.housing_rating, 'B');
  assert.equal(h.member_count, 2);
  assert.equal(Number(h.per_capita_income), Math.round(((18000 + 4000 + 3500.5 - 1500) / 2) * 100) / 100);
  const m = await ctx.db.selectFrom('members').selectAll().where('household_id', '=', h.id).orderBy('id').execute();
  assert.deepEqual(m.map((x) => [x.relation, x.health, x.disability_grade, x.work_place, x.work_months, x.welfare_post]), [
    ['head', 'disabled', 3, null, null, true],
    ['spouse', 'chronic', null, 'in_province', 8, false],
  ]);
});

test('the template lists the villages of the user’s area; a user without the import permission is refused', async () => {
  const township = await login(ctx.app, (await makeUser(ctx, { role: 'township_reviewer', area: '140430103' })).username);
  const codes = villageCodes((await download(township)).wb);
  assert.ok(codes.length > 1 && codes.includes(VILLAGE));
  assert.ok(codes.every((c) => c.startsWith('140430103')), 'only the township’s villages');
  const county = await login(ctx.app, (await makeUser(ctx, { role: 'county_admin', area: '140430' })).username);
  const all = villageCodes((await download(county)).wb);
  const inCounty = await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', '140430%').execute();
  assert.equal(all.length, inCounty.length);

  const helper = await login(ctx.app, (await makeUser(ctx, { role: 'helper', area: VILLAGE })).username);
  const r = await as(ctx.app, helper, 'GET', '/api/imports/template.xlsx');
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'FORBIDDEN');
});
