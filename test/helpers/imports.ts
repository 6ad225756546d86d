import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, testCipher, type Session, type TestContext } from './app.js';
import { makeId } from './people.js';
import type { ImportDeps } from '../../src/modules/imports/job/record.js';
import { importsIdle } from '../../src/modules/imports/job/worker.js';
import type { Actor } from '../../src/server/context.js';

/**
 * The fixture of the import tests (test/imports*.test.ts): an app with its own DATA_DIR, a clerk of VILLAGE, a clerk
 * of another village, a county admin, and the clerk as an Actor for the service functions.
 *
 * A test file calls setupImportsFixture() once, at its top level: it registers the before()/after() hooks that fill
 * and clear the bindings below. They are live ES module bindings — an importing file sees the values set by before().
 * node --test runs each test file in its own process, so each file has its own fixture.
 */
export const VILLAGE = '140430103207'; // 大桥沟村委会, 新店镇

export let ctx: TestContext;
export let deps: ImportDeps;
export let dataDir: string;
export let clerk: Session;
export let otherClerk: Session;
export let county: Session;
/** The first village under town 140430101: outside the clerk's scope. */
export let otherVillage: { code: string; name: string };
export let clerkActor: Actor;

/** The test file's prefix of the household numbers hno() makes. */
let householdPrefix = 'IMP';

/** tmpPrefix: of the temporary DATA_DIR; householdPrefix: of the household numbers hno() makes. */
export function setupImportsFixture(opts: { tmpPrefix: string; householdPrefix: string }): void {
  householdPrefix = opts.householdPrefix;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix));
    ctx = await buildTestContext({ DATA_DIR: dataDir });
    deps = { db: ctx.db, cipher: testCipher, config: ctx.config };
    otherVillage = await ctx.db.selectFrom('areas').select(['code', 'name']).where('level', '=', 5).where('code', 'like', '140430101%').orderBy('code').limit(1).executeTakeFirstOrThrow();
    const c = await makeUser(ctx, { role: 'village_clerk', area: VILLAGE });
    clerk = await login(ctx.app, c.username);
    otherClerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: otherVillage.code })).username);
    county = await login(ctx.app, (await makeUser(ctx, { role: 'county_admin', area: '140430' })).username);
    clerkActor = {
      user: { id: c.id, username: c.username, displayName: c.username, role: 'village_clerk', areaCode: VILLAGE, areaLevel: 5, areaName: '大桥沟村委会', department: null, mustChangePassword: false },
      ip: '127.0.0.1',
    } as Actor;
  });
  after(async () => {
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

export const HEADER = ['户编号', '乡镇', '村', '姓名', '身份证号码', '与户主关系', '性别', '户类型', '脱贫年度', '工资性收入', '转移性收入', '生产经营性支出', '健康状况', '联系电话', '家庭住址'];

let hhSeq = 0;
/** A household number not used before in this process. */
export function hno(): string {
  return `${householdPrefix}${process.pid % 1000}${Date.now().toString(36).toUpperCase()}${++hhSeq}`;
}

/** One family: head + spouse (+ child), as rows of HEADER. */
export function family(opts: { no?: string; village?: string; township?: string; head?: string; size?: number; address?: string } = {}) {
  const no = opts.no ?? hno();
  const village = opts.village ?? '大桥沟村';
  const township = opts.township ?? '新店镇';
  const rows = [
    [no, township, village, '张建国', opts.head ?? makeId({ gender: 'M', birth: '19700301' }), '户主', '男', '脱贫户', '2019', '24000', '3000', '1000', '健康', '13912345678', opts.address ?? '大桥沟村1号'],
    [no, township, village, '李秀英', makeId({ gender: 'F', birth: '19720405' }), '配偶', '女', '脱贫户', '2019', '24000', '3000', '1000', '长期慢性病', '13912345678', opts.address ?? '大桥沟村1号'],
  ];
  if ((opts.size ?? 2) > 2) rows.push([no, township, village, '张小明', makeId({ gender: 'M', birth: '20080115' }), '之子', '男', '', '', '', '', '', '健康', '', '']);
  return rows;
}

export function csv(rows: string[][], opts: { bom?: boolean; title?: string } = {}): string {
  const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [...(opts.title ? [opts.title] : []), HEADER.join(','), ...rows.map((r) => r.map(esc).join(','))];
  return (opts.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

/** POST /api/imports as `s` with one file (multipart); the response as it is. */
export async function upload(s: Session, name: string, content: Buffer | string, query = '') {
  const boundary = '----fangpin' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/imports${query}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

/** An upload that must be accepted (202): the id of its job. */
export async function uploadJob(s: Session, name: string, content: Buffer | string): Promise<number> {
  const r = await upload(s, name, content);
  assert.equal(r.statusCode, 202, r.body);
  return r.json().id as number;
}

/** The job as `s` sees it once the background work is done. */
export async function settled(s: Session, id: number) {
  await importsIdle(deps);
  const r = await as(ctx.app, s, 'GET', `/api/imports/${id}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

export async function count(table: 'households' | 'members' | 'household_history') {
  const r = await ctx.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}
