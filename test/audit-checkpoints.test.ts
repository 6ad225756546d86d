import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { buildTestContext, type TestContext } from './helpers/app.js';
import { loadConfig, type Config } from '../src/core/config.js';
import { storableText } from '../src/core/text.js';
import { entryHash, recordAudit, verifyAuditChain } from '../src/modules/audit/repo.js';
import { checkpointLine, checkpointSource, startAuditCheckpoints, verifyAuditLog, writeCheckpoint, type CheckpointSource } from '../src/modules/audit/checkpoints.js';

const ROOT = path.resolve(import.meta.dirname, '..');
let ctx: TestContext;
let dir: string;
let config: Config;
let src: CheckpointSource & { key: Buffer };

before(async () => {
  ctx = await buildTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-audit-cp-'));
  config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const s = checkpointSource(config, { create: true });
  src = { ...s, key: s.key! };
  for (let i = 0; i < 12; i++) await recordAudit(ctx.db, { action: 'test.entry', targetType: 'thing', targetId: i, detail: { i } });
});
after(async () => {
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rows = () => ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

/** What someone with direct database access might do: switch the guard off, change rows, switch it on again. */
async function tamper(statements: string): Promise<void> {
  await ctx.pool.query(`begin; alter table audit_log disable trigger audit_log_no_update; ${statements}; alter table audit_log enable trigger audit_log_no_update; commit;`);
}
const lit = (v: unknown) => (v === null || v === undefined ? 'null' : `'${String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/'/g, "''")}'`);

/** Puts `saved` rows back as they were (updating those present, inserting those deleted). */
async function restore(saved: Awaited<ReturnType<typeof rows>>) {
  await tamper(`delete from audit_log`);
  for (const r of saved) await ctx.db.insertInto('audit_log').values({ ...r, detail: r.detail === null ? null : JSON.stringify(r.detail) }).execute();
  assert.equal((await verifyAuditLog(ctx.db, src)).ok, true);
}

function cliVerify(): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/fangpin.mjs'), 'audit', 'verify'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: ctx.url, DATA_DIR: dir, LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

test('odd strings (NUL, lone surrogates, huge, controls) are stored as they are hashed: the chain still verifies', async () => {
  const odd = ['\u0000', 'a\u0000b', '\ud800', '\udc00', 'x\udbffy', '\udc00\ud800', '\ud83d', '😀', 'e\u0301', '\u2028\u2029', '\uffff\ufeff', '\t\r\n"\\', 'x'.repeat(70_000)];
  const first = (await rows()).length + 1;
  for (const s of odd) {
    await recordAudit(ctx.db, { username: s, ip: s, action: `odd ${s}`, targetType: s, targetId: s, detail: { [s]: s, list: [s, { [s]: [s] }] } });
  }
  const stored = (await rows()).filter((r) => r.seq >= first);
  assert.equal(stored.length, odd.length);
  for (const [i, r] of stored.entries()) {
    assert.equal(r.username, storableText(odd[i]!), `stored as its storable text: ${JSON.stringify(odd[i]!.slice(0, 10))}`);
    assert.ok(!r.username!.includes('\u0000'));
  }
  // A sign-in with a lone surrogate for a name: refused (400), recorded by the audit net, and the chain holds.
  const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '\ud800', password: 'x' } });
  assert.equal(login.statusCode, 400, login.body);
  const r = await verifyAuditChain(ctx.db);
  assert.deepEqual(r.problems, []);
  assert.equal(r.ok, true);
});

test('intact: every checkpoint holds; entries after the last one are reported as unanchored, not as a problem', async () => {
  assert.ok(await writeCheckpoint(ctx.db, src));
  const all = await rows();
  let r = await verifyAuditLog(ctx.db, src);
  assert.equal(r.ok, true, JSON.stringify(r.problems));
  assert.deepEqual(r.anchors, { checked: 1, lastAnchoredSeq: all.length, unanchored: 0 });
  // Nothing new: no second checkpoint.
  assert.equal(await writeCheckpoint(ctx.db, src, { seq: all.length, hash: all.at(-1)!.hash }), null);

  await recordAudit(ctx.db, { action: 'test.after' });
  await recordAudit(ctx.db, { action: 'test.after' });
  r = await verifyAuditLog(ctx.db, src);
  assert.equal(r.ok, true);
  assert.deepEqual(r.anchors, { checked: 1, lastAnchoredSeq: all.length, unanchored: 2 });
  const cli = await cliVerify();
  assert.equal(cli.code, 0, cli.out);
  assert.match(cli.out, /intact/);
  assert.match(cli.out, /2 newer entries consistent but not yet anchored/);
  await writeCheckpoint(ctx.db, src);
});

test('the newest entries deleted: the chain alone still holds, the checkpoint reports the truncation', async () => {
  const saved = await rows();
  const last = saved.at(-1)!.seq;
  await tamper(`delete from audit_log where seq > ${last - 3}`);
  assert.equal((await verifyAuditChain(ctx.db)).ok, true, 'a shorter chain is still a chain');
  const r = await verifyAuditLog(ctx.db, src);
  assert.equal(r.ok, false);
  // The two checkpoints so far (of the previous test) anchored entries now gone.
  assert.deepEqual(r.problems.map((p) => [p.seq, p.kind]), [[last - 2, 'truncated'], [last, 'truncated']]);
  assert.match(r.problems[0]!.reason, new RegExp(`ends at entry ${last - 3}`));
  const cli = await cliVerify();
  assert.equal(cli.code, 1, cli.out);
  assert.match(cli.out, /BROKEN/);
  assert.match(cli.out, new RegExp(`entry ${last} \\[truncated\\]`));
  await restore(saved);
});

test('an entry forged and every later hash recomputed: the chain alone holds, the checkpoint reports the rewrite', async () => {
  const saved = await rows();
  const victim = saved[5]!;
  const forged = { ...victim, detail: { i: 999, note: 'forged' } };
  let prev = saved[4]!.hash;
  const updates: string[] = [];
  for (const r of [forged, ...saved.slice(6)]) {
    const hash = entryHash(prev, { ...r, seq: r.seq });
    updates.push(`update audit_log set detail = ${lit(r.detail)}::jsonb, prev_hash = '${prev}', hash = '${hash}' where seq = ${r.seq}`);
    prev = hash;
  }
  await tamper(updates.join(';\n'));
  assert.equal((await verifyAuditChain(ctx.db)).ok, true, 'a re-hashed chain is consistent');
  const r = await verifyAuditLog(ctx.db, src);
  assert.equal(r.ok, false);
  // Both checkpoints so far anchor entries after the forged one: each reports the rewrite.
  assert.ok(r.problems.length >= 1);
  for (const p of r.problems) assert.equal(p.kind, 'rewritten');
  assert.equal(r.problems.at(-1)!.seq, saved.at(-1)!.seq);
  const cli = await cliVerify();
  assert.equal(cli.code, 1, cli.out);
  assert.match(cli.out, /\[rewritten\]/);
  await restore(saved);
});

test('a forged or malformed checkpoint is reported; so is every break, not only the first', async () => {
  const saved = await rows();
  const original = fs.readFileSync(src.file, 'utf8');
  const newest = saved.at(-1)!;
  // A checkpoint signed with another key (someone without the key trying to bless a rewritten log).
  fs.appendFileSync(src.file, checkpointLine(crypto.randomBytes(32), newest.seq, 'f'.repeat(64)));
  fs.appendFileSync(src.file, 'not a checkpoint\n');
  // Two entries altered, one deleted: three breaks.
  await tamper(`update audit_log set detail = '{"i":-1}' where seq = 3; update audit_log set detail = '{"i":-2}' where seq = 8; delete from audit_log where seq = 10`);
  const r = await verifyAuditLog(ctx.db, src);
  assert.equal(r.ok, false);
  const kinds = r.problems.map((p) => `${p.seq} ${p.kind}`);
  assert.ok(kinds.includes('3 altered'), kinds.join(', '));
  assert.ok(kinds.includes('8 altered'), kinds.join(', '));
  assert.ok(kinds.includes('10 missing'), kinds.join(', '));
  assert.ok(kinds.includes(`${newest.seq} checkpoint_forged`), kinds.join(', '));
  assert.ok(kinds.includes('0 checkpoint_malformed'), kinds.join(', '));
  const cli = await cliVerify();
  assert.equal(cli.code, 1);
  for (const line of ['entry 3 [altered]', 'entry 8 [altered]', 'entry 10 [missing]', '[checkpoint_forged]']) assert.ok(cli.out.includes(line), `${line} in ${cli.out}`);
  fs.writeFileSync(src.file, original);
  await restore(saved);

  // Without the key the checkpoints cannot be trusted: said so, not taken on faith.
  const r2 = await verifyAuditLog(ctx.db, { file: src.file, key: undefined });
  assert.equal(r2.ok, false);
  assert.ok(r2.problems.every((p) => p.kind === 'checkpoint_unverifiable'));
});

test('the server writes a checkpoint at start, while entries come in, and at shutdown; never the same one twice', async () => {
  const file = path.join(dir, 'server-checkpoints.log');
  const own = { file, key: src.key };
  const errors: unknown[] = [];
  let cp = startAuditCheckpoints(ctx.db, own, 60, (_m, err) => errors.push(err));
  await cp.stop();
  assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 1, 'one at start; nothing new at shutdown');
  await recordAudit(ctx.db, { action: 'test.server' });
  cp = startAuditCheckpoints(ctx.db, own, 60, (_m, err) => errors.push(err));
  const lineCount = () => fs.readFileSync(file, 'utf8').trim().split('\n').length;
  for (let i = 0; i < 100 && lineCount() < 2; i++) await new Promise((res) => setTimeout(res, 20));
  assert.equal(lineCount(), 2, 'the new entry anchored at start');
  await recordAudit(ctx.db, { action: 'test.server' });
  await cp.stop();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, 3);
  const newest = (await rows()).at(-1)!;
  assert.ok(lines.at(-1)!.startsWith(`${newest.seq} ${newest.hash} `));
  assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');
  assert.deepEqual(errors, []);
  const r = await verifyAuditLog(ctx.db, own);
  assert.equal(r.ok, true);
  assert.deepEqual(r.anchors, { checked: 3, lastAnchoredSeq: newest.seq, unanchored: 0 });
});
