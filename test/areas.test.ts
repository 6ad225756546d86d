import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';

const ROOT = path.resolve(import.meta.dirname, '..');

let ctx: TestContext;
let admin: { id: number; username: string };
let s: Session;
/** An administrator at province level (山西省): every import below is inside his area. */
let province: { id: number; username: string };
let ps: Session;

before(async () => {
  ctx = await buildTestContext();
  admin = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  s = await login(ctx.app, admin.username);
  province = await makeUser(ctx, { role: 'county_admin', area: '14' });
  ps = await login(ctx.app, province.username);
});
after(() => ctx.close());

const areaCount = async () => Number((await ctx.db.selectFrom('areas').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const auditCount = async (action: string) =>
  Number((await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

function cli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/fangpin.mjs'), ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: ctx.url, LOG_LEVEL: 'silent' }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

type Area = { code: string; name: string; level: number; parentCode: string | null; hasChildren: boolean };

test('the tree comes lazily, one level at a time, from the caller’s own root', async () => {
  assert.equal(await areaCount(), 240); // 山西省, 长治市, 沁县, 12 township-level units, 225 villages

  const root = (await as(ctx.app, s, 'GET', '/api/areas')).json() as Area[];
  assert.deepEqual(root, [{ code: '140430000000', name: '沁县', level: 3, parentCode: '140400000000', hasChildren: true }]);

  const townships = (await as(ctx.app, s, 'GET', '/api/areas?parent=140430000000')).json() as Area[];
  assert.equal(townships.length, 12);
  assert.ok(townships.every((t) => t.level === 4 && t.parentCode === '140430000000' && t.hasChildren));
  assert.deepEqual(townships.map((t) => t.code), [...townships.map((t) => t.code)].sort());
  assert.ok(townships.some((t) => t.code === '140430103000' && t.name === '新店镇'));

  // Short codes are accepted and mean the same node.
  const villages = (await as(ctx.app, s, 'GET', '/api/areas?parent=140430103')).json() as Area[];
  assert.equal(villages.length, 23);
  assert.ok(villages.every((v) => v.level === 5 && v.parentCode === '140430103000' && !v.hasChildren));
  assert.deepEqual((await as(ctx.app, s, 'GET', '/api/areas?parent=140430103207')).json(), []);

  const one = await as(ctx.app, s, 'GET', '/api/areas/140430103207');
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().name, '大桥沟村委会');
  assert.deepEqual(one.json().path.map((p: { name: string }) => p.name), ['山西省', '长治市', '沁县', '新店镇', '大桥沟村委会']);

  const missing = await as(ctx.app, s, 'GET', '/api/areas/140430103999');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'AREA_NOT_FOUND');
  for (const bad of ['abc', '1404301', '14043010320']) {
    const r = await as(ctx.app, s, 'GET', `/api/areas/${bad}`);
    assert.equal(r.statusCode, 400, bad);
    assert.equal(r.json().code, 'AREA_CODE_INVALID', bad);
  }
  assert.equal((await as(ctx.app, s, 'GET', '/api/areas?parent=xyz')).json().code, 'AREA_CODE_INVALID');
});

test('the public self-declaration page walks the tree without an account: names only, a bad code refused', async () => {
  const get = (url: string) => ctx.app.inject({ method: 'GET', url });
  const roots = await get('/api/areas/public');
  assert.equal(roots.statusCode, 200, roots.body);
  assert.deepEqual(roots.json(), [{ code: '140000000000', name: '山西省', level: 1, parentCode: null, hasChildren: true }]);
  const villages = (await get('/api/areas/public?parent=140430103')).json() as Area[];
  assert.equal(villages.length, 23);
  assert.ok(villages.some((v) => v.code === '140430103207' && v.name === '大桥沟村委会' && v.level === 5 && !v.hasChildren));
  assert.deepEqual(Object.keys(villages[0]!).sort(), ['code', 'hasChildren', 'level', 'name', 'parentCode']);
  assert.equal((await get('/api/areas/public?parent=xyz')).json().code, 'AREA_CODE_INVALID');
  // The signed-in tree stays closed without an account.
  assert.equal((await get('/api/areas?parent=140430103')).statusCode, 401);
});

test('search by name fragment or by code prefix', async () => {
  const search = async (q: string, limit = 100) => {
    const res = await as(ctx.app, s, 'GET', `/api/areas/search?q=${encodeURIComponent(q)}&limit=${limit}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as (Area & { pathName: string })[];
  };
  const byName = await search('大桥沟');
  assert.deepEqual(byName.map((a) => [a.code, a.name, a.pathName]), [['140430103207', '大桥沟村委会', '沁县 / 新店镇']]);
  const town = await search('新店');
  assert.deepEqual(town.map((a) => a.code), ['140430103000', '140430103201']); // 新店镇 first (higher level), then 新店村委会

  const byCode = await search('140430103');
  assert.equal(byCode.length, 24);
  assert.ok(byCode.every((a) => a.code.startsWith('140430103')));
  assert.equal(byCode[0]!.code, '140430103000');
  assert.deepEqual((await search('1404301032')).map((a) => a.code).slice(0, 3), ['140430103201', '140430103202', '140430103203']);

  assert.equal((await search('村', 5)).length, 5);
  assert.deepEqual(await search('不存在的地名'), []);
  assert.deepEqual(await search('%'), []); // a LIKE wildcard is a plain character here
  assert.deepEqual(await search('   '), []);
  assert.equal((await as(ctx.app, s, 'GET', '/api/areas/search')).json().code, 'VALIDATION_FAILED');
});

test('a province administrator imports a county of his province through the API; it is audited', async () => {
  const before = await areaCount();
  const res = await as(ctx.app, ps, 'POST', '/api/areas/import', { code: '140431' });
  assert.equal(res.statusCode, 200, res.body);
  // 沁源县: the county, 13 township-level units, 190 villages; 山西省 and 长治市 are already there.
  assert.deepEqual(res.json(), { code: '140431000000', name: '沁源县', total: 206, inserted: 204, updated: 2 });
  assert.equal(await areaCount(), before + 204);
  const children = await ctx.db.selectFrom('areas').select('code').where('parent_code', '=', '140431000000').execute();
  assert.equal(children.length, 13);

  const entry = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'areas.import').orderBy('seq', 'desc').executeTakeFirstOrThrow();
  assert.deepEqual([entry.username, entry.user_id, entry.target_id, entry.ip], [province.username, province.id, '140431000000', '127.0.0.1']);
  assert.deepEqual(entry.detail, { name: '沁源县', total: 206, inserted: 204 });

  // Only the administrator may import.
  const reviewer = await makeUser(ctx, { role: 'county_reviewer', area: '140430' });
  const rs = await login(ctx.app, reviewer.username);
  const refused = await as(ctx.app, rs, 'POST', '/api/areas/import', { code: '140429' });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'FORBIDDEN');
});

test('an administrator imports only inside his own area: another county, a wider area or another province is OUT_OF_SCOPE', async () => {
  const before = await areaCount();
  const imports = await auditCount('areas.import');
  const refuse = async (session: Session, code: string) => {
    const res = await as(ctx.app, session, 'POST', '/api/areas/import', { code });
    assert.equal(res.statusCode, 403, `${code}: ${res.body}`);
    assert.equal(res.json().code, 'OUT_OF_SCOPE', code);
  };
  // The county administrator of 沁县 (140430): the neighbouring county, his city, his province, Beijing.
  for (const code of ['140429', '140429000000', '1404', '14', '11']) await refuse(s, code);
  // Another county's administrator (沁源县, loaded above): 沁县 and all of Beijing.
  const other = await makeUser(ctx, { role: 'county_admin', area: '140431' });
  const others = await login(ctx.app, other.username);
  for (const code of ['11', '140430']) await refuse(others, code);
  // The province administrator: not another province.
  await refuse(ps, '11');
  assert.equal(await areaCount(), before);
  assert.equal(await auditCount('areas.import'), imports);
  // Inside his area the county administrator imports (a township, his county).
  const own = await as(ctx.app, s, 'POST', '/api/areas/import', { code: '140430103' });
  assert.equal(own.statusCode, 200, own.body);
  assert.equal(own.json().inserted, 0);
  const mine = await as(ctx.app, others, 'POST', '/api/areas/import', { code: '140431' });
  assert.equal(mine.statusCode, 200, mine.body);
});

test('the CLI imports a county: npx fangpin areas import <code>', async () => {
  const before = await areaCount();
  const r = await cli('areas', 'import', '140429');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /武乡县 \(140429000000\): 294 areas, 292 new, 2 updated/);
  assert.equal(await areaCount(), before + 292); // the county, 14 township-level units, 277 villages
  const entry = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'areas.import').orderBy('seq', 'desc').executeTakeFirstOrThrow();
  assert.deepEqual([entry.username, entry.target_id], ['cli', '140429000000']);

  const again = await cli('areas', 'import', '140431');
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /沁源县 \(140431000000\): 206 areas, 0 new, 206 updated/);

  const bad = await cli('areas', 'import', '999999');
  assert.equal(bad.code, 1);
  assert.match(bad.out, /AREA_CODE_UNKNOWN/);
  const usage = await cli('areas', 'import');
  assert.equal(usage.code, 2);
  assert.match(usage.out, /usage/);
});

test('an unknown code answers 400 AREA_CODE_UNKNOWN and writes nothing; a malformed one AREA_CODE_INVALID', async () => {
  const before = await areaCount();
  const imports = await auditCount('areas.import');
  // Whether a code exists is told before whether it is in the caller's area (the national data is public).
  for (const code of ['999999', '149999', '140499', '99', '140430999']) {
    const res = await as(ctx.app, s, 'POST', '/api/areas/import', { code });
    assert.equal(res.statusCode, 400, `${code}: ${res.body}`);
    assert.equal(res.json().code, 'AREA_CODE_UNKNOWN', code);
    assert.match(res.json().message, new RegExp(code));
  }
  const en = await ctx.app.inject({
    method: 'POST',
    url: '/api/areas/import',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': 'en-GB,en;q=0.9' },
    payload: { code: '999999' },
  });
  assert.equal(en.json().message, 'Area code 999999 is not in the national division data');

  for (const code of ['12345', '1404301', 'abcdef', '14 04', '14043010320']) {
    const res = await as(ctx.app, s, 'POST', '/api/areas/import', { code });
    assert.equal(res.statusCode, 400, `${code}: ${res.body}`);
    assert.equal(res.json().code, 'AREA_CODE_INVALID', code);
  }
  // A well-formed village code is not malformed: import simply works on townships and above.
  const village = await as(ctx.app, s, 'POST', '/api/areas/import', { code: '140430103207' });
  assert.equal(village.statusCode, 400);
  assert.equal(village.json().code, 'AREA_IMPORT_LEVEL');
  assert.equal((await as(ctx.app, s, 'POST', '/api/areas/import', {})).json().code, 'VALIDATION_FAILED');
  assert.equal(await areaCount(), before);
  assert.equal(await auditCount('areas.import'), imports);
  // The refusals themselves are in the audit log, as failures.
  const fails = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'POST /api/areas/import').where('outcome', '=', 'fail').execute();
  assert.ok(fails.some((f) => (f.detail as { code: string }).code === 'AREA_CODE_UNKNOWN'));
});

test('an import that fails midway leaves nothing behind', async () => {
  // 长治市 has 2,791 areas: more than one insert batch. Make the database refuse its very last village.
  await ctx.pool.query(`
    create function refuse_one_area() returns trigger language plpgsql as $$
    begin
      if new.code = '140431400498' then raise exception 'simulated failure on %', new.code; end if;
      return new;
    end $$;
    create trigger refuse_one_area before insert on areas for each row execute function refuse_one_area();`);
  try {
    const before = await ctx.db.selectFrom('areas').select(['code', 'name', 'parent_code']).orderBy('code').execute();
    const imports = await auditCount('areas.import');
    const res = await as(ctx.app, ps, 'POST', '/api/areas/import', { code: '1404' });
    assert.equal(res.statusCode, 500);
    assert.equal(res.json().code, 'INTERNAL');
    assert.doesNotMatch(res.body, /simulated|refuse_one_area|at /); // no internals leak
    const afterRows = await ctx.db.selectFrom('areas').select(['code', 'name', 'parent_code']).orderBy('code').execute();
    assert.equal(afterRows.length, before.length);
    assert.deepEqual(afterRows, before);
    assert.equal(await auditCount('areas.import'), imports);

    const viaCli = await cli('areas', 'import', '1404');
    assert.equal(viaCli.code, 1, viaCli.out);
    assert.match(viaCli.out, /simulated failure/);
    assert.equal(await areaCount(), before.length);
  } finally {
    await ctx.pool.query('drop trigger refuse_one_area on areas; drop function refuse_one_area()');
  }
  // Without the fault the same import goes through.
  const ok = await as(ctx.app, ps, 'POST', '/api/areas/import', { code: '1404' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().total, 2791);
  assert.equal(await areaCount(), 2791); // all of 长治市, 沁县 and 沁源县 included
});

test('re-importing is idempotent: inserted 0', async () => {
  const before = await areaCount();
  const res = await as(ctx.app, s, 'POST', '/api/areas/import', { code: '140430' });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { code: '140430000000', name: '沁县', total: 240, inserted: 0, updated: 240 });
  const twice = await as(ctx.app, s, 'POST', '/api/areas/import', { code: '140430000000' });
  assert.equal(twice.json().inserted, 0);
  assert.equal(await areaCount(), before);
  // A user bound to a village keeps working across re-imports (no row was deleted and re-created).
  const clerk = await makeUser(ctx, { role: 'village_clerk', area: '140430103207' });
  assert.equal((await as(ctx.app, await login(ctx.app, clerk.username), 'GET', '/api/areas')).json()[0].code, '140430103207');
});
