import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { screeningIdle } from '../src/modules/screening/match.js';
import { TEMPLATES, type DatasetTemplate } from '../src/modules/screening/templates.js';
import { nameSimilarity } from '../src/modules/screening/similarity.js';
import type { Department, Role } from '../src/shared/roles.js';

/**
 * Department data screening through the API on a real database: a sample file of every template, uploads with title
 * rows and GBK, exact matching with full-width and 15-digit ID numbers, a fuzzy candidate by homophone (never linked
 * below the auto-link threshold), the review queue remembering a pair, immutable submitted datasets and corrections,
 * rules with a what-if, warnings handled by the village (a case opened, a member marked deceased), and every endpoint
 * refused to another county, department and role; the 政策找人 list.
 */
const VILLAGE = '140430103207';
const TOWNSHIP = '140430103';
let OTHER_VILLAGE = '';
let ctx: TestContext;
let dataDir = '';
const s = {} as Record<'county' | 'otherCounty' | 'admin' | 'clerk' | 'otherClerk' | 'township' | 'auditor' | 'otherCountyMedical', Session>;
const officer = {} as Record<Department, Session>;
const deps = () => ({ db: ctx.db });

/** Registry people: [name, ID, household id, member id]. */
const P = {} as Record<'head' | 'homophone' | 'legacy' | 'dying' | 'auto' | 'sick', { name: string; id: string; household: number; member: number }>;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-screening-'));
  ctx = await buildTestContext({ DATA_DIR: dataDir, FANGPIN_CLOCK: '2026-03-10T10:00:00+08:00' });
  await importAreas(ctx.db, null, '140431');
  OTHER_VILLAGE = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', '140430101%').limit(1).executeTakeFirstOrThrow()).code;
  const u = async (role: Role, area: string, department?: Department) => login(ctx.app, (await makeUser(ctx, { role, area, ...(department ? { department } : {}) })).username);
  s.county = await u('county_reviewer', '140430');
  s.otherCounty = await u('county_reviewer', '140431');
  s.admin = await u('county_admin', '140430');
  s.clerk = await u('village_clerk', VILLAGE);
  s.otherClerk = await u('village_clerk', OTHER_VILLAGE);
  s.township = await u('township_reviewer', TOWNSHIP);
  s.auditor = await u('auditor', '140430');
  s.otherCountyMedical = await u('dept_officer', '140431', 'medical_insurance');
  for (const t of TEMPLATES) officer[t.department] ??= await u('dept_officer', '140430', t.department);

  const household = async (people: { key: keyof typeof P; name: string; birth: string; gender: 'M' | 'F'; relation?: string }[], category = 'exited') => {
    const ids = people.map((p) => makeId({ birth: p.birth, gender: p.gender }));
    const res = await as(ctx.app, s.admin, 'POST', '/api/households', {
      householdNo: householdNo(), villageCode: VILLAGE, category, ...(category === 'exited' ? { exitYear: 2019 } : {}),
      members: people.map((p, i) => ({ idNumber: ids[i], name: p.name, relation: p.relation ?? (i === 0 ? 'head' : p.gender === 'F' ? 'daughter' : 'son'), labourCapacity: 'normal' })),
    });
    assert.equal(res.statusCode, 200, res.body);
    const h = res.json();
    people.forEach((p, i) => {
      const m = h.members.find((x: { name: string }) => x.name === p.name);
      P[p.key] = { name: p.name, id: ids[i]!, household: h.id, member: m.id };
    });
  };
  await household([{ key: 'head', name: '张建国', birth: '19700312', gender: 'M' }, { key: 'homophone', name: '王秀英', birth: '19980721', gender: 'F' }]);
  await household([{ key: 'legacy', name: '李大山', birth: '19550108', gender: 'M' }, { key: 'auto', name: '赵小梅', birth: '19990203', gender: 'F' }]);
  await household([{ key: 'sick', name: '孙丽', birth: '19720911', gender: 'F' }, { key: 'dying', name: '孙长福', birth: '19400615', gender: 'M', relation: 'father' }], 'ordinary');
});
after(async () => {
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function multipart(name: string, content: Buffer | string) {
  const boundary = '----fp' + Math.random().toString(16).slice(2);
  return {
    boundary,
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

async function upload(who: Session, query: string, name: string, content: Buffer | string) {
  const { boundary, body } = multipart(name, content);
  return ctx.app.inject({
    method: 'POST', url: `/api/screening/datasets?${query}`,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body,
  });
}

const csvOf = (rows: string[][], title?: string) => [...(title ? [title] : []), ...rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))].join('\r\n') + '\r\n';

/** A sample value of each field of a template, for a person. */
function sampleRow(t: DatasetTemplate, person: { name: string; id?: string; birth?: string }, over: Record<string, string> = {}): string[] {
  return t.fields.map((f) => {
    if (f.key in over) return over[f.key]!;
    if (f.key === 'name') return person.name;
    if (f.key === 'idNumber') return person.id ?? '';
    if (f.key === 'birthDate') return person.birth ?? '';
    if (f.values) return f.values[0]!;
    switch (f.type) {
      case 'date': return '2026-02-15';
      case 'amount': return '1200.50';
      case 'bool': return '是';
      case 'grade': return '二级';
      case 'rating': return 'B';
      case 'gender': return '';
      default: return f.key === 'villageCode' ? '' : `${f.zh}值`;
    }
  });
}
const header = (t: DatasetTemplate) => t.fields.map((f) => f.zh);
const tpl = (key: string) => TEMPLATES.find((t) => t.key === key)!;

async function uploadOk(who: Session, template: string, period: string, rows: string[][], opts: { correction?: boolean; title?: string } = {}) {
  const r = await upload(who, `template=${template}&period=${period}${opts.correction ? '&correction=true' : ''}`, `${template}.csv`, csvOf([header(tpl(template)), ...rows], opts.title ?? `${period} 部门数据`));
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

async function submitted(who: Session, template: string, period: string, rows: string[][]) {
  const d = await uploadOk(who, template, period, rows);
  assert.equal(d.errorRows, 0, JSON.stringify(d));
  const r = await as(ctx.app, who, 'POST', `/api/screening/datasets/${d.id}/submit`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

async function runDataset(datasetId: number, body: object = {}) {
  const r = await as(ctx.app, s.county, 'POST', `/api/screening/datasets/${datasetId}/runs`, body);
  assert.equal(r.statusCode, 202, r.body);
  await screeningIdle(deps());
  const done = await as(ctx.app, s.county, 'GET', `/api/screening/runs/${r.json().id}`);
  assert.equal(done.json().state, 'done', done.body);
  return done.json();
}

const fullWidth = (id: string) => id.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace('X', 'x');
const legacy15 = (id: string) => id.slice(0, 6) + id.slice(8, 17);

test('a sample file of every template uploads and submits clean (title row; one as GBK, one as .xlsx)', async () => {
  for (const t of TEMPLATES) {
    const rows = [sampleRow(t, { name: P.head.name, id: P.head.id })];
    let r;
    if (t.key === 'housing') {
      r = await upload(officer[t.department], `template=${t.key}&period=2026-01`, 'h.csv', iconv.encode(csvOf([header(t), ...rows], '住房安全鉴定名册'), 'gbk'));
    } else if (t.key === 'water') {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['2026年1月 饮水问题台账']);
      ws.addRow(header(t));
      ws.addRow(rows[0]);
      r = await upload(officer[t.department], `template=${t.key}&period=2026-01`, 'w.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    } else {
      r = await upload(officer[t.department], `template=${t.key}&period=2026-01`, `${t.key}.csv`, csvOf([header(t), ...rows], '名册'));
    }
    assert.equal(r.statusCode, 201, `${t.key}: ${r.body}`);
    const d = r.json();
    assert.equal(d.rowCount, 1, t.key);
    assert.equal(d.errorRows, 0, `${t.key}: ${JSON.stringify(d)}`);
    assert.equal(d.headerRow, 2, t.key);
    assert.equal(d.state, 'draft');
    const sub = await as(ctx.app, officer[t.department], 'POST', `/api/screening/datasets/${d.id}/submit`);
    assert.equal(sub.statusCode, 200, `${t.key}: ${sub.body}`);
    assert.equal(sub.json().state, 'submitted');
  }
  // No ID number in clear anywhere in the rows.
  const leaked = await sql<{ n: number }>`select count(*)::int as n from screening_rows where data::text like ${'%' + P.head.id + '%'} or id_enc = ${P.head.id}`.execute(ctx.db);
  assert.equal(leaked.rows[0]!.n, 0);
});

test('another department’s template, an unknown one, a file of the wrong template and bad cells are refused clearly (生僻字 kept, NUL refused)', async () => {
  const med = officer.medical_insurance;
  let r = await upload(med, 'template=housing&period=2026-02', 'x.csv', csvOf([header(tpl('housing')), sampleRow(tpl('housing'), { name: '甲' })]));
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'SCREENING_TEMPLATE_DEPARTMENT');
  r = await upload(med, 'template=nothing&period=2026-02', 'x.csv', 'a,b\r\n');
  assert.equal(r.statusCode, 400);
  r = await upload(med, 'template=medical&period=2026-13', 'x.csv', 'a,b\r\n');
  assert.equal(r.statusCode, 400);
  // No header at all: refused, nothing kept.
  const before = await ctx.db.selectFrom('screening_datasets').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  r = await upload(med, 'template=medical&period=2026-02', 'x.csv', '甲,乙\r\n1,2\r\n');
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().code, 'SCREENING_HEADER_NOT_FOUND');
  const afterCount = await ctx.db.selectFrom('screening_datasets').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  assert.equal(afterCount.n, before.n);
  // A housing file given as medical: the medical columns are missing → a file problem; it cannot be submitted.
  const wrong = await upload(med, 'template=medical&period=2026-02', 'x.csv', csvOf([header(tpl('housing')), sampleRow(tpl('housing'), { name: '甲', id: P.head.id })]));
  assert.equal(wrong.statusCode, 201, wrong.body);
  assert.deepEqual(wrong.json().fileProblems.map((p: { field: string }) => p.field).sort(), ['selfPaid', 'settledOn', 'total']);
  r = await as(ctx.app, med, 'POST', `/api/screening/datasets/${wrong.json().id}/submit`);
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().code, 'SCREENING_DATASET_HAS_ERRORS');
  // Map the columns by hand: a mapping to an unknown field is refused; a good one is read again and saved.
  r = await as(ctx.app, med, 'PATCH', `/api/screening/datasets/${wrong.json().id}/mapping`, { mapping: { 鉴定等级: 'nope' } });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().code, 'SCREENING_MAPPING_INVALID');
  // Bad cells: an amount that is no number and an empty required date are row errors; a 生僻字 name and NUL are kept safe.
  const t = tpl('medical');
  const bad = await uploadOk(med, 'medical', '2026-02', [
    sampleRow(t, { name: '𠀀明', id: makeId() }, { selfPaid: '一千元' }),
    sampleRow(t, { name: '钱多', id: makeId() }, { settledOn: '' }),
    sampleRow(t, { name: '周全', id: '140430198001011234' }),
  ]);
  assert.equal(bad.errorRows, 2);
  assert.equal(bad.warningRows, 1);
  const problems = (await as(ctx.app, med, 'GET', `/api/screening/datasets/${bad.id}/problems`)).json();
  assert.equal(problems.total, 3);
  assert.deepEqual(problems.items.map((p: { problems: { code: string }[] }) => p.problems.map((x) => x.code)), [['value_bad'], ['required_empty'], ['id_invalid']]);
  assert.equal(problems.items[0].name, '𠀀明');
  // A NUL byte makes the file binary: refused as no spreadsheet, nothing kept.
  const nul = await upload(med, 'template=medical&period=2026-02', 'nul.csv', csvOf([header(t), sampleRow(t, { name: '钱\u0000多', id: makeId() })]));
  assert.equal(nul.statusCode, 400);
  assert.equal(nul.json().code, 'IMPORT_FILE_TYPE');
  r = await as(ctx.app, med, 'POST', `/api/screening/datasets/${bad.id}/submit`);
  assert.equal(r.json().code, 'SCREENING_DATASET_HAS_ERRORS');
});

let medicalRun: { id: number; datasetId: number } | undefined;
let medicalRows: string[][] = [];

test('exact match through full-width and 15-digit ID numbers; a homophone is a candidate, never auto-linked below the threshold', async () => {
  assert.equal(nameSimilarity('王秀瑛', '王秀英')?.basis, 'homophone');
  assert.equal(nameSimilarity('張建國', '张建国')?.basis, 'traditional');
  assert.equal(nameSimilarity('张建', '张建国')?.basis, 'missing_char');
  const t = tpl('medical');
  medicalRows = [
    sampleRow(t, { name: P.head.name, id: fullWidth(P.head.id) }, { selfPaid: '12000' }),
    sampleRow(t, { name: P.legacy.name, id: legacy15(P.legacy.id) }, { selfPaid: '500' }),
    sampleRow(t, { name: '王秀瑛', birth: '1998-07-21' }, { selfPaid: '800' }),
    sampleRow(t, { name: P.auto.name, birth: '1999-02-03' }, { selfPaid: '300' }),
    sampleRow(t, { name: '陌生人', id: makeId({ birth: '19880808' }) }, { selfPaid: '100' }),
    sampleRow(t, { name: '无证人' }, { selfPaid: '100' }),
    sampleRow(t, { name: P.sick.name, id: P.sick.id }, { selfPaid: '15000' }),
  ];
  const d = await submitted(officer.medical_insurance, 'medical', '2026-03', medicalRows);
  assert.equal(legacy15(P.legacy.id).length, 15);
  // A high auto-link threshold: the homophone (0.9) waits for review; the exact name + birth (1.0) links.
  const run = await runDataset(d.id, { reviewThreshold: 0.7, autoThreshold: 0.95 });
  medicalRun = { id: run.id, datasetId: d.id };
  assert.equal(run.exact, 3);
  assert.equal(run.linked, 1);
  assert.equal(run.candidates, 1);
  assert.equal(run.unmatched, 2);
  assert.equal(run.percent, 100);
  const matches = await ctx.db.selectFrom('screening_matches as x').innerJoin('screening_rows as r', 'r.id', 'x.row_id').select(['r.name', 'x.status', 'x.member_id', 'x.score', 'x.reason']).where('x.run_id', '=', run.id).orderBy('r.row_no').execute();
  assert.deepEqual(matches.map((m) => [m.name, m.status]), [
    [P.head.name, 'exact'], [P.legacy.name, 'exact'], ['王秀瑛', 'candidate'], [P.auto.name, 'auto'], ['陌生人', 'unmatched'], ['无证人', 'unmatched'], [P.sick.name, 'exact'],
  ]);
  assert.equal(matches[0]!.member_id, P.head.member);
  assert.equal(matches[1]!.member_id, P.legacy.member);
  assert.equal(matches[2]!.member_id, null, 'a candidate is never linked by itself');
  assert.equal(matches[4]!.reason, 'id_not_in_registry');
  assert.equal(matches[5]!.reason, 'no_id_no_birth');

  // Even with the auto-link threshold at the homophone's score, a lower one is never linked: 0.91 > 0.9.
  const again = await runDataset(d.id, { reviewThreshold: 0.5, autoThreshold: 0.91 });
  const homo = await ctx.db.selectFrom('screening_matches as x').innerJoin('screening_rows as r', 'r.id', 'x.row_id').select(['x.status']).where('x.run_id', '=', again.id).where('r.name', '=', '王秀瑛').executeTakeFirstOrThrow();
  assert.equal(homo.status, 'candidate');
  const thr = await as(ctx.app, s.county, 'POST', `/api/screening/datasets/${d.id}/runs`, { reviewThreshold: 0.9, autoThreshold: 0.8 });
  assert.equal(thr.statusCode, 400);
  assert.equal(thr.json().code, 'SCREENING_THRESHOLDS');

  // The report: one line per department row with the five columns.
  const rep = await ctx.app.inject({ method: 'GET', url: `/api/screening/runs/${run.id}/report`, headers: { cookie: s.county.cookie } });
  assert.equal(rep.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(rep.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const head = (ws.getRow(1).values as unknown[]).slice(1);
  for (const col of ['匹配状态', '匹配户编号', '匹配成员姓名', '匹配得分', '未匹配原因']) assert.ok(head.includes(col), col);
  assert.equal(ws.rowCount, 8);
  const status = (ws.getColumn(head.indexOf('匹配状态') + 1).values as unknown[]).slice(2);
  assert.deepEqual(status, ['精确', '精确', '候选待确认', '精确', '未匹配', '未匹配', '精确']);
  assert.equal(ws.getRow(2).getCell(head.indexOf('匹配成员姓名') + 1).value, P.head.name);
  assert.ok(!JSON.stringify(ws.getSheetValues()).includes(P.head.id), 'no full ID number in the report');
});

test('the review queue shows both sides; a confirmed pair is remembered for later runs', async () => {
  assert.ok(medicalRun);
  const q = await as(ctx.app, s.county, 'GET', `/api/screening/candidates?runId=${medicalRun.id}`);
  assert.equal(q.statusCode, 200, q.body);
  const list = q.json();
  assert.equal(list.total, 1);
  const c = list.items[0];
  assert.equal(c.row.name, '王秀瑛');
  assert.equal(c.member.name, '王秀英');
  assert.equal(c.member.householdId, P.homophone.household);
  assert.match(c.member.idMasked, /\*{8}/);
  assert.equal(c.basis, 'homophone');
  // Another county cannot see or decide it.
  assert.equal((await as(ctx.app, s.otherCounty, 'GET', `/api/screening/candidates?runId=${medicalRun.id}`)).json().total, 0);
  assert.equal((await as(ctx.app, s.otherCounty, 'POST', `/api/screening/candidates/${c.id}/confirm`)).statusCode, 403);
  assert.equal((await as(ctx.app, officer.medical_insurance, 'POST', `/api/screening/candidates/${c.id}/confirm`)).statusCode, 403);
  const ok = await as(ctx.app, s.county, 'POST', `/api/screening/candidates/${c.id}/confirm`);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((await as(ctx.app, s.county, 'POST', `/api/screening/candidates/${c.id}/confirm`)).json().code, 'SCREENING_CANDIDATE_DECIDED');
  const m = await ctx.db.selectFrom('screening_matches as x').innerJoin('screening_rows as r', 'r.id', 'x.row_id').select(['x.status', 'x.member_id']).where('x.run_id', '=', medicalRun.id).where('r.name', '=', '王秀瑛').executeTakeFirstOrThrow();
  assert.deepEqual(m, { status: 'confirmed', member_id: P.homophone.member });
  const next = await runDataset(medicalRun.datasetId, { autoThreshold: 0.95 });
  assert.equal(next.candidates, 0);
  const again = await ctx.db.selectFrom('screening_matches as x').innerJoin('screening_rows as r', 'r.id', 'x.row_id').select(['x.status', 'x.member_id']).where('x.run_id', '=', next.id).where('r.name', '=', '王秀瑛').executeTakeFirstOrThrow();
  assert.deepEqual(again, { status: 'remembered', member_id: P.homophone.member });
});

test('a submitted dataset is immutable; a correction is a new version that supersedes it', async () => {
  assert.ok(medicalRun);
  const med = officer.medical_insurance;
  const t = tpl('medical');
  let r = await as(ctx.app, med, 'PATCH', `/api/screening/datasets/${medicalRun.datasetId}/mapping`, { mapping: {} });
  assert.equal(r.statusCode, 409);
  r = await as(ctx.app, med, 'POST', `/api/screening/datasets/${medicalRun.datasetId}/submit`);
  assert.equal(r.json().code, 'SCREENING_DATASET_SUBMITTED');
  await assert.rejects(sql`update screening_rows set name = 'x' where dataset_id = ${medicalRun.datasetId}`.execute(ctx.db), /cannot change/);
  await assert.rejects(sql`update screening_datasets set period = '2020-01' where id = ${medicalRun.datasetId}`.execute(ctx.db), /cannot change/);
  await assert.rejects(sql`delete from screening_rows where dataset_id = ${medicalRun.datasetId}`.execute(ctx.db), /cannot change/);
  r = await upload(med, 'template=medical&period=2026-03', 'm.csv', csvOf([header(t), sampleRow(t, { name: P.head.name, id: P.head.id })]));
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().code, 'SCREENING_PERIOD_SUBMITTED');
  const v2 = await uploadOk(med, 'medical', '2026-03', medicalRows, { correction: true });
  assert.equal(v2.version, 2);
  r = await as(ctx.app, med, 'POST', `/api/screening/datasets/${v2.id}/submit`);
  assert.equal(r.statusCode, 200, r.body);
  // The correction compared: the confirmed pair is remembered, the same data raises no new warning.
  const run2 = await runDataset(v2.id, { autoThreshold: 0.95 });
  assert.equal(run2.candidates, 0);
  assert.equal(run2.warnings, 0);
  const v1 = await as(ctx.app, med, 'GET', `/api/screening/datasets/${medicalRun.datasetId}`);
  assert.equal(v1.json().state, 'superseded');
});

test('warnings: rules raise them once, the what-if equals a run, the village handles them (a case, a death), the department sees results', async () => {
  assert.ok(medicalRun);
  // 12,000 self-paid for an exited household (threshold A 10,000): a warning; 15,000 for an ordinary one (B 20,000): none.
  let list = (await as(ctx.app, s.clerk, 'GET', '/api/screening/warnings?rule=medical_cost')).json();
  assert.equal(list.total, 1, JSON.stringify(list));
  assert.equal(list.items[0].memberId, P.head.member);
  assert.match(list.items[0].clue, /12000\.00/);
  // Re-runs raised nothing twice (three runs of v1 and a correction with the same data).
  const count = await ctx.db.selectFrom('screening_warnings').select(sql<number>`count(*)::int`.as('n')).where('rule', '=', 'medical_cost').executeTakeFirstOrThrow();
  assert.equal(count.n, 1);

  // What-if: B at 15,000 would add the ordinary member; the same as a real run with that rule.
  const rules = (await as(ctx.app, s.county, 'GET', '/api/screening/rules')).json();
  const medical = rules.find((x: { rule: string }) => x.rule === 'medical_cost');
  assert.deepEqual(medical.params, { thresholdA: 10000, thresholdB: 20000 });
  const body = { enabled: true, groups: medical.groups, dueDays: 10, params: { thresholdA: 10000, thresholdB: 15000 } };
  const p = await as(ctx.app, s.county, 'POST', '/api/screening/rules/medical_cost/preview', body);
  assert.equal(p.statusCode, 200, p.body);
  assert.equal(p.json().current, 1);
  assert.equal(p.json().changed, 2);
  assert.deepEqual(p.json().byTownship.map((x: { code: string }) => x.code), [TOWNSHIP]);
  assert.deepEqual(p.json().byCategory.map((x: { category: string; changed: number }) => [x.category, x.changed]), [['exited', 1], ['ordinary', 1]]);
  const belowA = await as(ctx.app, s.county, 'POST', '/api/screening/rules/medical_cost/preview', { ...body, params: { thresholdA: 12000.01, thresholdB: 20000 } });
  assert.equal(belowA.json().changed, 0, 'just above the amount: no warning');
  const atA = await as(ctx.app, s.county, 'POST', '/api/screening/rules/medical_cost/preview', { ...body, params: { thresholdA: 12000, thresholdB: 20000 } });
  assert.equal(atA.json().changed, 1, 'at the amount: a warning');
  assert.equal((await as(ctx.app, s.county, 'POST', '/api/screening/rules/medical_cost/preview', { ...body, params: { thresholdA: -1 } })).json().code, 'SCREENING_RULE_PARAM');
  assert.equal((await as(ctx.app, s.county, 'POST', '/api/screening/rules/medical_cost/preview', { ...body, params: { nope: 1 } })).json().code, 'SCREENING_RULE_PARAM');
  const saved = await as(ctx.app, s.county, 'PATCH', '/api/screening/rules/medical_cost', body);
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().version, 1);
  const current = (await as(ctx.app, s.county, 'GET', `/api/screening/datasets?template=medical&period=2026-03`)).json().items.find((d: { state: string }) => d.state === 'submitted');
  const run = await runDataset(current.id);
  assert.equal(run.warnings, 1, 'the ordinary member now, as the what-if said');
  list = (await as(ctx.app, s.clerk, 'GET', '/api/screening/warnings?rule=medical_cost')).json();
  assert.equal(list.total, 2);

  // A death from the police: a registry correction the clerk makes through the registry's own function.
  const ps = tpl('public_security');
  const death = await submitted(officer.public_security, 'public_security', '2026-03', [sampleRow(ps, { name: P.dying.name, id: P.dying.id }, { event: '死亡', eventOn: '2026-03-01' })]);
  await runDataset(death.id);
  const dw = (await as(ctx.app, s.clerk, 'GET', '/api/screening/warnings?rule=death_or_move')).json().items[0];
  assert.equal(dw.memberId, P.dying.member);
  assert.equal(dw.kind, 'correction');
  assert.equal(dw.dueOn > '2026-03-10', true);
  assert.equal((await as(ctx.app, s.otherClerk, 'POST', `/api/screening/warnings/${dw.id}/handle`, { action: 'dismiss', reason: 'x' })).statusCode, 403);
  assert.equal((await as(ctx.app, s.clerk, 'POST', `/api/screening/warnings/${dw.id}/handle`, { action: 'deceased' })).json().code, 'SCREENING_HANDLE_INPUT');
  let h = await as(ctx.app, s.clerk, 'POST', `/api/screening/warnings/${dw.id}/handle`, { action: 'deceased', date: '2026-03-01', reason: '公安死亡记录' });
  assert.equal(h.statusCode, 200, h.body);
  assert.equal(h.json().state, 'corrected');
  const member = await ctx.db.selectFrom('members').select(['status', 'status_date']).where('id', '=', P.dying.member).executeTakeFirstOrThrow();
  assert.deepEqual(member, { status: 'deceased', status_date: '2026-03-01' });
  assert.equal((await as(ctx.app, s.clerk, 'POST', `/api/screening/warnings/${dw.id}/handle`, { action: 'dismiss', reason: 'x' })).json().code, 'SCREENING_WARNING_HANDLED');

  // The medical warning: the clerk opens an identification case through the monitoring chain (channel 'warning').
  const mw = list.items.find((w: { memberId: number }) => w.memberId === P.head.member);
  h = await as(ctx.app, s.clerk, 'POST', `/api/screening/warnings/${mw.id}/handle`, { action: 'open_case' });
  assert.equal(h.statusCode, 200, h.body);
  const kase = await ctx.db.selectFrom('monitoring_cases').select(['channel', 'household_id', 'clue']).where('id', '=', h.json().caseId).executeTakeFirstOrThrow();
  assert.equal(kase.channel, 'warning');
  assert.equal(kase.household_id, P.head.household);
  assert.match(kase.clue, /医疗自付费用过高/);
  // The other one dismissed by the township with a reason.
  const other = list.items.find((w: { memberId: number }) => w.memberId === P.sick.member);
  assert.equal((await as(ctx.app, s.township, 'POST', `/api/screening/warnings/${other.id}/handle`, { action: 'dismiss' })).json().code, 'SCREENING_HANDLE_INPUT');
  h = await as(ctx.app, s.township, 'POST', `/api/screening/warnings/${other.id}/handle`, { action: 'dismiss', reason: '已享受大病救助，无返贫风险' });
  assert.equal(h.statusCode, 200, h.body);

  // A re-run after handling raises nothing again.
  const rerun = await runDataset(current.id);
  assert.equal(rerun.warnings, 0);

  // The county's figures by township and department; the department's results, counts only.
  const st = (await as(ctx.app, s.county, 'GET', '/api/screening/stats')).json();
  const med = st.find((x: { department: string }) => x.department === 'medical_insurance');
  assert.equal(med.townshipCode, TOWNSHIP);
  assert.equal(med.total, 2);
  assert.equal(med.handled, 2);
  assert.equal(med.handlingRate, 1);
  const mine = (await as(ctx.app, officer.medical_insurance, 'GET', `/api/screening/datasets/${current.id}`)).json();
  assert.ok(mine.match.total > 0);
  assert.deepEqual(mine.results, [{ rule: 'medical_cost', state: 'dismissed', count: 1 }]);
  const first = (await as(ctx.app, officer.medical_insurance, 'GET', `/api/screening/datasets/${medicalRun.datasetId}`)).json();
  assert.deepEqual(first.results, [{ rule: 'medical_cost', state: 'case_opened', count: 1 }]);
});

test('a department officer never sees household details; every endpoint refuses another county, department or role', async () => {
  assert.ok(medicalRun);
  const med = officer.medical_insurance;
  const view = await as(ctx.app, med, 'GET', `/api/screening/datasets/${medicalRun.datasetId}`);
  assert.equal(view.statusCode, 200);
  for (const secret of [P.head.name, P.homophone.name, 'householdNo', 'memberName', 'household']) assert.ok(!view.body.includes(secret), secret);
  const run = medicalRun.id;
  const refused: [Session, 'GET' | 'POST' | 'PATCH', string, object?][] = [
    [med, 'GET', `/api/screening/runs/${run}`],
    [med, 'GET', '/api/screening/runs'],
    [med, 'GET', `/api/screening/runs/${run}/report`],
    [med, 'GET', '/api/screening/candidates'],
    [med, 'GET', '/api/screening/warnings'],
    [med, 'GET', '/api/screening/stats'],
    [med, 'POST', `/api/screening/datasets/${medicalRun.datasetId}/runs`, {}],
    [med, 'GET', '/api/households'],
    [s.clerk, 'GET', `/api/screening/datasets/${medicalRun.datasetId}`],
    [s.clerk, 'GET', '/api/screening/datasets'],
    [s.clerk, 'GET', `/api/screening/runs/${run}/report`],
    [s.clerk, 'PATCH', '/api/screening/rules/medical_cost', { enabled: false, groups: ['exited'], dueDays: 5, params: {} }],
    [s.auditor, 'GET', '/api/screening/warnings'],
    [s.county, 'POST', `/api/screening/datasets/${medicalRun.datasetId}/submit`],
    [s.county, 'GET', `/api/screening/datasets/${medicalRun.datasetId}/problems`],
    [s.otherCounty, 'GET', `/api/screening/runs/${run}`],
    [s.otherCounty, 'GET', `/api/screening/runs/${run}/report`],
    [s.otherCounty, 'POST', `/api/screening/datasets/${medicalRun.datasetId}/runs`, {}],
    [s.otherCounty, 'GET', `/api/screening/datasets/${medicalRun.datasetId}`],
    [officer.housing, 'GET', `/api/screening/datasets/${medicalRun.datasetId}`],
    [officer.housing, 'GET', `/api/screening/datasets/${medicalRun.datasetId}/problems`],
    [s.otherCountyMedical, 'GET', `/api/screening/datasets/${medicalRun.datasetId}`],
  ];
  for (const [who, method, url, body] of refused) {
    const r = await as(ctx.app, who, method, url, body);
    assert.ok([403, 404].includes(r.statusCode), `${method} ${url}: ${r.statusCode} ${r.body}`);
  }
  // Lists: another county's, department's or village's see none of these.
  assert.equal((await as(ctx.app, s.otherCounty, 'GET', '/api/screening/runs')).json().total, 0);
  assert.equal((await as(ctx.app, s.otherCounty, 'GET', '/api/screening/datasets')).json().total, 0);
  assert.equal((await as(ctx.app, s.otherCounty, 'GET', '/api/screening/stats')).json().length, 0);
  assert.ok((await as(ctx.app, officer.housing, 'GET', '/api/screening/datasets')).json().items.every((d: { department: string }) => d.department === 'housing'));
  assert.equal((await as(ctx.app, s.otherCountyMedical, 'GET', '/api/screening/datasets')).json().total, 0);
  assert.equal((await as(ctx.app, s.otherClerk, 'GET', '/api/screening/warnings')).json().total, 0);
  assert.ok((await as(ctx.app, s.clerk, 'GET', '/api/screening/warnings')).json().total > 0);
  // The county sees submitted datasets only, never a draft.
  const drafts = (await as(ctx.app, s.county, 'GET', '/api/screening/datasets?pageSize=200')).json().items.filter((d: { state: string }) => d.state === 'draft');
  assert.equal(drafts.length, 0);
});

test('政策找人: a grade-1 disability without the care subsidy is on the county’s list (masked), by benefit; others are refused', async () => {
  const t = tpl('disability');
  const d = await submitted(officer.disability, 'disability', '2026-03', [
    sampleRow(t, { name: P.auto.name, id: P.auto.id }, { grade: '一级', careSubsidy: '否', category: '肢体' }),
    sampleRow(t, { name: P.legacy.name, id: P.legacy.id }, { grade: '一级', careSubsidy: '是', category: '视力' }),
  ]);
  await runDataset(d.id);
  const res = await ctx.app.inject({ method: 'GET', url: '/api/screening/policy-list.xlsx', headers: { cookie: s.county.cookie } });
  assert.equal(res.statusCode, 200, res.body);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.rowCount, 2);
  const row = (ws.getRow(2).values as unknown[]).slice(1);
  assert.equal(row[0], '政策找人：重度残疾未享受护理补贴');
  assert.equal(row[4], P.auto.name);
  assert.match(String(row[5]), /^\d{6}\*{8}\d{3}[\dX]$/);
  // The same member's new severe disability is a risk warning of its own (the household is not monitored).
  const risk = (await as(ctx.app, s.clerk, 'GET', '/api/screening/warnings?rule=disability_new')).json();
  assert.equal(risk.total, 2);
  for (const who of [officer.disability, s.clerk, s.township, s.auditor]) {
    assert.equal((await as(ctx.app, who, 'GET', '/api/screening/policy-list.xlsx')).statusCode, 403);
  }
  const other = await ctx.app.inject({ method: 'GET', url: '/api/screening/policy-list.xlsx', headers: { cookie: s.otherCounty.cookie } });
  const owb = new ExcelJS.Workbook();
  await owb.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
  assert.equal(owb.worksheets[0]!.rowCount, 1, 'another county: the header only');
});

test('a failed run leaves no matches or warnings behind and can be run again', async () => {
  const t = tpl('housing');
  const d = await submitted(officer.housing, 'housing', '2026-03', [sampleRow(t, { name: P.head.name, id: P.head.id }, { rating: 'D' })]);
  // A rule version the evaluation cannot read (written past the API, which would refuse it): the run fails at its last step.
  await ctx.db.insertInto('screening_rules').values({ county_code: '140430000000', rule: 'housing_unsafe', version: 1, enabled: true, params: JSON.stringify({ groups: null, dueDays: 10, params: { worstOk: 2 } }), created_by: null }).execute();
  const r = await as(ctx.app, s.county, 'POST', `/api/screening/datasets/${d.id}/runs`, {});
  assert.equal(r.statusCode, 202, r.body);
  await screeningIdle(deps());
  const failed = (await as(ctx.app, s.county, 'GET', `/api/screening/runs/${r.json().id}`)).json();
  assert.equal(failed.state, 'failed');
  assert.equal(failed.errorCode, 'INTERNAL');
  const left = await ctx.db.selectFrom('screening_matches').select(sql<number>`count(*)::int`.as('n')).where('run_id', '=', failed.id).executeTakeFirstOrThrow();
  assert.equal(left.n, 0);
  const warned = await ctx.db.selectFrom('screening_warnings').select(sql<number>`count(*)::int`.as('n')).where('rule', '=', 'housing_unsafe').executeTakeFirstOrThrow();
  assert.equal(warned.n, 0);
  // The rule mended through the API (a new version), the same dataset runs again.
  const fix = await as(ctx.app, s.county, 'PATCH', '/api/screening/rules/housing_unsafe', { enabled: true, groups: ['exited', 'monitored', 'ordinary'], dueDays: 10, params: { worstOk: 2 } });
  assert.equal(fix.statusCode, 200, fix.body);
  assert.equal(fix.json().version, 2);
  const again = await runDataset(d.id);
  assert.equal(again.exact, 1);
  assert.equal(again.warnings, 1);
});

test('one run of a dataset at a time; a run its worker never finished gives way after 4 hours', async () => {
  const t = tpl('water');
  const d = await submitted(officer.water, 'water', '2026-03', [sampleRow(t, { name: P.head.name, id: P.head.id })]);
  const stuck = await ctx.db.insertInto('screening_runs').values({ dataset_id: d.id, area_code: d.areaCode, state: 'running', total: 1 }).returning('id').executeTakeFirstOrThrow();
  let r = await as(ctx.app, s.county, 'POST', `/api/screening/datasets/${d.id}/runs`, {});
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().code, 'SCREENING_RUN_ACTIVE');
  await sql`update screening_runs set created_at = now() - interval '5 hours' where id = ${stuck.id}`.execute(ctx.db);
  const run = await runDataset(d.id);
  assert.equal(run.exact, 1);
  const old = (await as(ctx.app, s.county, 'GET', `/api/screening/runs/${stuck.id}`)).json();
  assert.deepEqual([old.state, old.errorCode], ['failed', 'INTERRUPTED']);
  // Not a submitted dataset: a draft cannot be compared (and the county does not see it).
  const draft = await uploadOk(officer.water, 'water', '2026-04', [sampleRow(t, { name: P.head.name, id: P.head.id })]);
  r = await as(ctx.app, s.county, 'POST', `/api/screening/datasets/${draft.id}/runs`, {});
  assert.equal(r.statusCode, 404);
});
