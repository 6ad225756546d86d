import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from '../server/context.js';
import { LEVEL_LABELS, ROLE_LABELS, type AreaLevel, type Role } from '../shared/roles.js';
import { can, type Permission } from './permissions.js';
import { recordAudit } from '../modules/audit/repo.js';
import { AppError } from './errors.js';
import { assertInScope } from './scope.js';

/**
 * Records that move through steps (状态流转): an import job today; the monitoring chain's identification and
 * risk-elimination cases next (visit → data comparison → village appraisal → public notice → township review → county
 * approval, each step able to go back with a reason). A machine names the states and the transitions between them;
 * applyTransition takes one transition on one record:
 *   1. who: the system, or a person of an allowed role (or permission), inside the record's area (the scope helper),
 *      at the area level the step belongs to (a village clerk of the household's village, a township reviewer of its
 *      township …);
 *   2. when: the record's state is one the transition leaves from, and its guard finds no reason to refuse;
 *   3. then, in one transaction: the record's state and version change only if nobody changed them since it was read
 *      (optimistic lock: of two people acting at once exactly one wins, the other gets STATE_CONFLICT), a row of
 *      state_transitions records the step, and an audit entry goes to the audit chain.
 * The record's table has `id`, `state` and `version` columns.
 */

export interface Label {
  zh: string;
  en: string;
}

/** Why a guard refuses a transition: a stable code and words for the user. */
export interface Refusal {
  code: string;
  zh: string;
  en: string;
}

/** The columns applyTransition reads and writes; a machine's records have more (their area, their data). */
export interface StatefulRecord<S extends string> {
  id: number;
  state: S;
  version: number;
}

export interface TransitionContext<R, P> {
  record: R;
  /** null: the system (background work, the command line). */
  actor: Actor | null;
  payload: P | undefined;
  reason: string | null;
}

export interface Transition<S extends string, R, P> {
  label: Label;
  from: readonly S[];
  to: S;
  /** The people who may take it; absent: nobody (a step of the system's own). */
  people?: {
    /** Absent: any role (with `permission`, if given). */
    roles?: readonly Role[];
    permission?: Permission;
    /** The level the person's area must be at (within the record's area is always required); absent: any level. */
    level?: AreaLevel;
  };
  /** The system may take it. */
  system?: boolean;
  /** A reason must be given (a return to the previous step, a rejection). */
  reasonRequired?: boolean;
  /** Reasons to refuse, from the record as read (empty: allowed). */
  guard?: (ctx: TransitionContext<R, P>) => Refusal[];
  /** Other columns the transition sets in the same update (values or sql`…` expressions). */
  set?: (ctx: TransitionContext<R, P>) => Record<string, unknown>;
  /** The audit entry: its action (default `<entity>.<transition>`) and detail (default from, to, reason, payload). */
  audit?: { action?: string; detail?: (ctx: TransitionContext<R, P>) => unknown };
}

export interface Machine<S extends string, T extends string, R extends StatefulRecord<S>, P = undefined> {
  /** The entity type in state_transitions and the audit log's target type, e.g. 'import_job'. */
  entity: string;
  label: Label;
  /** The records' table. */
  table: string;
  states: Record<S, Label>;
  transitions: Record<T, Transition<S, R, P>>;
  /** The record's area code (12 digits): a person acts on it only from that area or one above it. */
  areaOf: (record: R) => string;
  /** A module's own errors, where its API answered with them before it used the machine (default: the generic ones). */
  errors?: {
    /** The record's state is not one the transition leaves from. */
    state?: (record: R, transition: T) => AppError;
    /** The guard's refusals (or a missing reason). */
    refused?: (refusals: Refusal[], record: R, transition: T) => AppError;
    /** Someone else changed the record first; `now` is its state after that (undefined: it is gone). */
    conflict?: (now: StatefulRecord<S> | undefined, record: R, transition: T) => AppError;
  };
}

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Takes `transition` on `record` (as read, with its version) for `actor`. Pass the caller's transaction to commit the
 * step with other writes; otherwise it runs in a transaction of its own. Returns the record in its new state.
 */
export async function applyTransition<S extends string, T extends string, R extends StatefulRecord<S>, P>(
  db: Db,
  machine: Machine<S, T, R, P>,
  record: R,
  transition: T,
  actor: Actor | null,
  input: { payload?: P; reason?: string | null; at?: Date } = {},
): Promise<R> {
  const t = machine.transitions[transition];
  const ctx: TransitionContext<R, P> = { record, actor, payload: input.payload, reason: input.reason?.trim() || null };
  assertActorMay(machine, t, ctx);
  if (!t.from.includes(record.state)) throw machine.errors?.state?.(record, transition) ?? stateError(machine, record.state, t);
  const refusals = refusalsOf(t, ctx);
  if (refusals.length) throw machine.errors?.refused?.(refusals, record, transition) ?? refusedError(t, refusals);
  if (!db.isTransaction) return db.transaction().execute((trx) => write(trx, machine, transition, ctx, input.at));
  return write(db, machine, transition, ctx, input.at);
}

/**
 * Whether the record's state and the transition's guard allow it now, whoever asks (the UI's question: show the
 * button?). applyTransition asks the same, and who the actor is.
 */
export function allows<S extends string, T extends string, R extends StatefulRecord<S>, P>(machine: Machine<S, T, R, P>, record: R, transition: T): boolean {
  const t = machine.transitions[transition];
  return t.from.includes(record.state) && !refusalsOf(t, { record, actor: null, payload: undefined, reason: null }).some((r) => r.code !== 'REASON_REQUIRED');
}

/**
 * Whether this person may take the transition on the record now: role, area, level, state and guard (as `allows`).
 * The screens show only these buttons; applyTransition checks again when the step is taken.
 */
export function permits<S extends string, T extends string, R extends StatefulRecord<S>, P>(machine: Machine<S, T, R, P>, record: R, transition: T, actor: Actor): boolean {
  try {
    assertActorMay(machine, machine.transitions[transition], { record, actor, payload: undefined, reason: null });
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
  return allows(machine, record, transition);
}

function assertActorMay<S extends string, T extends string, R extends StatefulRecord<S>, P>(
  machine: Machine<S, T, R, P>,
  t: Transition<S, R, P>,
  { record, actor }: TransitionContext<R, P>,
): void {
  if (!actor) {
    if (!t.system) throw new AppError('TRANSITION_ROLE', { roleZh: '系统', roleEn: 'the system', stepZh: t.label.zh, stepEn: t.label.en });
    return;
  }
  const people = t.people;
  const role = actor.user.role;
  if (!people || (people.roles && !people.roles.includes(role)) || (people.permission && !can(role, people.permission))) {
    throw new AppError('TRANSITION_ROLE', { roleZh: ROLE_LABELS[role].zh, roleEn: ROLE_LABELS[role].en, stepZh: t.label.zh, stepEn: t.label.en });
  }
  assertInScope(machine.areaOf(record), actor.user);
  if (people.level && actor.user.areaLevel !== people.level) {
    const level = LEVEL_LABELS[people.level];
    throw new AppError('TRANSITION_LEVEL', { stepZh: t.label.zh, stepEn: t.label.en, levelZh: level.zh, levelEn: level.en });
  }
}

function refusalsOf<S extends string, R, P>(t: Transition<S, R, P>, ctx: TransitionContext<R, P>): Refusal[] {
  const out: Refusal[] = [];
  if (t.reasonRequired && !ctx.reason) out.push({ code: 'REASON_REQUIRED', zh: '须填写理由', en: 'a reason is required' });
  return out.concat(t.guard?.(ctx) ?? []);
}

function stateError<S extends string, T extends string, R extends StatefulRecord<S>, P>(
  machine: Machine<S, T, R, P>,
  state: S,
  t: Transition<S, R, P>,
): AppError {
  const s = machine.states[state];
  return new AppError('TRANSITION_NOT_ALLOWED', { entityZh: machine.label.zh, entityEn: machine.label.en, stateZh: s.zh, stateEn: s.en, stepZh: t.label.zh, stepEn: t.label.en });
}

function refusedError<S extends string, R, P>(t: Transition<S, R, P>, refusals: Refusal[]): AppError {
  return new AppError(
    'TRANSITION_REFUSED',
    { stepZh: t.label.zh, stepEn: t.label.en, reasonsZh: refusals.map((r) => r.zh).join('；'), reasonsEn: refusals.map((r) => r.en).join('; ') },
    { refusals },
  );
}

/** The locked update, the history row and the audit entry, in the caller's transaction. */
async function write<S extends string, T extends string, R extends StatefulRecord<S>, P>(
  trx: Transaction<DB> | Kysely<DB>,
  machine: Machine<S, T, R, P>,
  transition: T,
  ctx: TransitionContext<R, P>,
  at?: Date,
): Promise<R> {
  const t = machine.transitions[transition];
  const { record, actor } = ctx;
  const set = Object.entries(t.set?.(ctx) ?? {}).map(([column, value]) => sql`, ${sql.ref(column)} = ${value}`);
  const updated = await sql<{ version: number }>`
    update ${sql.table(machine.table)} set state = ${t.to}, version = version + 1${sql.join(set, sql``)}
    where id = ${record.id} and state = ${record.state} and version = ${record.version}
    returning version`.execute(trx);
  const version = updated.rows[0]?.version;
  if (version === undefined) {
    const now = await sql<StatefulRecord<S>>`select id, state, version from ${sql.table(machine.table)} where id = ${record.id}`.execute(trx);
    throw machine.errors?.conflict?.(now.rows[0], record, transition) ?? conflictError(machine, now.rows[0]);
  }
  await trx
    .insertInto('state_transitions')
    .values({
      entity_type: machine.entity,
      entity_id: record.id,
      transition,
      from_state: record.state,
      to_state: t.to,
      actor_user_id: actor?.user.id ?? null,
      actor_role: actor?.user.role ?? null,
      actor_area_code: actor?.user.areaCode ?? null,
      reason: ctx.reason,
      payload: ctx.payload === undefined ? null : JSON.stringify(ctx.payload),
      // The business time (core/clock.ts) when the caller gives it: the time a step took counts on it.
      ...(at ? { at } : {}),
    })
    .execute();
  await recordAudit(trx, {
    ...(actor ? { userId: actor.user.id, username: actor.user.username, areaCode: actor.user.areaCode, ip: actor.ip } : { username: 'system' }),
    action: t.audit?.action ?? `${machine.entity}.${transition}`,
    targetType: machine.entity,
    targetId: record.id,
    detail: t.audit?.detail
      ? t.audit.detail(ctx)
      : { from: record.state, to: t.to, ...(ctx.reason ? { reason: ctx.reason } : {}), ...(ctx.payload === undefined ? {} : { payload: ctx.payload }) },
  });
  return { ...record, state: t.to, version };
}

function conflictError<S extends string, T extends string, R extends StatefulRecord<S>, P>(
  machine: Machine<S, T, R, P>,
  now: StatefulRecord<S> | undefined,
): AppError {
  const s = now ? machine.states[now.state] : { zh: '已删除', en: 'deleted' };
  return new AppError('STATE_CONFLICT', { entityZh: machine.label.zh, entityEn: machine.label.en, stateZh: s.zh, stateEn: s.en });
}
