import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { verifyAuditChain } from '../src/modules/audit/repo.js';
import { householdNo, makeId } from './helpers/people.js';

const ROOT = path.resolve(import.meta.dirname, '..');

let ctx: TestContext;
let admin: { id: number; username: string };
let adminSession: Session;

before(async () => {
  ctx = await buildTestContext();
  await importAreas(ctx.db, null, '140431');
  admin = await makeUser(ctx, { role: 'county_admin', area: '140430' });
  adminSession = await login(ctx.app, admin.username);
});
after(() => ctx.close());

const entries = () => ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
const lastEntry = async () => (await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow());

/** `npx fangpin audit verify` on the test database, as a child process. */
function cliVerify(): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/fangpin.mjs'), 'audit', 'verify'],
      // No checkpoints for this database (audit-checkpoints.test.ts has them): not the ones under ./data.
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: ctx.url, LOG_LEVEL: 'silent', AUDIT_CHECKPOINT_FILE: path.join(os.tmpdir(), `fp-no-checkpoints-${process.pid}.log`) }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

/** What someone with direct database access might do: switch the guard off, change a row, switch it on again. */
async function tamper(statement: string): Promise<void> {
  await ctx.pool.query(
    `begin;
     alter table audit_log disable trigger audit_log_no_update;
     ${statement};
     alter table audit_log enable trigger audit_log_no_update;
     commit;`,
  );
}

test('state-changing requests, including failed ones, write entries with user, IP, action and target', async () => {
  const created = await as(ctx.app, adminSession, 'POST', '/api/users', { username: 'audited_one', displayName: '审计对象', role: 'helper', areaCode: '140430103207' });
  assert.equal(created.statusCode, 200, created.body);
  const id = created.json().user.id as number;
  let e = await lastEntry();
  assert.equal(e.action, 'users.create');
  assert.equal(e.user_id, admin.id);
  assert.equal(e.username, admin.username);
  assert.equal(e.ip, '127.0.0.1');
  assert.equal(e.area_code, '140430000000');
  assert.equal(e.target_type, 'user');
  assert.equal(e.target_id, String(id));
  assert.equal(e.outcome, 'ok');
  assert.ok((e.detail as { after: unknown }).after);

  // A 400: the body fails validation. The entry is there by the time the answer arrives.
  const bad = await as(ctx.app, adminSession, 'POST', '/api/users', { username: 'bad name!', displayName: '', role: 'helper', areaCode: '140430' });
  assert.equal(bad.statusCode, 400);
  e = await lastEntry();
  assert.equal(e.action, 'POST /api/users');
  assert.equal(e.outcome, 'fail');
  assert.equal(e.user_id, admin.id);
  assert.equal(e.username, admin.username);
  assert.equal(e.ip, '127.0.0.1');
  assert.equal(e.target_type, 'user');
  assert.equal(e.target_id, 'bad name!');
  assert.deepEqual(e.detail, { status: 400, code: 'VALIDATION_FAILED' });

  // A domain refusal (duplicate name): the domain entry rolled back with the change; the net records the failure.
  await as(ctx.app, adminSession, 'POST', '/api/users', { username: 'audited_one', displayName: 'x', role: 'helper', areaCode: '140430' });
  e = await lastEntry();
  assert.deepEqual([e.action, e.outcome, e.target_id, e.detail], ['POST /api/users', 'fail', 'audited_one', { status: 409, code: 'USERNAME_TAKEN' }]);

  // Out of scope: the target is the user named in the URL.
  const other = await makeUser(ctx, { role: 'helper', area: '140431100201' });
  await as(ctx.app, adminSession, 'PATCH', `/api/users/${other.id}`, { status: 'disabled' });
  e = await lastEntry();
  assert.deepEqual([e.action, e.outcome, e.target_type, e.target_id, e.username], ['PATCH /api/users/:id', 'fail', 'user', String(other.id), admin.username]);
  assert.deepEqual(e.detail, { status: 403, code: 'OUT_OF_SCOPE' });

  // An update carries before and after.
  await as(ctx.app, adminSession, 'PATCH', `/api/users/${id}`, { phone: '0355-1234567' });
  e = await lastEntry();
  assert.equal(e.action, 'users.update');
  const detail = e.detail as { before: { phone: unknown }; after: { phone: unknown } };
  assert.equal(detail.before.phone, null);
  assert.equal(detail.after.phone, '0355-1234567');

  // Anonymous and forged requests are recorded too.
  await ctx.app.inject({ method: 'POST', url: '/api/users', payload: {} });
  e = await lastEntry();
  assert.deepEqual([e.action, e.outcome, e.user_id, e.ip], ['POST /api/users', 'fail', null, '127.0.0.1']);
  assert.deepEqual(e.detail, { status: 401, code: 'AUTH_REQUIRED' });
  await ctx.app.inject({ method: 'POST', url: `/api/users/${id}/reset-password`, headers: { cookie: adminSession.cookie } });
  e = await lastEntry();
  assert.deepEqual([e.action, e.username, e.target_id], ['POST /api/users/:id/reset-password', admin.username, String(id)]);
  assert.deepEqual(e.detail, { status: 403, code: 'CSRF_INVALID' });

  // Sign-in and sign-out.
  const helper = await makeUser(ctx, { role: 'helper', area: '140430103207' });
  const hs = await login(ctx.app, helper.username);
  e = await lastEntry();
  assert.deepEqual([e.action, e.outcome, e.username, e.area_code], ['auth.login', 'ok', helper.username, '140430103207']);
  await as(ctx.app, hs, 'POST', '/api/auth/logout');
  e = await lastEntry();
  assert.deepEqual([e.action, e.user_id], ['auth.logout', helper.id]);

  // Reading does not write.
  const count = (await entries()).length;
  await as(ctx.app, adminSession, 'GET', '/api/users');
  await as(ctx.app, adminSession, 'GET', '/api/areas');
  assert.equal((await entries()).length, count);
});

test('the database refuses UPDATE, DELETE and TRUNCATE on the audit log', async () => {
  const n = (await entries()).length;
  assert.ok(n > 3);
  await assert.rejects(sql`update audit_log set detail = '{"x":1}' where seq = 2`.execute(ctx.db), /append-only.*UPDATE/);
  await assert.rejects(sql`update audit_log set username = 'someone'`.execute(ctx.db), /append-only/);
  await assert.rejects(sql`delete from audit_log where seq = 2`.execute(ctx.db), /append-only.*DELETE/);
  await assert.rejects(sql`delete from audit_log`.execute(ctx.db), /append-only/);
  await assert.rejects(sql`truncate audit_log`.execute(ctx.db), /append-only.*TRUNCATE/);
  await assert.rejects(ctx.db.deleteFrom('audit_log').where('seq', '>', 0).execute(), (err: { code?: string }) => err.code === '42501');
  assert.equal((await entries()).length, n);
  assert.equal((await verifyAuditChain(ctx.db)).ok, true);
});

test('verify holds on an intact chain, and the CLI says so with exit code 0', async () => {
  const r = await verifyAuditChain(ctx.db);
  const n = (await entries()).length;
  assert.deepEqual(r, { ok: true, checked: n, lastSeq: n, problems: [] });
  const cli = await cliVerify();
  assert.equal(cli.code, 0, cli.out);
  assert.match(cli.out, new RegExp(`${n} entries verified`));
});

test('a row altered directly in the database is caught, at exactly its seq, by verify and the CLI', async () => {
  const all = await entries();
  const target = all.find((e) => e.action === 'users.create' && e.seq > 1 && e.seq < all.length)!;
  assert.ok(target, 'a users.create entry in the middle of the chain');
  const original = target.detail;

  // Cover-up: the created user "was" a mere helper... make the record say county_admin.
  await tamper(`update audit_log set detail = jsonb_set(detail, '{after,role}', '"county_admin"') where seq = ${target.seq}`);
  const r = await verifyAuditChain(ctx.db);
  assert.equal(r.ok, false);
  assert.equal(r.broken!.seq, target.seq);
  assert.match(r.broken!.reason, /altered/);
  // Every entry is read, and the one altered is the only problem: the next entry still links to its stored hash.
  assert.equal(r.checked, all.length);
  assert.deepEqual(r.problems.map((p) => [p.seq, p.kind]), [[target.seq, 'altered']]);
  const cli = await cliVerify();
  assert.equal(cli.code, 1, cli.out);
  assert.match(cli.out, new RegExp(`entry ${target.seq}\\b`));
  assert.match(cli.out, /BROKEN/);

  // Putting the content back restores the chain: the hash is over the content.
  await tamper(`update audit_log set detail = '${JSON.stringify(original)}'::jsonb where seq = ${target.seq}`);
  assert.equal((await verifyAuditChain(ctx.db)).ok, true);

  // Other columns are covered too: who, from where, when.
  for (const change of [`username = 'nobody'`, `ip = '10.0.0.1'`, `ts = ts + interval '1 second'`, `outcome = 'fail'`, `target_id = '999'`]) {
    const before = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', target.seq).executeTakeFirstOrThrow();
    await tamper(`update audit_log set ${change} where seq = ${target.seq}`);
    assert.equal((await verifyAuditChain(ctx.db)).broken?.seq, target.seq, change);
    await tamper(
      `update audit_log set username = ${before.username === null ? 'null' : `'${before.username}'`}, ip = ${before.ip === null ? 'null' : `'${before.ip}'`},
        ts = '${before.ts.toISOString()}', outcome = '${before.outcome}', target_id = ${before.target_id === null ? 'null' : `'${before.target_id}'`}
       where seq = ${target.seq}`,
    );
    assert.equal((await verifyAuditChain(ctx.db)).ok, true, `restored after ${change}`);
  }

  // Re-hashing the altered row does not help: the next entry's prev_hash no longer matches.
  await tamper(`update audit_log set hash = repeat('a', 64) where seq = ${target.seq}`);
  const rehashed = await verifyAuditChain(ctx.db);
  assert.equal(rehashed.broken!.seq, target.seq);
  assert.deepEqual(rehashed.problems.map((p) => [p.seq, p.kind]), [[target.seq, 'altered'], [target.seq + 1, 'link']]);
  await tamper(`update audit_log set hash = '${target.hash}' where seq = ${target.seq}`);
  assert.equal((await verifyAuditChain(ctx.db)).ok, true);
  assert.equal((await cliVerify()).code, 0);
});

test('a deleted middle row is caught', async () => {
  const all = await entries();
  const victim = all[Math.floor(all.length / 2)]!;
  await tamper(`delete from audit_log where seq = ${victim.seq}`);
  const r = await verifyAuditChain(ctx.db);
  assert.equal(r.ok, false);
  assert.equal(r.broken!.seq, victim.seq);
  assert.match(r.broken!.reason, /missing/);
  const cli = await cliVerify();
  assert.equal(cli.code, 1);
  assert.match(cli.out, new RegExp(`entry ${victim.seq}\\b`));

  // Appending is allowed: putting the very same row back makes the chain whole again.
  await ctx.db.insertInto('audit_log').values({ ...victim, detail: victim.detail === null ? null : JSON.stringify(victim.detail) }).execute();
  assert.equal((await verifyAuditChain(ctx.db)).ok, true);
  assert.equal((await cliVerify()).code, 0);
});

test('the auditor browses the audit log with filters, and sees only the entries of his subtree', async () => {
  const auditor = await makeUser(ctx, { role: 'auditor', area: '140430' });
  const townAuditor = await makeUser(ctx, { role: 'auditor', area: '140430103' });
  const clerk = await makeUser(ctx, { role: 'village_clerk', area: '140430103207' });
  const otherTownClerk = await makeUser(ctx, { role: 'village_clerk', area: '140430100001' });
  const foreign = await makeUser(ctx, { role: 'village_clerk', area: '140431100201' });
  await login(ctx.app, clerk.username);
  await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: clerk.username, password: 'Wrong-Password-1' } });
  await login(ctx.app, otherTownClerk.username);
  await login(ctx.app, foreign.username);
  await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: foreign.username, password: 'Wrong-Password-1' } });

  const s = await login(ctx.app, auditor.username);
  type Entry = { seq: number; username: string | null; areaCode: string | null; action: string; outcome: string; ts: string; ip: string | null };
  const browse = async (session: Session, query: string) => {
    const res = await as(ctx.app, session, 'GET', `/api/audit?pageSize=200${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { items: Entry[]; total: number };
  };

  const all = await browse(s, '');
  assert.ok(all.items.length > 10);
  assert.equal(all.total, all.items.length);
  assert.ok(all.items.every((e) => e.areaCode === null || e.areaCode.startsWith('140430')), 'only 沁县 (and area-less system entries)');
  assert.ok(!all.items.some((e) => e.username === foreign.username), 'nothing of 沁源县');
  assert.ok(all.items.some((e) => e.username === otherTownClerk.username));
  assert.deepEqual(all.items.map((e) => e.seq), [...all.items.map((e) => e.seq)].sort((a, b) => b - a), 'newest first');
  const first = all.items[0]!;
  assert.ok(first.ts && first.action && 'ip' in first);

  const byUser = await browse(s, `&username=${clerk.username}`);
  assert.deepEqual(byUser.items.map((e) => [e.action, e.outcome]), [['auth.login', 'fail'], ['auth.login', 'ok']]);
  const fails = await browse(s, `&username=${clerk.username}&outcome=fail`);
  assert.equal(fails.total, 1);
  const creates = await browse(s, '&action=users.');
  assert.ok(creates.items.length >= 2);
  assert.ok(creates.items.every((e) => e.action.startsWith('users.')));
  const failed = await browse(s, '&outcome=fail');
  assert.ok(failed.items.length >= 3);
  assert.ok(failed.items.every((e) => e.outcome === 'fail'));
  assert.deepEqual((await browse(s, `&username=${foreign.username}`)).items, []);
  const paged = await as(ctx.app, s, 'GET', '/api/audit?pageSize=3&page=2');
  assert.equal(paged.json().items.length, 3);
  assert.equal(paged.json().total, all.total);
  assert.deepEqual(paged.json().items.map((e: Entry) => e.seq), all.items.slice(3, 6).map((e) => e.seq));
  const bad = await as(ctx.app, s, 'GET', '/api/audit?outcome=maybe');
  assert.equal(bad.json().code, 'VALIDATION_FAILED');

  // A township-level auditor sees his township only: not the county office, not the other township.
  const ts = await login(ctx.app, townAuditor.username);
  const town = await browse(ts, '');
  assert.ok(town.items.length >= 2);
  assert.ok(town.items.every((e) => e.areaCode?.startsWith('140430103')), JSON.stringify(town.items.map((e) => e.areaCode)));
  assert.ok(town.items.some((e) => e.username === clerk.username));
  assert.deepEqual((await browse(ts, `&username=${admin.username}`)).items, []);

  // The auditor may verify the chain; nobody else may read the log.
  const v = await as(ctx.app, s, 'GET', '/api/audit/verify');
  assert.equal(v.json().ok, true);
  for (const session of [adminSession, await login(ctx.app, clerk.username)]) {
    const r = await as(ctx.app, session, 'GET', '/api/audit');
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().code, 'FORBIDDEN');
    assert.equal((await as(ctx.app, session, 'GET', '/api/audit/verify')).json().code, 'FORBIDDEN');
  }
});

test('the action catalogue in words; a filter by a list of actions; objects in words within the auditor\'s area', async () => {
  const auditor = await login(ctx.app, (await makeUser(ctx, { role: 'auditor', area: '140430' })).username);
  const foreignAuditor = await login(ctx.app, (await makeUser(ctx, { role: 'auditor', area: '140431' })).username);
  const clerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: '140430103207' })).username);

  // Every module's actions, labelled in both languages; the audit net's request keys too.
  const cat = await as(ctx.app, auditor, 'GET', '/api/audit/actions');
  assert.equal(cat.statusCode, 200, cat.body);
  const labels = new Map((cat.json() as { action: string; zh: string; en: string }[]).map((a) => [a.action, a]));
  assert.equal(labels.get('registry.household_create')?.zh, '新建户');
  assert.equal(labels.get('POST /api/imports/:id/commit')?.zh, '导入提交');
  for (const a of ['auth.login', 'users.create', 'registry.export_full', 'registry.import_done', 'areas.import']) assert.ok(labels.get(a)?.en, a);
  assert.equal((await as(ctx.app, clerk, 'GET', '/api/audit/actions')).statusCode, 403);

  // Every action the code records is in the catalogue (a new one without a label fails here).
  const recorded = await ctx.db.selectFrom('audit_log').select('action').distinct().execute();
  const created = await as(ctx.app, clerk, 'POST', '/api/households', {
    householdNo: householdNo(), villageCode: '140430103207', category: 'ordinary',
    members: [{ idNumber: makeId({ gender: 'M' }), name: '审计户', relation: 'head' }],
  });
  assert.equal(created.statusCode, 200, created.body);
  const h = created.json() as { id: number; householdNo: string; members: { id: number }[] };
  const upd = await as(ctx.app, clerk, 'PATCH', `/api/households/${h.id}/members/${h.members[0]!.id}`, { name: '审计户主' });
  assert.equal(upd.statusCode, 200, upd.body);
  for (const r of recorded) assert.ok(labels.has(r.action) || r.action.startsWith('GET '), `no label for ${r.action}`);

  // A list of actions, exactly (not a prefix).
  type Entry = { action: string; targetType: string | null; targetId: string | null; target: { label: string; householdId: number | null } | null };
  const list = async (s: Session, qs: string) => {
    const r = await as(ctx.app, s, 'GET', `/api/audit?pageSize=200&${qs}`);
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { items: Entry[] }).items;
  };
  const both = await list(auditor, `actions=${encodeURIComponent('registry.household_create,registry.member_update')}`);
  assert.deepEqual([...new Set(both.map((e) => e.action))].sort(), ['registry.household_create', 'registry.member_update']);
  assert.deepEqual(await list(auditor, 'actions=registry.household'), []);

  // Objects in words: the household by its number and head, the member by name and household, with the household to link.
  const hh = both.find((e) => e.action === 'registry.household_create' && e.targetId === String(h.id))!;
  assert.deepEqual(hh.target, { label: `${h.householdNo} 审计户主`, householdId: h.id });
  const mem = both.find((e) => e.action === 'registry.member_update' && e.targetId === String(h.members[0]!.id))!;
  assert.deepEqual(mem.target, { label: `审计户主 · ${h.householdNo}`, householdId: h.id });
  const users = await list(auditor, 'actions=users.create');
  assert.ok(users.some((e) => e.target?.label.includes('(')), 'a user by name');
  // Another county's auditor sees no entry of it, and could not resolve it anyway.
  assert.deepEqual((await list(foreignAuditor, 'actions=registry.household_create')).filter((e) => e.targetId === String(h.id)), []);
});
