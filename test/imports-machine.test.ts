import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as } from './helpers/app.js';
import { verifyAuditChain } from '../src/modules/audit/repo.js';
import { clerk, csv, ctx, family, settled, setupImportsFixture, uploadJob } from './helpers/imports.js';

/** The import job is the state machine's first user (src/modules/imports/job/machine.ts). */
setupImportsFixture({ tmpPrefix: 'fangpin-imports-machine-', householdPrefix: 'SMJ' });

const history = (id: number) =>
  ctx.db.selectFrom('state_transitions').selectAll().where('entity_type', '=', 'import_job').where('entity_id', '=', id).orderBy('id').execute();

test('an import’s every state change is a transition: history rows with their actors, one audit entry each, the version counting them', async () => {
  const id = await uploadJob(clerk, '状态机.csv', csv([...family(), ...family()]));
  assert.equal((await settled(clerk, id)).state, 'checked');
  const commit = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/commit`, { mode: 'all_or_nothing' });
  assert.equal(commit.statusCode, 202, commit.body);
  assert.equal((await settled(clerk, id)).state, 'done');

  const h = await history(id);
  assert.deepEqual(
    h.map((r) => [r.transition, r.from_state, r.to_state, r.actor_user_id, r.actor_role]),
    [
      ['check', 'uploaded', 'checking', null, null],
      ['checked', 'checking', 'checked', null, null],
      ['commit', 'checked', 'importing', clerk.user.id, 'village_clerk'],
      ['done', 'importing', 'done', null, null],
    ],
  );
  assert.deepEqual(h[2]!.payload, { mode: 'all_or_nothing' });
  const job = await ctx.db.selectFrom('import_jobs').select(['state', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(job, { state: 'done', version: 4 });

  const audits = await ctx.db.selectFrom('audit_log').select(['action', 'username', 'detail']).where('target_type', '=', 'import_job').where('target_id', '=', String(id)).orderBy('seq').execute();
  assert.deepEqual(audits.map((a) => [a.action, a.username]), [
    ['registry.import_check_start', 'system'],
    ['registry.import_checked', 'system'],
    ['registry.import_commit', clerk.user.username],
    ['registry.import', clerk.user.username],
    ['registry.import_done', 'system'],
  ]);
  assert.deepEqual(audits[2]!.detail, { file: '状态机.csv', mode: 'all_or_nothing' });
  // The commit request wrote its own entry: the route's audit net adds none.
  const net = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'POST /api/imports/:id/commit').where('target_id', '=', String(id)).execute();
  assert.equal(net.length, 0);
  assert.equal((await verifyAuditChain(ctx.db)).ok, true);
});

test('two commits of the same checked job at once: exactly one is accepted, the other gets 409 and writes nothing', async () => {
  const id = await uploadJob(clerk, '并发.csv', csv(family()));
  assert.equal((await settled(clerk, id)).state, 'checked');
  const [a, b] = await Promise.all([
    as(ctx.app, clerk, 'POST', `/api/imports/${id}/commit`, { mode: 'valid_only' }),
    as(ctx.app, clerk, 'POST', `/api/imports/${id}/commit`, { mode: 'valid_only' }),
  ]);
  const codes = [a.statusCode, b.statusCode].sort();
  assert.deepEqual(codes, [202, 409], `${a.body} ${b.body}`);
  const loser = a.statusCode === 409 ? a : b;
  assert.ok(['STATE_CONFLICT', 'IMPORT_STATE'].includes(loser.json().code), loser.body);
  assert.equal((await settled(clerk, id)).state, 'done');
  assert.equal((await history(id)).filter((r) => r.transition === 'commit').length, 1);
  const imported = await ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'registry.import').where('target_id', '=', String(id)).execute();
  assert.equal(imported.length, 1, 'imported once');
});

test('a refused all_or_nothing import goes back to checked through the machine, with its error', async () => {
  const bad = family();
  bad[1]![4] = '140430197204051234'; // a wrong check digit
  const id = await uploadJob(clerk, '拒绝.csv', csv(bad));
  const job = await settled(clerk, id);
  assert.equal(job.state, 'checked');
  const r = await as(ctx.app, clerk, 'POST', `/api/imports/${id}/commit`, { mode: 'all_or_nothing' });
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().code, 'IMPORT_HAS_ERRORS');
  // Refused before any step: no transition, and the refused request is in the audit log by the route's net.
  assert.deepEqual((await history(id)).map((h) => h.transition), ['check', 'checked']);
  const net = await ctx.db.selectFrom('audit_log').select(['outcome', 'detail']).where('action', '=', 'POST /api/imports/:id/commit').where('target_id', '=', String(id)).execute();
  assert.deepEqual(net.map((e) => [e.outcome, (e.detail as { code?: string }).code]), [['fail', 'IMPORT_HAS_ERRORS']]);
});
