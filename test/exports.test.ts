import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { as, buildTestContext, login, makeUser, testCipher, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { householdRow, memberRow } from '../src/modules/households/fields.js';
import { validateMember } from '../src/modules/households/validate.js';
import { refreshTotals } from '../src/modules/households/repo/history.js';
import { prepareHouseholdExport } from '../src/modules/exports/households.export.js';
import { TEMPLATE_HEADERS, escapeFormula } from '../src/modules/exports/columns.js';
import { checkChar } from '../src/core/idcard.js';

const VILLAGE = '140430103207'; // 大桥沟村
let ctx: TestContext;
let clerk: Session;
let otherClerk: Session;
let reviewer: Session;
let helper: Session;
let auditor: Session;
const fullIds: string[] = [];

before(async () => {
  ctx = await buildTestContext();
  const other = await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', '140430101%').limit(1).executeTakeFirstOrThrow();
  clerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: VILLAGE })).username);
  otherClerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: other.code })).username);
  reviewer = await login(ctx.app, (await makeUser(ctx, { role: 'county_reviewer', area: '140430' })).username);
  helper = await login(ctx.app, (await makeUser(ctx, { role: 'helper', area: VILLAGE })).username);
  auditor = await login(ctx.app, (await makeUser(ctx, { role: 'auditor', area: '140430' })).username);

  for (const [i, category] of (['exited', 'ordinary', 'monitored'] as const).entries()) {
    const head = makeId({ gender: 'M', birth: `1970010${i + 1}` });
    const spouse = makeId({ gender: 'F', birth: `1972020${i + 1}` });
    fullIds.push(head, spouse);
    const r = await as(ctx.app, clerk, 'POST', '/api/households', {
      householdNo: householdNo(),
      villageCode: VILLAGE,
      category,
      exitYear: category === 'exited' ? 2018 : undefined,
      monitoringType: category === 'monitored' ? 'marginal' : undefined,
      phone: '13912345678',
      address: i === 0 ? '=HYPERLINK("http://evil.example","点我")' : '@SUM(1+1)',
      incomeWages: 20000,
      members: [
        { idNumber: head, name: '张三', relation: 'head', health: 'disabled', disabilityCategory: 'physical', disabilityGrade: 2 },
        { idNumber: spouse, name: '李秀英', relation: 'spouse', labourCapacity: 'normal', workPlace: 'out_province', workMonths: 10 },
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
  }
});
after(() => ctx.close());

async function sheetOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const vals = row.values as unknown[];
    rows.push(Object.fromEntries(header.map((h, i) => [h, vals[i + 1]])));
  });
  return { header, rows, ws };
}

async function lastAudit(action: string) {
  return ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

test('export is an .xlsx with the template headers, one row per member, ID numbers masked by default; audited', async () => {
  const res = await as(ctx.app, clerk, 'GET', '/api/households/export');
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.match(String(res.headers['content-type']), /spreadsheetml/);
  assert.match(String(res.headers['content-disposition']), /attachment; filename="households-\d{8}-\d{4}\.xlsx"/);
  const { header, rows, ws } = await sheetOf(res.rawPayload);
  assert.deepEqual(header, [...TEMPLATE_HEADERS]);
  // Excel's filter buttons on the header row, over every column and row.
  const lastCol = ws.getColumn(TEMPLATE_HEADERS.length).letter;
  assert.equal(String(ws.autoFilter), `A1:${lastCol}7`);
  for (const h of ['户编号', '乡镇', '村', '户类型', '姓名', '身份证号', '性别', '出生日期', '与户主关系', '健康状况', '劳动技能', '人均纯收入']) assert.ok(header.includes(h), h);
  assert.equal(rows.length, 6);
  for (const r of rows) assert.match(String(r['身份证号']), /^140430\*{8}\d{3}[\dX]$/);
  for (const id of fullIds) assert.ok(!rows.some((r) => r['身份证号'] === id), 'a full ID number leaked');
  assert.ok(rows.every((r) => String(r['联系电话']) === '139****5678'));
  const head = rows.find((r) => r['与户主关系'] === '户主' && r['户类型'] === '脱贫户')!;
  assert.equal(head['乡镇'], '新店镇');
  assert.equal(head['村'], '大桥沟村委会'); // the official name; the import matches it with or without the ending
  assert.equal(head['性别'], '男');
  assert.equal(head['出生日期'], '1970-01-01');
  assert.equal(head['健康状况'], '残疾');
  assert.equal(head['残疾类别'], '肢体');
  assert.equal(head['残疾等级'], '二级');
  assert.equal(head['脱贫年度'], 2018);
  assert.equal(head['人均纯收入'], 10000);
  const spouse = rows.find((r) => r['与户主关系'] === '配偶')!;
  assert.equal(spouse['务工状况'], '省外务工');
  assert.equal(spouse['务工时间（月）'], 10);
  const a = await lastAudit('registry.export');
  assert.ok(a);
  assert.deepEqual(a.detail, { filters: {}, rows: 6, households: 3, full: false, format: 'xlsx' });
});

test('the list filters apply: category, village, name search', async () => {
  let res = await as(ctx.app, clerk, 'GET', '/api/households/export.xlsx?category=exited');
  assert.equal(res.statusCode, 200);
  let { rows } = await sheetOf(res.rawPayload);
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => r['户类型'] === '脱贫户'));
  assert.deepEqual((await lastAudit('registry.export'))!.detail, { filters: { category: 'exited' }, rows: 2, households: 1, full: false, format: 'xlsx' });
  res = await as(ctx.app, reviewer, 'GET', `/api/households/export?villageCode=${VILLAGE}&q=zs&category=monitored`);
  ({ rows } = await sheetOf(res.rawPayload));
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!['监测对象类别'], '边缘易致贫户');
});

test('full ID numbers only with registry.viewFullId and full=true, audited as registry.export_full', async () => {
  const res = await as(ctx.app, clerk, 'GET', '/api/households/export?full=true');
  assert.equal(res.statusCode, 200);
  const { rows } = await sheetOf(res.rawPayload);
  assert.deepEqual(rows.map((r) => r['身份证号']).sort(), [...fullIds].sort());
  assert.ok(rows.every((r) => r['联系电话'] === '13912345678'));
  const a = await lastAudit('registry.export_full');
  assert.ok(a, 'no registry.export_full entry');
  assert.equal((a.detail as { rows: number }).rows, 6);
  assert.equal(a.username, clerk.user.username);

  // A role without registry.viewFullId cannot ask for full numbers (no such role has export today: call the domain).
  const actor = { user: { id: 1, username: 'h', displayName: 'h', role: 'helper' as const, areaCode: VILLAGE, areaLevel: 5, areaName: '', department: null, mustChangePassword: false }, ip: '127.0.0.1' };
  await assert.rejects(prepareHouseholdExport(ctx.db, testCipher, actor, {}, { full: true }), /not allowed/);
});

test('scope: another village gets none of our rows, and may not name our village', async () => {
  const res = await as(ctx.app, otherClerk, 'GET', '/api/households/export');
  assert.equal(res.statusCode, 200);
  const { rows } = await sheetOf(res.rawPayload);
  assert.equal(rows.length, 0);
  const named = await as(ctx.app, otherClerk, 'GET', `/api/households/export?villageCode=${VILLAGE}`);
  assert.equal(named.statusCode, 403);
  assert.equal(named.json().code, 'OUT_OF_SCOPE');
});

test('roles without registry.export get 403; anonymous 401', async () => {
  for (const s of [helper, auditor]) {
    const r = await as(ctx.app, s, 'GET', '/api/households/export');
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().code, 'FORBIDDEN');
  }
  assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/households/export' })).statusCode, 401);
});

test('cells beginning with = + - @ are escaped against formula injection', async () => {
  assert.equal(escapeFormula('=1+1'), "'=1+1");
  assert.equal(escapeFormula('+86'), "'+86");
  assert.equal(escapeFormula('-2'), "'-2");
  assert.equal(escapeFormula('@x'), "'@x");
  assert.equal(escapeFormula('大桥沟村1号'), '大桥沟村1号');
  const res = await as(ctx.app, clerk, 'GET', '/api/households/export');
  const { rows, ws } = await sheetOf(res.rawPayload);
  const addresses = new Set(rows.map((r) => r['家庭住址']));
  assert.ok(addresses.has(`'=HYPERLINK("http://evil.example","点我")`));
  assert.ok(addresses.has("'@SUM(1+1)"));
  ws.eachRow((row) => row.eachCell((cell) => assert.notEqual(cell.type, ExcelJS.ValueType.Formula)));
});

test('a few thousand rows stream in keyset pages; the file holds them all', async () => {
  const township = '140430101';
  const village = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${township}%`).orderBy('code').limit(1).executeTakeFirstOrThrow()).code;
  const n = 2600; // more than one page of 2,000 households
  let serial = 0;
  for (let start = 0; start < n; start += 500) {
    const hh = await ctx.db
      .insertInto('households')
      .values(Array.from({ length: Math.min(500, n - start) }, (_, i) => ({ ...householdRow({ householdNo: `BULK${start + i}`, villageCode: village, category: 'ordinary', incomeWages: 9000 }, testCipher) }) as never))
      .returning('id')
      .execute();
    const members = hh.flatMap((h, i) =>
      Array.from({ length: 1 + ((start + i) % 2) }, (_, k) => {
        const s = serial++;
        const birth = new Date(Date.UTC(1980, 0, 1 + Math.floor(s / 900))).toISOString().slice(0, 10).replace(/-/g, '');
        const first17 = `140430${birth}${String(100 + (s % 900))}`;
        const v = validateMember({ idNumber: first17 + checkChar(first17), name: '王强', relation: k ? 'spouse' : 'head' });
        assert.ok(v.value, JSON.stringify(v.problems));
        return memberRow(v.value, h.id, village, testCipher);
      }),
    );
    await ctx.db.insertInto('members').values(members).execute();
    await refreshTotals(ctx.db, hh.map((h) => h.id));
  }
  const expected = n + n / 2;
  const reviewerRes = await as(ctx.app, reviewer, 'GET', `/api/households/export?villageCode=${village}`);
  assert.equal(reviewerRes.statusCode, 200);
  const { rows } = await sheetOf(reviewerRes.rawPayload);
  assert.equal(rows.length, expected);
  assert.equal(new Set(rows.map((r) => r['户编号'])).size, n);
  // Every household's rows are together and start with its head.
  let prev = '';
  for (const r of rows) {
    if (r['户编号'] !== prev) assert.equal(r['与户主关系'], '户主');
    prev = String(r['户编号']);
  }
  assert.equal(((await lastAudit('registry.export'))!.detail as { rows: number }).rows, expected);
});

test('a client that goes away mid-download stops the export; the server carries on', async () => {
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const ac = new AbortController();
  const res = await fetch(`${base}/api/households/export`, { headers: { cookie: reviewer.cookie }, signal: ac.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  await reader.read();
  ac.abort();
  await reader.cancel().catch(() => {});
  await new Promise((r) => setTimeout(r, 500));
  const health = await fetch(`${base}/api/health`);
  assert.equal(health.status, 200);
  // And a complete export still works afterwards.
  const again = await fetch(`${base}/api/households/export?category=exited`, { headers: { cookie: reviewer.cookie } });
  const { rows } = await sheetOf(Buffer.from(await again.arrayBuffer()));
  assert.equal(rows.length, 2);
});
