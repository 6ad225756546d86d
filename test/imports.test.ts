import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { as, login, makeUser, testCipher } from './helpers/app.js';
import { makeId } from './helpers/people.js';
import { unzipFile, zipOf } from './helpers/zip.js';
import { checkChar } from '../src/core/idcard.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/core/config.js';
import { importFile } from '../src/modules/imports/pipeline/import-file.js';
import { startImportWorker } from '../src/modules/imports/job/worker.js';
import { clerk, clerkActor, count, county, csv, ctx, dataDir, deps, family, HEADER, hno, otherClerk, otherVillage, settled, setupImportsFixture, upload, VILLAGE } from './helpers/imports.js';

setupImportsFixture({ tmpPrefix: 'fangpin-imports-', householdPrefix: 'IMP' });

function writeTmp(name: string, content: string | Buffer): string {
  const p = path.join(dataDir, 'src', name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

test('good CSV (UTF-8 with BOM): dry run, then import; totals, encryption, history, one audit entry', async () => {
  const f1 = family({ size: 3 });
  const f2 = family();
  const households0 = await count('households');
  const res = await upload(clerk, '大桥沟村农户.csv', csv([...f1, ...f2], { bom: true }));
  assert.equal(res.statusCode, 202, res.body);
  const id = res.json().id;
  let job = await settled(clerk, id);
  assert.equal(job.state, 'checked', JSON.stringify(job.error));
  assert.equal(job.encoding, 'utf-8');
  assert.equal(job.counts.rows.total, 5);
  assert.equal(job.counts.rows.new, 5);
  assert.equal(job.counts.rows.error, 0);
  assert.equal(job.counts.households.new, 2);
  assert.equal(job.mapping.find((c: { header: string }) => c.header === '身份证号码').field, 'idNumber');
  assert.equal(await count('households'), households0, 'the dry run writes nothing');

  const c = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/commit`, { mode: 'all_or_nothing' });
  assert.equal(c.statusCode, 202, c.body);
  job = await settled(clerk, id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  assert.equal(job.progress.percent, 100);
  assert.equal(await count('households'), households0 + 2);

  const h = await ctx.db.selectFrom('households').selectAll().where('household_no', '=', f1[0]![0]!).executeTakeFirstOrThrow();
  assert.equal(h.village_code, VILLAGE);
  assert.equal(h.category, 'exited');
  assert.equal(h.exit_year, 2019);
  assert.equal(h.member_count, 3);
  assert.equal(h.head_name, '张建国');
  assert.equal(Number(h.per_capita_income), Math.round(((24000 + 3000 - 1000) / 3) * 100) / 100);
  assert.equal(testCipher.decrypt(h.phone_enc!), '13912345678');
  const members = await ctx.db.selectFrom('members').selectAll().where('household_id', '=', h.id).orderBy('id').execute();
  assert.deepEqual(members.map((m) => m.relation), ['head', 'spouse', 'son']);
  assert.equal(testCipher.decrypt(members[0]!.id_enc), f1[0]![4]);
  assert.equal(members[0]!.name_initials, 'zjg');
  assert.equal(members[1]!.health, 'chronic');
  assert.equal(members[1]!.birth_date, '1972-04-05');
  const hist = await ctx.db.selectFrom('household_history').selectAll().where('household_id', '=', h.id).execute();
  assert.equal(hist.length, 1);
  assert.equal(hist[0]!.action, 'import');
  // The import's entry carries no snapshot until the household's next change: "as of" reads the household itself.
  assert.equal(hist[0]!.snapshot, null);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const asOf = (await as(ctx.app, clerk, 'GET', `/api/households/${h.id}/as-of?date=${today}`)).json();
  const snap = asOf.snapshot as { household: { member_count: number; income_wages: string; address: string | null }; members: unknown[] };
  assert.equal(snap.household.member_count, 3);
  assert.equal(snap.household.income_wages, '24000.00');
  assert.equal(snap.members.length, 3);
  // A change first settles that entry with the household as the import left it; the new entry has the change.
  const detail = (await as(ctx.app, clerk, 'GET', `/api/households/${h.id}`)).json();
  const edited = await as(ctx.app, clerk, 'PATCH', `/api/households/${h.id}`, { address: '改过的地址 1 号', version: detail.version });
  assert.equal(edited.statusCode, 200, edited.body);
  const after = await ctx.db.selectFrom('household_history').selectAll().where('household_id', '=', h.id).orderBy('id').execute();
  assert.equal(after.length, 2);
  const settledSnap = after[0]!.snapshot as { household: { address: string | null; member_count: number }; members: unknown[] };
  assert.equal(settledSnap.household.address, snap.household.address);
  assert.equal(settledSnap.household.member_count, 3);
  assert.equal(settledSnap.members.length, 3);
  assert.equal((after[1]!.snapshot as { household: { address: string } }).household.address, '改过的地址 1 号');
  const audits = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'registry.import').where('target_id', '=', String(id)).execute();
  assert.equal(audits.length, 1);
  // The history page of the registry shows the import like any other change.
  const timeline = (await as(ctx.app, clerk, 'GET', `/api/households/${h.id}/history`)).json();
  assert.deepEqual(timeline.map((e: { action: string }) => e.action), ['update', 'import']);
  // No plain ID number anywhere in the database (staging included: dropped after the commit).
  const dump = await sql<{ t: string }>`select (select string_agg(m::text, '|') from members m) || (select string_agg(j::text, '|') from import_jobs j) as t`.execute(ctx.db);
  assert.ok(!dump.rows[0]!.t.includes(f1[1]![4]!));
});

function uniqueIds(n: number, start = 0): string[] {
  // Distinct valid numbers: a birth date per block of 400 sequence numbers.
  const out: string[] = [];
  const base = Date.UTC(1950, 0, 1);
  for (let i = start; i < start + n; i++) {
    const d = new Date(base + Math.floor(i / 400) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `140430${d}${String((i % 400) * 2 + 101).padStart(3, '0')}`;
    out.push(first17 + checkChar(first17));
  }
  return out;
}

test('good XLSX: title rows and merged cells above the header, dates and numbers as Excel types', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('农户信息');
  ws.addRow(['沁县新店镇大桥沟村农户信息表']);
  ws.mergeCells('A1:P1');
  ws.addRow(['填报单位：大桥沟村委会', '', '', '', '', '', '', '', '填报日期：2024年5月']);
  ws.mergeCells('A2:H2');
  ws.mergeCells('I2:P2');
  ws.addRow([...HEADER, '出生日期']);
  const f1 = family({ size: 3 });
  const f2 = family();
  for (const r of [...f1, ...f2]) {
    const row = r.map((v, i) => (i >= 9 && i <= 11 && v ? Number(v) : v)) as (string | number | Date)[];
    const id = r[4]!;
    row.push(new Date(Date.UTC(Number(id.slice(6, 10)), Number(id.slice(10, 12)) - 1, Number(id.slice(12, 14)))));
    ws.addRow(row);
  }
  ws.getColumn(17).numFmt = 'yyyy-mm-dd';
  const file = writeTmp('title-rows.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
  const s = await importFile(deps, clerkActor, file, { mode: 'all_or_nothing' });
  assert.equal(s.state, 'done', JSON.stringify(s.error ?? s.problems));
  assert.equal(s.fileType, 'xlsx');
  assert.equal(s.headerRow, 3);
  assert.equal(s.sheetName, '农户信息');
  assert.equal(s.counts!.rows.new, 5);
  assert.equal(s.counts!.households.new, 2);
  const h = await ctx.db.selectFrom('households').selectAll().where('household_no', '=', f1[0]![0]!).executeTakeFirstOrThrow();
  assert.equal(h.member_count, 3);
  assert.equal(Number(h.income_wages), 24000);
  assert.ok(s.reportPath && fs.existsSync(s.reportPath));
  assert.equal(fs.statSync(s.reportPath!).mode & 0o777, 0o600);
});

test('GBK CSV is detected and decoded', async () => {
  const f = family();
  const file = writeTmp('gbk.csv', iconv.encode(csv(f), 'gbk'));
  const s = await importFile(deps, clerkActor, file);
  assert.equal(s.encoding, 'gb18030');
  assert.equal(s.state, 'done', JSON.stringify(s.problems));
  const m = await ctx.db.selectFrom('members').select('name').where('id_idx', '=', testCipher.blindIndex(f[1]![4]!)).executeTakeFirstOrThrow();
  assert.equal(m.name, '李秀英');
});

test('bad rows say row and column: check digit, the same ID twice, active elsewhere, unknown village, bad code label', async () => {
  const registered = family();
  assert.equal((await importFile(deps, clerkActor, writeTmp('registered.csv', csv(registered)))).state, 'done');

  const badCheck = family();
  const id = badCheck[1]![4]!;
  badCheck[1]![4] = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
  const dup = family();
  dup[1]![4] = dup[0]![4]!;
  const elsewhere = family();
  elsewhere[1]![4] = registered[1]![4]!; // already active in the registered household
  const unknownVillage = family({ village: '不存在村' });
  const badLabel = family();
  badLabel[1]![5] = '大舅';
  const good = family();
  const rows = [...badCheck, ...dup, ...elsewhere, ...unknownVillage, ...badLabel, ...good];
  const households0 = await count('households');
  const s = await importFile(deps, clerkActor, writeTmp('bad.csv', csv(rows)), { mode: 'all_or_nothing' });
  assert.equal(s.state, 'checked');
  assert.equal(s.error?.code, 'IMPORT_HAS_ERRORS');
  assert.equal(await count('households'), households0, 'all_or_nothing with errors writes nothing');
  const at = (row: number) => s.problems.filter((p) => p.row === row);
  // Row numbers as in the file: header is row 1, data from row 2.
  assert.deepEqual(at(3).map((p) => [p.column, p.code]), [['身份证号码', 'ID_CHECK']]);
  assert.match(at(3)[0]!.zh, /校验位/);
  assert.ok(at(4).some((p) => p.code === 'ID_DUPLICATE_IN_FILE' && p.column === '身份证号码' && /第 4、5 行/.test(p.zh)));
  assert.ok(at(5).some((p) => p.code === 'ID_DUPLICATE_IN_FILE'));
  const ae = at(7).find((p) => p.code === 'PERSON_ACTIVE_ELSEWHERE');
  assert.ok(ae, JSON.stringify(at(7)));
  assert.ok(ae!.zh.includes(registered[0]![0]!), 'names the other household (in scope)');
  assert.ok(!ae!.zh.includes(registered[1]![4]!), 'never the full ID number');
  assert.ok(at(8).some((p) => p.code === 'VILLAGE_UNKNOWN' && p.column === '村'));
  assert.ok(at(11).some((p) => p.code === 'CODE_UNKNOWN' && p.column === '与户主关系' && p.zh.includes('大舅')));
  assert.equal(s.counts!.rows.error, 7);
  assert.equal(s.counts!.households.valid, 1);

  // valid_only: households with a bad row are skipped entirely; the good one is imported.
  const v = await importFile(deps, clerkActor, writeTmp('bad.csv', csv(rows)), { mode: 'valid_only' });
  assert.equal(v.state, 'done');
  assert.equal(await count('households'), households0 + 1);
  assert.equal(v.counts!.rows.new, 2);
  assert.ok(v.counts!.rows.skipped > 0);
  const skipped = await ctx.db.selectFrom('households').select('id').where('household_no', 'in', [badCheck[0]![0]!, dup[0]![0]!, elsewhere[0]![0]!, badLabel[0]![0]!]).execute();
  assert.equal(skipped.length, 0);
});

test('empty rows and note lines are skipped; exactly one head per household', async () => {
  const f = family();
  const noHead = family();
  noHead[0]![5] = '之子';
  const twoHeads = family();
  twoHeads[1]![5] = '户主';
  const text = csv([...f, ...noHead, ...twoHeads]).replace('\r\n', '\r\n,,,,\r\n\r\n') + '\r\n填表人：王五,,审核人：赵六\r\n';
  const s = await importFile(deps, clerkActor, writeTmp('blank.csv', text), { dryRun: true });
  assert.equal(s.state, 'checked');
  assert.equal(s.counts!.blankRows, 4); // ,,,, / empty / empty / the note line
  assert.equal(s.counts!.rows.total, 6);
  assert.ok(s.problems.some((p) => p.code === 'NO_HEAD' && p.column === '与户主关系'));
  assert.ok(s.problems.some((p) => p.code === 'MANY_HEADS'));
  assert.equal(s.counts!.households.valid, 1);
});

test('10,000 rows; importing the same file twice changes nothing the second time', async () => {
  const ids = uniqueIds(10_000, 1000);
  const rows: string[][] = [];
  for (let i = 0, h = 0; i < ids.length; h++) {
    const no = `BIG${String(h).padStart(6, '0')}`;
    const size = 2 + (h % 3);
    for (let k = 0; k < size && i < ids.length; k++, i++) {
      rows.push([no, '新店镇', '大桥沟村委会', k === 0 ? '王大山' : '王小' + '一二三四五六七'[k % 7], ids[i]!, k === 0 ? '户主' : k === 1 ? '配偶' : '之兄弟姐妹', '', h % 4 === 0 ? '脱贫户' : '一般农户', h % 4 === 0 ? '2018' : '', String(10000 + h), '1200', '0', '健康', '', '']);
    }
  }
  const file = writeTmp('big.csv', csv(rows));
  const h0 = await count('households');
  const m0 = await count('members');
  const first = await importFile(deps, clerkActor, file, { report: false });
  assert.equal(first.state, 'done', JSON.stringify(first.error ?? first.problems.slice(0, 3)));
  assert.equal(first.counts!.rows.new, 10_000);
  const h1 = await count('households');
  const m1 = await count('members');
  assert.equal(m1 - m0, 10_000);
  const hist1 = await count('household_history');

  const second = await importFile(deps, clerkActor, file);
  assert.equal(second.state, 'done');
  assert.equal(second.counts!.rows.unchanged, 10_000);
  assert.equal(second.counts!.rows.new + second.counts!.rows.updated, 0);
  assert.equal(second.counts!.households.unchanged, h1 - h0);
  assert.equal(await count('households'), h1);
  assert.equal(await count('members'), m1);
  assert.equal(await count('household_history'), hist1, 'no history entry for unchanged households');
  // The report says 无变化 for every row.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(second.reportPath!);
  const sheet = wb.getWorksheet('导入结果')!;
  const statusCol = HEADER.length + 1;
  let unchanged = 0;
  sheet.eachRow((row, n) => {
    if (n > 1 && row.getCell(statusCol).value === '无变化') unchanged++;
  });
  assert.equal(unchanged, 10_000);

  // A changed income shows as one updated household, with one history entry.
  rows[0]![9] = '99999';
  const third = await importFile(deps, clerkActor, writeTmp('big2.csv', csv(rows)), { report: false });
  assert.equal(third.counts!.rows.updated, 1);
  assert.equal(third.counts!.households.updated, 1);
  assert.equal(await count('household_history'), hist1 + 1);
});

test('nothing is left behind when the commit fails midway', async () => {
  const rows = [...family(), ...family()];
  const h0 = await count('households');
  const m0 = await count('members');
  await sql`create function fp_test_fail() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end $$`.execute(ctx.db);
  await sql`create trigger fp_test_fail before insert on household_history for each statement execute function fp_test_fail()`.execute(ctx.db);
  try {
    await assert.rejects(importFile(deps, clerkActor, writeTmp('fail.csv', csv(rows))));
  } finally {
    await sql`drop trigger fp_test_fail on household_history`.execute(ctx.db);
    await sql`drop function fp_test_fail()`.execute(ctx.db);
  }
  assert.equal(await count('households'), h0);
  assert.equal(await count('members'), m0);
  const job = await ctx.db.selectFrom('import_jobs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  assert.equal(job.state, 'failed');
  const audits = await ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'registry.import').where('target_id', '=', String(job.id)).execute();
  assert.equal(audits.length, 0);
});

test('bad files are refused with a clear code and nothing is written: not a spreadsheet, empty, zip bomb, too large', async () => {
  const jobs0 = (await ctx.db.selectFrom('import_jobs').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const files0 = fs.readdirSync(path.join(dataDir, 'imports')).length;
  const cases: [string, Buffer | string, string][] = [
    ['photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'IMPORT_FILE_TYPE'],
    ['old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), 'IMPORT_FILE_TYPE'],
    ['binary.csv', Buffer.from([1, 2, 0, 0, 5, 6, 7, 0, 9]), 'IMPORT_FILE_TYPE'],
    ['empty.csv', '', 'IMPORT_FILE_EMPTY'],
    ['blank.csv', '\uFEFF\r\n\r\n,,,\r\n', 'IMPORT_FILE_EMPTY'],
    ['doc.xlsx', zipOf([{ name: 'word/document.xml', data: Buffer.from('<w/>') }]), 'IMPORT_FILE_TYPE'],
    [
      'bomb.xlsx',
      zipOf([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) },
      ]),
      'IMPORT_ZIP_BOMB',
    ],
  ];
  for (const [name, content, code] of cases) {
    const r = await upload(clerk, name, content);
    assert.equal(r.json().code, code, `${name}: ${r.body}`);
    assert.equal(r.statusCode, 400, name);
  }
  // Too large: a server configured for 1 MB.
  const small = await buildApp({ db: ctx.db, config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', IMPORT_MAX_MB: '1' }), databaseMode: 'external', version: 'test', cipher: testCipher }, { logger: false });
  try {
    const boundary = 'xyz';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n`),
      Buffer.alloc(1.5 * 1024 * 1024, 0x41),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await small.inject({ method: 'POST', url: '/api/imports', headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(r.statusCode, 413, r.body);
    assert.equal(r.json().code, 'IMPORT_FILE_TOO_LARGE');
  } finally {
    await small.close();
  }
  // Not multipart at all.
  const nm = await as(ctx.app, clerk, 'POST', '/api/imports', { file: 'x' });
  assert.equal(nm.json().code, 'UNSUPPORTED_MEDIA_TYPE');
  const jobs1 = (await ctx.db.selectFrom('import_jobs').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  assert.equal(jobs1, jobs0, 'no job for a refused file');
  assert.equal(fs.readdirSync(path.join(dataDir, 'imports')).length, files0, 'no file kept');
  // The same through the pipeline's entry point.
  await assert.rejects(importFile(deps, null, writeTmp('x.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0])), {}), { code: 'IMPORT_FILE_TYPE' });
  // A text file that is no table: no header.
  const r = await upload(clerk, 'notes.txt', '这不是表格\n只是一些文字\n');
  const job = await settled(clerk, r.json().id);
  assert.equal(job.state, 'failed');
  assert.equal(job.error.code, 'IMPORT_NO_HEADER');

  // A zip bomb whose directory lies (a 4 KB sheet that inflates to 64 MB) passes the sniff; its check stops at the
  // declared size and the job fails with the zip-bomb code.
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('花名册').addRow(HEADER);
  const huge = Buffer.alloc(64 * 1024 * 1024, 0x20);
  huge.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', 0);
  huge.write('</sheetData></worksheet>', huge.length - 24);
  const real = writeTmp('real.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
  const lying = zipOf([...(await unzipFile(real))].map(([name, data]) => (name === 'xl/worksheets/sheet1.xml' ? { name, data: huge, declaredSize: 4096 } : { name, data })));
  const bomb = await upload(clerk, 'lying.xlsx', lying);
  assert.equal(bomb.statusCode, 202, bomb.body);
  const bombJob = await settled(clerk, bomb.json().id);
  assert.equal(bombJob.state, 'failed');
  assert.equal(bombJob.error.code, 'IMPORT_ZIP_BOMB');
});

test('scope: another village’s clerk sees neither the job nor its report, and cannot import rows into another village', async () => {
  const r = await upload(clerk, 'scope.csv', csv(family()));
  const id = r.json().id;
  await settled(clerk, id);
  assert.equal((await as(ctx.app, otherClerk, 'GET', `/api/imports/${id}`)).statusCode, 403);
  assert.equal((await as(ctx.app, otherClerk, 'GET', `/api/imports/${id}/report`)).statusCode, 403);
  assert.equal((await as(ctx.app, otherClerk, 'POST', `/api/imports/${id}/commit`, { mode: 'valid_only' })).statusCode, 403);
  assert.ok(!(await as(ctx.app, otherClerk, 'GET', '/api/imports')).json().items.some((j: { id: number }) => j.id === id));
  assert.ok((await as(ctx.app, clerk, 'GET', '/api/imports')).json().items.some((j: { id: number }) => j.id === id));
  assert.ok((await as(ctx.app, county, 'GET', '/api/imports')).json().items.some((j: { id: number }) => j.id === id), 'the county sees its villages’ jobs');
  assert.equal((await as(ctx.app, county, 'GET', `/api/imports/${id}`)).statusCode, 200);

  // Rows for a village outside the clerk's area are row errors.
  const outside = family({ village: otherVillage.name, township: '' });
  const u = await upload(clerk, 'outside.csv', csv(outside));
  const job = await settled(clerk, u.json().id);
  assert.equal(job.state, 'checked');
  assert.equal(job.counts.rows.error, 2);
  assert.ok(job.problems.every((p: { code: string }) => p.code === 'VILLAGE_OUT_OF_SCOPE'), JSON.stringify(job.problems));
  const c = await as(ctx.app, clerk, 'POST', `/api/imports/${u.json().id}/commit`, { mode: 'all_or_nothing' });
  assert.equal(c.statusCode, 409);
  assert.equal(c.json().code, 'IMPORT_HAS_ERRORS');
  // A helper has no import permission.
  const helper = await login(ctx.app, (await makeUser(ctx, { role: 'helper', area: VILLAGE })).username);
  assert.equal((await upload(helper, 'x.csv', csv(family()))).json().code, 'FORBIDDEN');
});

test('the report: original rows, status and error columns, formula-like cells escaped', async () => {
  const f = family({ address: '=cmd|\' /C calc\'!A0' });
  const bad = family({ address: '@SUM(1+1)' });
  const id = bad[0]![4]!;
  bad[0]![4] = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
  const r = await upload(clerk, '报告.csv', csv([...f, ...bad], { title: '大桥沟村农户信息表' }));
  const job = await settled(clerk, r.json().id);
  assert.equal(job.headerRow, 2);
  assert.ok(job.reportReady);
  const rep = await as(ctx.app, clerk, 'GET', `/api/imports/${job.id}/report`);
  assert.equal(rep.statusCode, 200);
  assert.match(String(rep.headers['content-type']), /spreadsheetml/);
  assert.match(String(rep.headers['content-disposition']), /attachment/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(rep.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('导入结果')!;
  const sc = HEADER.length + 1;
  assert.equal(ws.getRow(1).getCell(1).value, '大桥沟村农户信息表', 'title row kept at its row number');
  assert.equal(ws.getRow(2).getCell(sc).value, '导入状态');
  assert.equal(ws.getRow(2).getCell(sc + 1).value, '错误说明');
  assert.equal(ws.getRow(3).getCell(sc).value, '新增');
  assert.equal(ws.getRow(3).getCell(15).value, "'=cmd|' /C calc'!A0");
  assert.equal(ws.getRow(5).getCell(15).value, "'@SUM(1+1)");
  assert.equal(ws.getRow(5).getCell(sc).value, '错误');
  assert.match(String(ws.getRow(5).getCell(sc + 1).value), /身份证号码：身份证号校验位错误/);
  assert.equal(ws.getRow(6).getCell(sc).value, '错误');
  assert.match(String(ws.getRow(6).getCell(sc + 1).value), /整户/);
  assert.equal(ws.getRow(5).getCell(5).value, bad[0]![4], 'the original (bad) ID number as typed');
  const audit = await ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'registry.import_report').where('target_id', '=', String(job.id)).execute();
  assert.equal(audit.length, 1);
});

test('column mapping: adjust an unknown column, save it as a template, use the template for the next file', async () => {
  const f = family();
  const text = csv(f).replace('身份证号码', '公民身份证件');
  const r = await upload(clerk, 'odd.csv', text);
  let job = await settled(clerk, r.json().id);
  assert.equal(job.state, 'failed');
  assert.equal(job.error.code, 'IMPORT_NO_HEADER');
  const c = await as(ctx.app, clerk, 'POST', `/api/imports/${job.id}/check`, { mapping: { 公民身份证件: 'idNumber', 家庭住址: null }, headerRow: null });
  assert.equal(c.statusCode, 202, c.body);
  job = await settled(clerk, job.id);
  assert.equal(job.state, 'checked', JSON.stringify(job.error));
  assert.equal(job.mapping.find((m: { header: string }) => m.header === '公民身份证件').source, 'user');
  assert.equal(job.mapping.find((m: { header: string }) => m.header === '家庭住址').field, null);
  const bad = await as(ctx.app, clerk, 'POST', `/api/imports/${job.id}/check`, { mapping: { 公民身份证件: 'nonsense' } });
  assert.equal(bad.statusCode, 400);

  const t = await as(ctx.app, clerk, 'POST', '/api/imports/templates', { name: '我村模板', jobId: job.id });
  assert.equal(t.statusCode, 200, t.body);
  assert.equal(t.json().mapping['公民身份证件'], 'idNumber');
  assert.ok((await as(ctx.app, clerk, 'GET', '/api/imports/templates')).json().some((x: { name: string }) => x.name === '我村模板'));
  assert.ok(!(await as(ctx.app, otherClerk, 'GET', '/api/imports/templates')).json().some((x: { name: string }) => x.name === '我村模板'));

  const next = await upload(clerk, 'odd2.csv', csv(family()).replace('身份证号码', '公民身份证件'), `?templateId=${t.json().id}`);
  const j2 = await settled(clerk, next.json().id);
  assert.equal(j2.state, 'checked', JSON.stringify(j2.error));
  const done = await as(ctx.app, clerk, 'POST', `/api/imports/${j2.id}/commit`, { mode: 'all_or_nothing' });
  assert.equal(done.statusCode, 202);
  assert.equal((await settled(clerk, j2.id)).state, 'done');
  // The fields the mapping can use.
  const fields = (await as(ctx.app, clerk, 'GET', '/api/imports/fields')).json();
  assert.ok(fields.some((x: { key: string; synonyms: string[] }) => x.key === 'idNumber' && x.synonyms.includes('公民身份号码')));
});

test('through pg-boss: the queued job runs in the background to the end', async () => {
  const worker = await startImportWorker(deps);
  try {
    const r = await upload(clerk, 'boss.csv', csv(family()));
    assert.equal(r.statusCode, 202);
    const id = r.json().id;
    const wait = async (states: string[]) => {
      for (let i = 0; i < 150; i++) {
        const j = (await as(ctx.app, clerk, 'GET', `/api/imports/${id}`)).json();
        if (states.includes(j.state)) return j;
        await new Promise((res) => setTimeout(res, 200));
      }
      throw new Error('timeout');
    };
    assert.equal((await wait(['checked', 'failed'])).state, 'checked');
    await as(ctx.app, clerk, 'POST', `/api/imports/${id}/commit`, { mode: 'valid_only' });
    const j = await wait(['done', 'failed']);
    assert.equal(j.state, 'done', JSON.stringify(j.error));
    assert.equal(j.counts.rows.new, 2);
  } finally {
    await worker.stop();
  }
});

test('ID numbers: full-width digits, lower-case x and 15-digit legacy numbers are normalised; the same person in both forms is a duplicate', async () => {
  const f = family();
  const legacy18 = makeId({ gender: 'F', birth: '19720405' });
  // The 15-digit form: drop the century and the check character.
  const legacy15 = legacy18.slice(0, 6) + legacy18.slice(8, 17);
  f[1]![4] = legacy15;
  const head = f[0]![4]!;
  f[0]![4] = head.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace('X', 'x');
  const s = await importFile(deps, clerkActor, writeTmp('ids.csv', csv(f)));
  assert.equal(s.state, 'done', JSON.stringify(s.problems));
  const spouse = await ctx.db.selectFrom('members').select(['id_enc', 'birth_date']).where('id_idx', '=', testCipher.blindIndex(legacy18)).executeTakeFirstOrThrow();
  assert.equal(testCipher.decrypt(spouse.id_enc), legacy18);
  assert.equal(spouse.birth_date, '1972-04-05');
  assert.ok(await ctx.db.selectFrom('members').select('id').where('id_idx', '=', testCipher.blindIndex(head)).executeTakeFirst());

  const g = family();
  g[1]![4] = legacy18;
  g.push([...g[1]!]);
  g[2]![4] = legacy15;
  g[2]![3] = '李秀英';
  const d = await importFile(deps, clerkActor, writeTmp('ids2.csv', csv(g)), { dryRun: true });
  assert.ok(d.problems.some((p) => p.row === 3 && p.code === 'ID_DUPLICATE_IN_FILE'), JSON.stringify(d.problems));
  assert.ok(d.problems.some((p) => p.code === 'PERSON_ACTIVE_ELSEWHERE'));
});

test('commit with an adjusted mapping checks the file again first', async () => {
  const f = family();
  const text = csv(f).replace('户类型', '农户类别X');
  const r = await upload(clerk, 'remap.csv', text);
  let job = await settled(clerk, r.json().id);
  assert.equal(job.state, 'checked');
  assert.equal(job.mapping.find((m: { header: string }) => m.header === '农户类别X').field, null);
  const c = await as(ctx.app, clerk, 'POST', `/api/imports/${job.id}/commit`, { mode: 'all_or_nothing', mapping: { 农户类别X: 'category' } });
  assert.equal(c.statusCode, 202, c.body);
  job = await settled(clerk, job.id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const h = await ctx.db.selectFrom('households').select(['category', 'exit_year']).where('household_no', '=', f[0]![0]!).executeTakeFirstOrThrow();
  assert.equal(h.category, 'exited');
  assert.equal(h.exit_year, 2019);
  // A finished job cannot be committed or checked again.
  assert.equal((await as(ctx.app, clerk, 'POST', `/api/imports/${job.id}/commit`, { mode: 'valid_only' })).json().code, 'IMPORT_STATE');
  assert.equal((await as(ctx.app, clerk, 'POST', `/api/imports/${job.id}/check`, {})).json().code, 'IMPORT_STATE');
});

test('a re-import that changes a household first settles the earlier import entry with the household as it was', async () => {
  const no = hno();
  const first = family({ no, address: '大桥沟村7号' });
  const r1 = await importFile(deps, clerkActor, writeTmp(`settle-1-${no}.csv`, csv(first)), { report: false });
  assert.equal(r1.state, 'done', JSON.stringify(r1.error ?? r1.problems));
  const h = await ctx.db.selectFrom('households').select(['id']).where('household_no', '=', no).executeTakeFirstOrThrow();
  const before = await ctx.db.selectFrom('household_history').selectAll().where('household_id', '=', h.id).execute();
  assert.equal(before.length, 1);
  assert.equal(before[0]!.snapshot, null);
  assert.deepEqual(before[0]!.summary, { importJob: r1.jobId, change: 'create', members: { new: 2, updated: 0 } });

  // The same people, a new address: the household is updated, its members unchanged.
  const second = first.map((row) => [...row.slice(0, 14), '大桥沟村8号']);
  const r2 = await importFile(deps, clerkActor, writeTmp(`settle-2-${no}.csv`, csv(second)), { report: false });
  assert.equal(r2.state, 'done', JSON.stringify(r2.error ?? r2.problems));
  const after = await ctx.db.selectFrom('household_history').selectAll().where('household_id', '=', h.id).orderBy('id').execute();
  assert.equal(after.length, 2);
  const old = after[0]!.snapshot as { household: { address: string; member_count: number }; members: { name: string }[] };
  assert.equal(old.household.address, '大桥沟村7号');
  assert.equal(old.household.member_count, 2);
  assert.deepEqual(old.members.map((m) => m.name), ['张建国', '李秀英']);
  assert.equal(after[1]!.snapshot, null);
  assert.deepEqual(after[1]!.summary, { importJob: r2.jobId, change: 'update', members: { new: 0, updated: 0 } });
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const asOf = (await as(ctx.app, clerk, 'GET', `/api/households/${h.id}/as-of?date=${today}`)).json();
  assert.equal(asOf.snapshot.household.address, '大桥沟村8号');

  // Importing the same file again changes nothing and writes no entry.
  const r3 = await importFile(deps, clerkActor, writeTmp(`settle-3-${no}.csv`, csv(second)), { report: false });
  assert.equal(r3.counts?.rows.unchanged, 2);
  assert.equal(await ctx.db.selectFrom('household_history').select(sql<number>`count(*)::int`.as('n')).where('household_id', '=', h.id).executeTakeFirstOrThrow().then((x) => x.n), 2);
});

test('a person registered in one household of the file and listed in another is refused; a changed member is updated, the rest unchanged', async () => {
  const a = family();
  const b = family();
  assert.equal((await importFile(deps, clerkActor, writeTmp('swap-0.csv', csv([...a, ...b])), { report: false })).state, 'done');

  // The two spouses swapped between the two households, both of them in the file under their own numbers.
  const swapped = [a[0]!, [a[0]![0]!, ...b[1]!.slice(1)], b[0]!, [b[0]![0]!, ...a[1]!.slice(1)]];
  const d = await importFile(deps, clerkActor, writeTmp('swap-1.csv', csv(swapped)), { dryRun: true, report: false });
  const elsewhere = d.problems.filter((p) => p.code === 'PERSON_ACTIVE_ELSEWHERE');
  assert.deepEqual(elsewhere.map((p) => p.row), [3, 5], JSON.stringify(d.problems));
  assert.ok(elsewhere[0]!.zh.includes(b[0]![0]!), 'names the household the person is registered in');
  assert.ok(elsewhere[1]!.zh.includes(a[0]![0]!));
  assert.deepEqual(
    [d.counts!.rows.error, d.counts!.rows.skipped, d.counts!.rows.new, d.counts!.rows.unchanged],
    [2, 2, 0, 0],
    'each household with a refused row is skipped whole',
  );

  // Household a again, its spouse recovered: one member updated, the head unchanged, nothing new.
  const changed = [a[0]!, [...a[1]!.slice(0, 12), '健康', ...a[1]!.slice(13)]];
  const s = await importFile(deps, clerkActor, writeTmp('swap-2.csv', csv(changed)), { report: false });
  assert.equal(s.state, 'done', JSON.stringify(s.problems));
  assert.deepEqual([s.counts!.rows.updated, s.counts!.rows.unchanged, s.counts!.rows.new], [1, 1, 0]);
  const spouse = await ctx.db.selectFrom('members').select(['health']).where('id_idx', '=', testCipher.blindIndex(a[1]![4]!)).executeTakeFirstOrThrow();
  assert.equal(spouse.health, 'healthy');
});
