import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Scope } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import type { ModuleJob } from '../../server/module.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import type { ScreeningDeps } from './datasets.js';
import { AppError } from './errors.js';
import {
  clearRunResults, datasetFor, insertCandidates, insertMatches, insertRun, matchCounts, matchExact, matchRemembered, membersBornOn, rejectedPairs,
  runById, updateRun, unmatchedRows, type CandidateMember,
} from './repo.js';
import { idTypo, nameSimilarity } from './similarity.js';
import { raiseWarnings } from './warnings.js';

/**
 * 比对: one dataset against the registry of its area, as a background job (pg-boss queue "screening-match", in
 * process without a worker: tests). Steps: exact matches through the blind index (one statement), pairs confirmed in
 * earlier runs, then fuzzy candidates for the rest — members of the area born the same day, scored by name (pinyin
 * homophones, one wrong or missing character, traditional forms), gender and village, and a one-digit ID typo. A
 * candidate at or above the review threshold goes to the review queue; a row is linked automatically only when it has
 * no usable ID number and exactly one candidate scores at least the auto-link threshold. Then the rules raise warnings.
 *
 * Cost at 1M × 1M: the exact step is one hash join on the blind index (members_idx_idx); the fuzzy step reads the
 * members born on the batch's days through members_birth_idx (≈ 27 a day per million members: ~27k rows per batch of
 * 1,000 rows) and scores in memory — linear in the unmatched rows, never a cross product.
 */
export const SCREENING_QUEUE = 'screening-match';
const BATCH = 1000;
const MAX_CANDIDATES = 5;

export async function startRun(deps: ScreeningDeps, actor: Actor, datasetId: number, opts: { reviewThreshold?: number; autoThreshold?: number }) {
  const review = opts.reviewThreshold ?? 0.7;
  const auto = opts.autoThreshold ?? 0.98;
  if (!(review >= 0 && review <= 1 && auto >= review && auto <= 1)) throw new AppError('SCREENING_THRESHOLDS');
  const d = await datasetFor(deps.db, actor.user, datasetId);
  if (d.state !== 'submitted') throw new AppError('SCREENING_DATASET_NOT_SUBMITTED');
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertRun(trx, d.id, d.area_code, actor.user.id, d.row_count - d.error_rows);
    await trx.updateTable('screening_runs').set({ review_threshold: review, auto_threshold: auto }).where('id', '=', id).execute();
    await recordAudit(trx, { ...auditActor(actor), action: 'screening.run_start', targetType: 'screening_run', targetId: id, detail: { before: null, after: { datasetId, review, auto } } });
    return id;
  });
  await dispatchRun(deps, id);
  return id;
}

/** Runs one matching job from scratch; a failure clears what it wrote and marks the run failed (it can be run again). */
export async function runMatch(deps: ScreeningDeps, runId: number): Promise<void> {
  const { db, cipher } = deps;
  const run = await runById(db, runId);
  const d = await db.selectFrom('screening_datasets').select(['id', 'area_code', 'area_level']).where('id', '=', run.dataset_id).executeTakeFirstOrThrow();
  const area: Scope = { areaCode: d.area_code, areaLevel: d.area_level };
  const review = Number(run.review_threshold);
  const auto = Number(run.auto_threshold);
  try {
    await clearRunResults(db, runId);
    await updateRun(db, runId, { state: 'running', step: 'exact', done: 0 });
    await matchExact(db, runId, d.id, area);
    await matchRemembered(db, runId, d.id, d.area_code);
    await updateRun(db, runId, { step: 'fuzzy', done: Object.values(await matchCounts(db, runId)).reduce((a, b) => a + b, 0) });
    let after = 0;
    for (;;) {
      const rows = await unmatchedRows(db, runId, d.id, after, BATCH);
      if (!rows.length) break;
      after = rows[rows.length - 1]!.id;
      const dates = [...new Set(rows.map((r) => r.birth_date).filter((x): x is string => !!x))];
      const byDate = new Map<string, CandidateMember[]>();
      for (const m of await membersBornOn(db, area, dates)) {
        const list = byDate.get(m.birth_date) ?? [];
        list.push(m);
        byDate.set(m.birth_date, list);
      }
      const rejected = await rejectedPairs(db, d.area_code, rows.map((r) => r.pair_key).filter((x): x is string => !!x));
      const matches: Parameters<typeof insertMatches>[1] = [];
      const cands: Parameters<typeof insertCandidates>[1] = [];
      for (const r of rows) {
        if (!r.birth_date || !r.name) {
          matches.push({ run_id: runId, row_id: r.id, status: 'unmatched', member_id: null, household_id: null, score: null, reason: 'no_id_no_birth' });
          continue;
        }
        const rowId = r.id_enc && !r.id_idx ? cipher.decrypt(r.id_enc) : null;
        const scored: { m: CandidateMember; score: number; basis: string }[] = [];
        for (const m of byDate.get(r.birth_date) ?? []) {
          if (r.pair_key && rejected.has(`${r.pair_key}:${m.id}`)) continue;
          const sim = nameSimilarity(r.name, m.name);
          if (!sim) continue;
          let score = sim.score;
          const basis: string[] = [sim.basis];
          if (r.gender && r.gender !== m.gender) {
            score -= 0.3;
            basis.push('gender_differs');
          }
          if (r.village_code && r.village_code === m.village_code) score += 0.02;
          if (rowId && idTypo(rowId, cipher.decrypt(m.id_enc))) {
            score += 0.05;
            basis.push('id_typo');
          }
          score = Math.max(0, Math.min(1, Math.round(score * 1000) / 1000));
          if (score >= review) scored.push({ m, score, basis: basis.join('+') });
        }
        scored.sort((a, b) => b.score - a.score || a.m.id - b.m.id);
        const best = scored[0];
        if (!best) {
          matches.push({ run_id: runId, row_id: r.id, status: 'unmatched', member_id: null, household_id: null, score: null, reason: r.id_idx ? 'id_not_in_registry' : 'not_in_registry' });
        } else if (!r.id_idx && best.score >= auto && scored.length === 1) {
          matches.push({ run_id: runId, row_id: r.id, status: 'auto', member_id: best.m.id, household_id: best.m.household_id, score: best.score, reason: null });
        } else {
          matches.push({ run_id: runId, row_id: r.id, status: 'candidate', member_id: null, household_id: null, score: best.score, reason: null });
          for (const c of scored.slice(0, MAX_CANDIDATES)) cands.push({ run_id: runId, row_id: r.id, member_id: c.m.id, score: c.score, basis: c.basis });
        }
      }
      await insertMatches(db, matches);
      await insertCandidates(db, cands);
      const run2 = await runById(db, runId);
      await updateRun(db, runId, { done: Math.min(run2.total, run2.done + rows.length) });
    }
    await updateRun(db, runId, { step: 'rules' });
    const c = await matchCounts(db, runId);
    await updateRun(db, runId, {
      exact: c.exact ?? 0,
      remembered: (c.remembered ?? 0) + (c.auto ?? 0) + (c.confirmed ?? 0),
      candidates: c.candidate ?? 0,
      unmatched: c.unmatched ?? 0,
    });
    const raised = await raiseWarnings(deps, runId);
    await updateRun(db, runId, { state: 'done', step: null, done: run.total, warnings: raised, finished: true });
  } catch (err) {
    await clearRunResults(db, runId).catch(() => {});
    await updateRun(db, runId, { state: 'failed', step: null, error_code: err instanceof AppError ? err.code : 'INTERNAL', finished: true }).catch(() => {});
    throw err;
  }
}

// ---------------------------------------------------------------- the queue

const dispatchers = new WeakMap<object, (runId: number) => Promise<void>>();
const chains = new WeakMap<object, Promise<void>>();

async function dispatchRun(deps: ScreeningDeps, runId: number): Promise<void> {
  const d = dispatchers.get(deps.db);
  if (d) return d(runId);
  const prev = chains.get(deps.db) ?? Promise.resolve();
  chains.set(deps.db, prev.then(() => runMatch(deps, runId).catch(() => {})));
}

/** Resolves when the in-process runs queued so far have finished (tests). */
export function screeningIdle(deps: { db: object }): Promise<void> {
  return chains.get(deps.db) ?? Promise.resolve();
}

/** The server's worker of the matching queue (pg-boss on the background pool; one run at a time per process). */
export const screeningWorker: ModuleJob = {
  name: 'match-worker',
  async start(ctx) {
    const work: ScreeningDeps = { db: ctx.jobDb, config: ctx.config, cipher: ctx.cipher };
    const boss = new PgBoss({
      db: { executeSql: async (text: string, values: unknown[]) => ({ rows: (await ctx.jobDb.executeQuery(CompiledQuery.raw(text, values ?? []))).rows as unknown[] }) },
      schema: 'pgboss', supervise: true, schedule: false,
    });
    boss.on('error', (err) => ctx.log.warn({ err }, 'pg-boss error (screening)'));
    await boss.start();
    if (!(await boss.getQueue(SCREENING_QUEUE))) {
      await boss.createQueue(SCREENING_QUEUE, { name: SCREENING_QUEUE, retryLimit: 0, expireInHours: 4 }).catch(async (err) => {
        if (!(await boss.getQueue(SCREENING_QUEUE))) throw err;
      });
    }
    await boss.work<{ runId: number }>(SCREENING_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
      if (job) await runMatch(work, job.data.runId).catch((err: unknown) => ctx.log.error({ err }, `screening run ${job.data.runId} failed`));
    });
    dispatchers.set(ctx.db, async (runId) => {
      await boss.send(SCREENING_QUEUE, { runId }, { retryLimit: 0, expireInHours: 4 });
    });
    return {
      async stop() {
        dispatchers.delete(ctx.db);
        await boss.stop({ graceful: true, timeout: 30_000, wait: true });
      },
    };
  },
};
