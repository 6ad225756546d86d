import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { as, testCipher } from './helpers/app.js';
import { makeId } from './helpers/people.js';
import { createTestDb } from './helpers/db.js';
import { importFile } from '../src/modules/imports/pipeline/import-file.js';
import { writeDemoCsv } from '../src/modules/demo/demo-file.js';
import { clerk, clerkActor, ctx, dataDir, deps, hno, otherVillage, settled, setupImportsFixture, upload, VILLAGE } from './helpers/imports.js';

/**
 * Registry correctness of the import (issue 15): a row that names a registered household must be that household (its
 * head), household values come from the head's row only and show old → new, the household after the import obeys
 * the relation rules, nothing outside the importer's area is revealed, one message for a file-wide cause.
 */
setupImportsFixture({ tmpPrefix: 'fangpin-import-registry-', householdPrefix: 'REG' });

const H = ['户编号', '乡镇', '村', '姓名', '身份证号码', '与户主关系', '性别', '户类型', '脱贫年度', '工资性收入', '联系电话', '户主姓名'];
type Row = Record<string, string>;

function person(no: string, name: string, relation: string, id: string, extra: Row = {}): Row {
  return { 户编号: no, 乡镇: '新店镇', 村: '大桥沟村', 姓名: name, 身份证号码: id, 与户主关系: relation, 户类型: '一般农户', 工资性收入: '14262.50', 联系电话: '13800001111', ...extra };
}

function csvOf(rows: Row[], header = H): string {
  return [header.join(','), ...rows.map((r) => header.map((h) => r[h] ?? '').join(','))].join('\r\n') + '\r\n';
}

let fileSeq = 0;
function file(content: string): string {
  const p = path.join(dataDir, 'src', `registry-${++fileSeq}.csv`);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** 张金海's household as the probe found it: head and spouse, 一般农户, income 14,262.50. */
async function zhangJinhai() {
  const no = hno();
  const head = makeId({ gender: 'M', birth: '19610203' });
  const spouse = makeId({ gender: 'F', birth: '19630405' });
  const rows = [person(no, '张金海', '户主', head, { 性别: '男' }), person(no, '王秀兰', '配偶', spouse, { 性别: '女' })];
  const s = await importFile(deps, clerkActor, file(csvOf(rows)), { report: false });
  assert.equal(s.state, 'done', JSON.stringify(s.problems));
  return { no, head, spouse };
}

async function householdState(no: string) {
  const h = await ctx.db.selectFrom('households').selectAll().where('household_no', '=', no).executeTakeFirstOrThrow();
  const members = await ctx.db.selectFrom('members').select(['id_idx', 'relation', 'name']).where('household_id', '=', h.id).where('status', '=', 'active').orderBy('id').execute();
  return { category: h.category, exitYear: h.exit_year, wages: h.income_wages, phone: h.phone_idx, version: h.version, memberCount: h.member_count, members };
}

async function reportRows(reportPath: string, statusCol: number): Promise<{ status: unknown; errors: unknown; notes: unknown }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(reportPath);
  const ws = wb.getWorksheet('导入结果')!;
  const out: { status: unknown; errors: unknown; notes: unknown }[] = [];
  ws.eachRow((row, n) => {
    out[n] = { status: row.getCell(statusCol).value, errors: row.getCell(statusCol + 1).value, notes: row.getCell(statusCol + 2).value };
  });
  return out;
}

test('the probe: a spouse row under a registered household number whose head is someone else is refused, and valid-only changes nothing of that household', async () => {
  const { no } = await zhangJinhai();
  const before = await householdState(no);
  const maLi = person(no, '马丽', '配偶', makeId({ gender: 'F', birth: '19750607' }), { 性别: '女', 户类型: '脱贫户', 脱贫年度: '2018', 工资性收入: '3800', 联系电话: '13900002222', 户主姓名: '马强' });
  const good = person(hno(), '赵新', '户主', makeId({ gender: 'M', birth: '19800808' }), { 性别: '男' });
  const content = csvOf([maLi, good]);

  // 户主姓名 is read by default (a synonym), not left to "ignore".
  const up = await upload(clerk, '县里的表.csv', content);
  const job = await settled(clerk, up.json().id);
  assert.equal(job.mapping.find((c: { header: string }) => c.header === '户主姓名').field, 'headName');
  const mismatch = job.problems.find((p: { code: string }) => p.code === 'HOUSEHOLD_HEAD_MISMATCH');
  assert.ok(mismatch, JSON.stringify(job.problems));
  assert.equal(mismatch.row, 2);
  assert.match(mismatch.zh, /张金海/, 'says whose household the number is (in scope)');
  assert.match(mismatch.zh, /马强/);
  assert.match(mismatch.zh, /户编号/, 'says how to fix it');

  // The column explicitly ignored: the row names no head and the file has no 户主 row → refused all the same.
  const ignored = await importFile(deps, clerkActor, file(content), { dryRun: true, report: false, mapping: { 户主姓名: null } });
  assert.ok(ignored.problems.some((p) => p.row === 2 && p.code === 'HOUSEHOLD_HEAD_UNKNOWN' && /张金海/.test(p.zh)), JSON.stringify(ignored.problems));

  // Import the valid rows only: the good household comes in, 张金海's stays exactly as it was.
  for (const mapping of [undefined, { 户主姓名: null }]) {
    const s = await importFile(deps, clerkActor, file(content), { mode: 'valid_only', report: false, mapping });
    assert.equal(s.state, 'done', JSON.stringify(s.error));
    assert.equal(s.counts!.rows.error, 1);
    assert.deepEqual(await householdState(no), before);
  }
  assert.ok(await ctx.db.selectFrom('households').select('id').where('household_no', '=', good.户编号!).executeTakeFirst());
});

test('the head named by 户主身份证号 or by the file’s 户主 row must be the registered head; the registered head listed in the file is a change of head', async () => {
  const { no, head, spouse } = await zhangJinhai();
  const header = [...H, '户主身份证号'];
  const child = person(no, '张小海', '之子', makeId({ gender: 'M', birth: '19880909' }), { 性别: '男' });
  const wrongId = await importFile(deps, clerkActor, file(csvOf([{ ...child, 户主身份证号: makeId({ gender: 'M', birth: '19610203' }) }], header)), { dryRun: true, report: false });
  assert.ok(wrongId.problems.some((p) => p.code === 'HOUSEHOLD_HEAD_MISMATCH'), JSON.stringify(wrongId.problems));
  // Another family's head row under the same number: every row of it refused.
  const other = [person(no, '马强', '户主', makeId({ gender: 'M', birth: '19720101' }), { 性别: '男' }), person(no, '马丽', '配偶', makeId({ gender: 'F', birth: '19750607' }), { 性别: '女' })];
  const collided = await importFile(deps, clerkActor, file(csvOf(other)), { dryRun: true, report: false });
  assert.deepEqual(collided.problems.filter((p) => p.code === 'HOUSEHOLD_HEAD_MISMATCH').map((p) => p.row), [2, 3]);
  // The registered head listed (now as 之父) with a new head: the same household, a change of head.
  const handover = [
    person(no, '张小海', '户主', makeId({ gender: 'M', birth: '19880912' }), { 性别: '男' }),
    person(no, '张金海', '之父', head, { 性别: '男' }),
    person(no, '王秀兰', '之母', spouse, { 性别: '女' }),
  ];
  const ok = await importFile(deps, clerkActor, file(csvOf(handover)), { dryRun: true, report: false });
  assert.equal(ok.counts!.rows.error, 0, JSON.stringify(ok.problems));
  // The right head's ID: the member is added, the two registered members kept (the report says so).
  const right = await importFile(deps, clerkActor, file(csvOf([{ ...child, 户主身份证号: head }], header)), {});
  assert.equal(right.state, 'done', JSON.stringify(right.problems));
  assert.equal((await householdState(no)).memberCount, 3);
  const rows = await reportRows(right.reportPath!, header.length + 1);
  assert.match(String(rows[2]!.notes), /另有 2 名已登记成员不在本文件中，保持不变/);
});

test('household values come from the head’s row only: old → new in the report, a member’s differing values told, a member’s row alone changes nothing', async () => {
  const { no, head, spouse } = await zhangJinhai();
  const before = await householdState(no);
  // A member's row alone (head named) with household columns: the member is updated, the household's values kept.
  const memberOnly = person(no, '王秀兰', '配偶', spouse, { 性别: '女', 户类型: '脱贫户', 脱贫年度: '2018', 工资性收入: '3800', 户主姓名: '张金海' });
  const m = await importFile(deps, clerkActor, file(csvOf([memberOnly])), { mode: 'all_or_nothing' });
  assert.equal(m.state, 'done', JSON.stringify(m.problems));
  const afterMember = await householdState(no);
  assert.deepEqual([afterMember.category, afterMember.wages, afterMember.phone], [before.category, before.wages, before.phone]);
  assert.ok(m.warnings.some((w) => w.code === 'HOUSEHOLD_VALUES_KEPT'), JSON.stringify(m.warnings));

  // The head's row changes them: the dry-run report shows each field old → new, once, on the head's row.
  const rows = [
    person(no, '张金海', '户主', head, { 性别: '男', 户类型: '脱贫户', 脱贫年度: '2018', 工资性收入: '3800', 联系电话: '13900002222' }),
    person(no, '王秀兰', '配偶', spouse, { 性别: '女', 户类型: '脱贫户', 脱贫年度: '2018', 工资性收入: '9999', 联系电话: '13900002222' }),
  ];
  const d = await importFile(deps, clerkActor, file(csvOf(rows)), { dryRun: true });
  assert.equal(d.counts!.rows.error, 0, JSON.stringify(d.problems));
  const rep = await reportRows(d.reportPath!, H.length + 1);
  const notes = String(rep[2]!.notes);
  assert.match(notes, /户类型 一般农户 → 脱贫户/);
  assert.match(notes, /脱贫年度 （空） → 2018/);
  assert.match(notes, /工资性收入 14262\.50 → 3800\.00/);
  assert.match(notes, /联系电话 138\*\*\*\*1111 → 139\*\*\*\*2222/);
  assert.doesNotMatch(String(rep[3]!.notes ?? ''), /→/, 'once per household');
  assert.match(String(rep[3]!.notes), /工资性收入/, 'the spouse’s differing income is told');
  assert.ok(d.warnings.some((w) => w.row === 3 && w.code === 'HOUSEHOLD_VALUES_DIFFER'));
  // Committed, the head's row's values count.
  const c = await importFile(deps, clerkActor, file(csvOf(rows)), { report: false });
  assert.equal(c.state, 'done');
  const after = await householdState(no);
  assert.equal(after.category, 'exited');
  assert.equal(Number(after.wages), 3800);
});

test('relations on the household after the import: one spouse, ages that fit (impossible → error, unusual → warning)', async () => {
  const spouse10 = hno();
  const olderChild = hno();
  const youngParent = hno();
  const rows = [
    person(spouse10, '李一', '户主', makeId({ gender: 'M', birth: '19700101' }), { 性别: '男' }),
    person(spouse10, '李二', '配偶', makeId({ gender: 'F', birth: '20160101' }), { 性别: '女' }),
    person(olderChild, '周一', '户主', makeId({ gender: 'M', birth: '19700101' }), { 性别: '男' }),
    person(olderChild, '周二', '之子', makeId({ gender: 'M', birth: '19600101' }), { 性别: '男' }),
    person(youngParent, '吴一', '户主', makeId({ gender: 'M', birth: '19700101' }), { 性别: '男' }),
    person(youngParent, '吴二', '之子', makeId({ gender: 'M', birth: '19840601' }), { 性别: '男' }),
  ];
  const s = await importFile(deps, clerkActor, file(csvOf(rows)), { mode: 'valid_only', report: false });
  assert.equal(s.state, 'done');
  assert.ok(s.problems.some((p) => p.row === 3 && p.code === 'SPOUSE_AGE'), JSON.stringify(s.problems));
  assert.ok(s.problems.some((p) => p.row === 5 && p.code === 'RELATION_AGE'));
  assert.ok(s.warnings.some((w) => w.row === 7 && w.code === 'RELATION_AGE'), JSON.stringify(s.warnings));
  assert.ok(!s.problems.some((p) => p.row === 7), 'a warning does not block');
  const imported = await ctx.db.selectFrom('households').select('household_no').where('household_no', 'in', [spouse10, olderChild, youngParent]).execute();
  assert.deepEqual(imported.map((h) => h.household_no), [youngParent]);

  // A second spouse next to the registered one (the file lists only the new one).
  const { no } = await zhangJinhai();
  const second = person(no, '刘三', '配偶', makeId({ gender: 'F', birth: '19650101' }), { 性别: '女', 户主姓名: '张金海' });
  const d = await importFile(deps, clerkActor, file(csvOf([second])), { dryRun: true, report: false });
  assert.ok(d.problems.some((p) => p.code === 'MANY_SPOUSES' && /已登记/.test(p.zh)), JSON.stringify(d.problems));
});

test('outside the importer’s area: a taken household number or a person registered there is only "cannot be used here"', async () => {
  // Registered by the county (the system) in a village outside the clerk's area.
  const no = hno();
  const headId = makeId({ gender: 'M', birth: '19590505' });
  const memberId = makeId({ gender: 'F', birth: '19600606' });
  const header = ['户编号', '村代码', '姓名', '身份证号码', '与户主关系', '性别'];
  const there = [
    { 户编号: no, 村代码: otherVillage.code, 姓名: '孙大', 身份证号码: headId, 与户主关系: '户主', 性别: '男' },
    { 户编号: no, 村代码: otherVillage.code, 姓名: '钱二', 身份证号码: memberId, 与户主关系: '配偶', 性别: '女' },
  ];
  const r = await importFile(deps, null, file(csvOf(there, header)), { report: false });
  assert.equal(r.state, 'done', JSON.stringify(r.problems));

  const mine = hno();
  const rows = [
    person(no, '郑一', '户主', makeId({ gender: 'M', birth: '19700707' }), { 性别: '男' }),
    person(mine, '郑二', '户主', makeId({ gender: 'M', birth: '19710707' }), { 性别: '男' }),
    person(mine, '钱二', '配偶', memberId, { 性别: '女' }),
  ];
  const up = await upload(clerk, 'scope.csv', csvOf(rows));
  const job = await settled(clerk, up.json().id);
  const taken = job.problems.find((p: { code: string }) => p.code === 'HOUSEHOLD_OUT_OF_SCOPE');
  const elsewhere = job.problems.find((p: { code: string }) => p.code === 'PERSON_ACTIVE_ELSEWHERE');
  assert.ok(taken && elsewhere, JSON.stringify(job.problems));
  for (const p of [taken, elsewhere]) {
    assert.match(p.zh, /不能在此.*请联系县级管理员/);
    assert.doesNotMatch(p.zh + p.en, /孙大|钱二|\*\*\*|140430101/, 'no name, masked ID or area of the other household');
  }
  assert.doesNotMatch(elsewhere.zh, new RegExp(no), 'not the other household’s number');
  const body = JSON.stringify(job);
  assert.doesNotMatch(body, /孙大/);
  // The report says no more than the API.
  const rep = await as(ctx.app, clerk, 'GET', `/api/imports/${job.id}/report`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(rep.rawPayload as unknown as ArrayBuffer);
  const notes: string[] = [];
  wb.getWorksheet('导入结果')!.eachRow((row) => {
    for (const c of [row.getCell(H.length + 2), row.getCell(H.length + 3)]) if (c.value) notes.push(String(c.value));
  });
  assert.ok(notes.some((n) => /不能在此/.test(n)), notes.join(' | '));
  assert.ok(!notes.some((n) => /孙大|\*\*\*|140430101/.test(n)), notes.join(' | '));
});

test('a demo village full of households and a county file whose numbers collide: nothing merged, valid-only changes nothing of them', async () => {
  const demo = path.join(dataDir, 'src', 'demo-village.csv');
  fs.mkdirSync(path.dirname(demo), { recursive: true });
  await writeDemoCsv(demo, { counties: ['140430'], areaPrefix: VILLAGE, seed: 'registry-collisions' });
  const loaded = await importFile(deps, clerkActor, demo, { report: false });
  assert.equal(loaded.state, 'done', JSON.stringify(loaded.problems.slice(0, 3)));
  assert.ok(loaded.counts!.households.new > 100);

  const victims = await ctx.db.selectFrom('households').select(['id', 'household_no']).where('village_code', '=', VILLAGE).where('household_no', 'in',
    (await ctx.db.selectFrom('households').select('household_no').where('village_code', '=', VILLAGE).where('member_count', '>=', 2).orderBy('household_no').limit(5).execute()).map((h) => h.household_no),
  ).orderBy('household_no').execute();
  assert.equal(victims.length, 5);
  const snapshot = async () =>
    sql<{ t: string }>`select string_agg(h::text || (select string_agg(m::text, '|' order by m.id) from members m where m.household_id = h.id), '#' order by h.id) as t
                       from households h where h.id = any(${victims.map((v) => v.id)}::bigint[])`.execute(ctx.db).then((r) => r.rows[0]!.t);
  const before = await snapshot();

  // Another family under each of those numbers (head + spouse; for the last, the spouse alone with her head's name).
  const rows: Row[] = [];
  victims.forEach((v, i) => {
    if (i < 4) rows.push(person(v.household_no, `陈${'甲乙丙丁戊'[i]}`, '户主', makeId({ gender: 'M', birth: '19661111' }), { 性别: '男', 户类型: '脱贫户', 脱贫年度: '2018', 工资性收入: '3800' }));
    rows.push(person(v.household_no, `林${'甲乙丙丁戊'[i]}`, '配偶', makeId({ gender: 'F', birth: '19681111' }), { 性别: '女', 户类型: '脱贫户', 脱贫年度: '2018', 工资性收入: '3800', 户主姓名: i < 4 ? `陈${'甲乙丙丁戊'[i]}` : '陈戊' }));
  });
  const fresh = hno();
  rows.push(person(fresh, '新户主', '户主', makeId({ gender: 'M', birth: '19771111' }), { 性别: '男' }));
  const d = await importFile(deps, clerkActor, file(csvOf(rows)), { dryRun: true, report: false });
  assert.equal(d.counts!.rows.error, 9, JSON.stringify(d.problems));
  assert.ok(d.problems.every((p) => ['HOUSEHOLD_HEAD_MISMATCH', 'MANY_HEADS', 'MANY_SPOUSES'].includes(p.code)), JSON.stringify(d.problems));
  const v = await importFile(deps, clerkActor, file(csvOf(rows)), { mode: 'valid_only', report: false });
  assert.equal(v.state, 'done');
  assert.equal(v.counts!.households.new, 1);
  assert.equal(await snapshot(), before, 'the colliding households are exactly as they were');
});

test('a roll of 脱贫户 without a 脱贫年度 column: said once for the file; one year given in the mapping step imports it, or it is imported empty and flagged for completion', async () => {
  const header = H.filter((h) => h !== '脱贫年度');
  const a = hno();
  const b = hno();
  const rows = [
    person(a, '冯一', '户主', makeId({ gender: 'M', birth: '19700303' }), { 性别: '男', 户类型: '脱贫户' }),
    person(a, '冯二', '配偶', makeId({ gender: 'F', birth: '19720303' }), { 性别: '女', 户类型: '脱贫户' }),
    person(b, '韩一', '户主', makeId({ gender: 'M', birth: '19700404' }), { 性别: '男', 户类型: '脱贫户' }),
  ];
  const up = await upload(clerk, 'no-exit-year.csv', csvOf(rows, header));
  let job = await settled(clerk, up.json().id);
  // Not an error: a warning, said once for the file, and the households would be imported flagged.
  assert.equal(job.counts.rows.error, 0, JSON.stringify(job.problems));
  const pending = job.warnings.filter((p: { code: string }) => p.code === 'EXIT_YEAR_PENDING');
  assert.equal(pending.length, 1, JSON.stringify(job.warnings));
  assert.match(pending[0].zh, /整个文件/);
  assert.match(pending[0].zh, /待补全/);

  const r = await as(ctx.app, clerk, 'POST', `/api/imports/${job.id}/check`, { exitYear: 2019 });
  assert.equal(r.statusCode, 202, r.body);
  job = await settled(clerk, job.id);
  assert.equal(job.exitYear, 2019);
  assert.equal(job.counts.rows.error, 0, JSON.stringify(job.problems));
  const c = await as(ctx.app, clerk, 'POST', `/api/imports/${job.id}/commit`, { mode: 'all_or_nothing' });
  assert.equal(c.statusCode, 202, c.body);
  job = await settled(clerk, job.id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const h = await ctx.db.selectFrom('households').select(['exit_year', 'category']).where('household_no', '=', a).executeTakeFirstOrThrow();
  assert.deepEqual([h.category, h.exit_year], ['exited', 2019]);

  // The same kind of roll left without a year: imported with the year empty, found by the list's 待补全 filter, and
  // the household's form asks for the year before it saves anything else.
  const c1 = hno();
  const up2 = await upload(clerk, 'no-exit-year-2.csv', csvOf([person(c1, '郑一', '户主', makeId({ gender: 'M', birth: '19700505' }), { 性别: '男', 户类型: '脱贫户' })], header));
  let job2 = await settled(clerk, up2.json().id);
  assert.equal(job2.counts.rows.error, 0, JSON.stringify(job2.problems));
  const c2 = await as(ctx.app, clerk, 'POST', `/api/imports/${job2.id}/commit`, { mode: 'all_or_nothing' });
  assert.equal(c2.statusCode, 202, c2.body);
  job2 = await settled(clerk, job2.id);
  assert.equal(job2.state, 'done', JSON.stringify(job2.error));
  const flagged = await ctx.db.selectFrom('households').select(['id', 'exit_year', 'category', 'version']).where('household_no', '=', c1).executeTakeFirstOrThrow();
  assert.deepEqual([flagged.category, flagged.exit_year], ['exited', null]);
  const list = (await as(ctx.app, clerk, 'GET', '/api/households?incomplete=true&pageSize=100')).json();
  assert.ok(list.items.some((x: { householdNo: string }) => x.householdNo === c1), JSON.stringify(list.items.map((x: { householdNo: string }) => x.householdNo)));
  assert.ok(list.items.every((x: { category: string }) => x.category === 'exited'));
  const edit = await as(ctx.app, clerk, 'PATCH', `/api/households/${flagged.id}`, { version: flagged.version, address: '一组' });
  assert.equal(edit.statusCode, 400, edit.body);
  assert.match(edit.body, /EXIT_YEAR_MISSING/);
});

test('a database without an area tree: one message for the file, saying how to load the areas', async () => {
  const empty = await createTestDb();
  try {
    const rows = [person(hno(), '许一', '户主', makeId({ gender: 'M', birth: '19700505' }), { 性别: '男' })];
    const s = await importFile({ db: empty.db, cipher: testCipher, config: ctx.config }, null, file(csvOf(rows)), { report: false });
    assert.equal(s.error?.code, 'IMPORT_NO_AREAS', JSON.stringify(s));
    assert.match(s.error!.zh, /npx fangpin areas import/);
    assert.deepEqual(s.problems, [], 'not one "unknown village" per row');
  } finally {
    await empty.drop();
  }
});

test('the report is in Chinese only: no English column, a Chinese summary giving households and member rows apart', async () => {
  const rows = [person(hno(), '何一', '户主', makeId({ gender: 'M', birth: '19700606' }), { 性别: '男' })];
  const s = await importFile(deps, clerkActor, file(csvOf(rows)), {});
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(s.reportPath!);
  const ws = wb.getWorksheet('导入结果')!;
  const header: string[] = [];
  ws.getRow(1).eachCell((c) => void header.push(String(c.value)));
  assert.deepEqual(header.slice(H.length), ['导入状态', '错误说明', '提示']);
  const summary = wb.getWorksheet('汇总')!;
  const labels: string[] = [];
  summary.eachRow((row) => void labels.push(String(row.getCell(1).value)));
  assert.ok(labels.every((l) => !/[A-Za-z]/.test(l)), labels.join(' | '));
  assert.ok(labels.includes('户数') && labels.includes('成员行数'));
  assert.ok(!JSON.stringify(summary.getSheetValues()).includes('imported'));
  // The job list gives households and member rows apart.
  const list = (await as(ctx.app, clerk, 'GET', '/api/imports?pageSize=100')).json();
  const item = list.items.find((j: { id: number }) => j.id === s.jobId);
  assert.deepEqual([item.counts.households.new, item.counts.rows.new], [1, 1]);
  void testCipher;
});
