import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope, inScope, type Scope } from '../../core/scope.js';
import { AppError } from './errors.js';
import { addDays, DEFAULT_LIMITS, DUE_SOON_DAYS } from './rules.js';
import './tables.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The code prefix of an area filter (province, city, county, township or village; short or padded to 12 digits). */
function areaPrefix(code: string): string {
  const c = code.padEnd(12, '0');
  for (const len of [2, 4, 6, 9]) if (/^0*$/.test(c.slice(len))) return c.slice(0, len);
  return c;
}

/** Microcredit's SQL: every read inside the caller's scope (the loans' village codes). */

export async function limitsOf(db: Db, countyCode: string): Promise<{ countyCode: string; maxAmount: number; maxTermMonths: number; custom: boolean }> {
  const row = await db.selectFrom('microcredit_settings').selectAll().where('county_code', '=', countyCode).executeTakeFirst();
  return row
    ? { countyCode, maxAmount: Number(row.max_amount), maxTermMonths: row.max_term_months, custom: true }
    : { countyCode, ...DEFAULT_LIMITS, custom: false };
}

export async function saveLimits(db: Db, countyCode: string, maxAmount: number, maxTermMonths: number, userId: number): Promise<void> {
  await db
    .insertInto('microcredit_settings')
    .values({ county_code: countyCode, max_amount: maxAmount, max_term_months: maxTermMonths, updated_by: userId })
    .onConflict((oc) => oc.column('county_code').doUpdateSet({ max_amount: maxAmount, max_term_months: maxTermMonths, updated_by: userId, updated_at: sql`now()` }))
    .execute();
}

/** The household and borrower facts the loan rules need. */
export async function borrowerFacts(db: Db, householdId: number, memberId: number) {
  const household = await db
    .selectFrom('households as hh')
    .select([
      'hh.id', 'hh.village_code', 'hh.category', 'hh.household_no',
      sql<boolean>`exists (select 1 from monitoring_records r where r.household_id = hh.id and r.ended_on is null)`.as('monitored'),
    ])
    .where('hh.id', '=', householdId)
    .executeTakeFirst();
  const member = await db.selectFrom('members').select(['id', 'household_id', 'status', 'birth_date', 'name']).where('id', '=', memberId).executeTakeFirst();
  return { household, member };
}

export interface LoanInsert {
  householdId: number;
  memberId: number;
  villageCode: string;
  bank: string;
  amount: number;
  termMonths: number;
  rate: number;
  subsidized: boolean;
  subsidyRate: number | null;
  purpose: string;
  issuedOn: string;
  dueOn: string;
}

export async function insertLoan(db: Db, l: LoanInsert, userId: number): Promise<number> {
  const row = await db
    .insertInto('microcredit_loans')
    .values({
      household_id: l.householdId, member_id: l.memberId, village_code: l.villageCode, bank: l.bank, amount: l.amount, term_months: l.termMonths,
      rate: l.rate, subsidized: l.subsidized, subsidy_rate: l.subsidyRate, purpose: l.purpose, issued_on: l.issuedOn,
      original_due_on: l.dueOn, due_on: l.dueOn, created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function loanQuery(db: Db) {
  return db
    .selectFrom('microcredit_loans as l')
    .innerJoin('households as hh', 'hh.id', 'l.household_id')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .leftJoin('areas as v', 'v.code', 'l.village_code')
    .leftJoin('areas as t', (j) => j.on('t.code', '=', sql<string>`left(l.village_code, 9) || '000'`))
    .select([
      'l.id', 'l.household_id', 'l.member_id', 'l.village_code', 'v.name as village_name', 't.name as township_name', 'hh.household_no',
      'm.name as borrower_name', 'm.id_masked as borrower_id_masked', 'l.bank', 'l.amount', 'l.term_months', 'l.rate', 'l.subsidized',
      'l.subsidy_rate', 'l.purpose', 'l.issued_on', 'l.original_due_on', 'l.due_on', 'l.principal_repaid', 'l.interest_paid', 'l.version',
    ]);
}
export type LoanRow = Awaited<ReturnType<ReturnType<typeof loanQuery>['executeTakeFirstOrThrow']>>;

export type LoanFilter = { areaCode?: string | undefined; status?: 'overdue' | 'due_soon' | 'active' | 'repaid' | 'warning' | undefined; q?: string | undefined };

export async function listLoans(db: Db, scope: Scope, f: LoanFilter & { page: number; pageSize: number }, today: string) {
  let q = loanQuery(db).where(inScope('l.village_code', scope));
  if (f.areaCode) q = q.where('l.village_code', 'like', `${areaPrefix(f.areaCode)}%`);
  const open = sql<boolean>`l.principal_repaid < l.amount`;
  const soon = addDays(today, DUE_SOON_DAYS);
  if (f.status === 'repaid') q = q.where(sql<boolean>`l.principal_repaid >= l.amount`);
  if (f.status === 'overdue') q = q.where(open).where('l.due_on', '<', today);
  if (f.status === 'due_soon') q = q.where(open).where('l.due_on', '>=', today).where('l.due_on', '<=', soon);
  if (f.status === 'warning') q = q.where(open).where('l.due_on', '<=', soon);
  if (f.status === 'active') q = q.where(open).where('l.due_on', '>', soon);
  if (f.q) {
    const like = `${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('m.name', 'like', like), eb('hh.household_no', 'like', like.toUpperCase())]));
  }
  const { total } = await db.selectFrom(q.as('x')).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const items = await q.orderBy('l.due_on').orderBy('l.id').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { items, total };
}

export async function getLoan(db: Db, scope: Scope, id: number, lock = false): Promise<LoanRow> {
  if (lock) await db.selectFrom('microcredit_loans').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await loanQuery(db).where('l.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('MC_LOAN_NOT_FOUND');
  assertInScope(row.village_code, scope);
  return row;
}

export async function repaymentsOf(db: Db, loanId: number) {
  return db.selectFrom('microcredit_repayments').select(['id', 'paid_on', 'principal', 'interest', 'created_at']).where('loan_id', '=', loanId).orderBy('paid_on').orderBy('id').execute();
}

export async function extensionOf(db: Db, loanId: number) {
  return db.selectFrom('microcredit_extensions').select(['id', 'old_due_on', 'new_due_on', 'reason', 'created_at']).where('loan_id', '=', loanId).executeTakeFirst();
}

export async function insertRepayment(db: Db, loanId: number, version: number, r: { paidOn: string; principal: number; interest: number }, userId: number): Promise<number> {
  const row = await db
    .insertInto('microcredit_repayments')
    .values({ loan_id: loanId, paid_on: r.paidOn, principal: r.principal, interest: r.interest, created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const moved = await db
    .updateTable('microcredit_loans')
    .set({
      principal_repaid: sql`principal_repaid + ${r.principal}`,
      interest_paid: sql`interest_paid + ${r.interest}`,
      version: sql`version + 1`,
    })
    .where('id', '=', loanId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new AppError('MC_VERSION_CONFLICT');
  return row.id;
}

export async function insertExtension(db: Db, loanId: number, version: number, e: { oldDueOn: string; newDueOn: string; reason: string }, userId: number): Promise<void> {
  await db.insertInto('microcredit_extensions').values({ loan_id: loanId, old_due_on: e.oldDueOn, new_due_on: e.newDueOn, reason: e.reason, created_by: userId }).execute();
  const moved = await db
    .updateTable('microcredit_loans')
    .set({ due_on: e.newDueOn, version: sql`version + 1` })
    .where('id', '=', loanId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new AppError('MC_VERSION_CONFLICT');
}

/** Active members of a village's households, for the loan form's borrower picker, with the household's facts. */
export async function borrowerCandidates(db: Db, villageCode: string, q: string | undefined) {
  let query = db
    .selectFrom('members as m')
    .innerJoin('households as hh', 'hh.id', 'm.household_id')
    .select([
      'm.id as member_id', 'm.household_id', 'm.name', 'm.id_masked', 'm.birth_date', 'hh.household_no', 'hh.category',
      sql<boolean>`exists (select 1 from monitoring_records r where r.household_id = hh.id and r.ended_on is null)`.as('monitored'),
    ])
    .where('m.village_code', '=', villageCode)
    .where('m.status', '=', 'active');
  if (q) {
    const like = `${q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('m.name', 'like', like), eb('m.name_initials', 'like', like.toUpperCase()), eb('hh.household_no', 'like', like.toUpperCase())]));
  }
  return query.orderBy('hh.household_no').orderBy('m.id').limit(50).execute();
}

/** The report's figures grouped by the first `groupLen` digits of the village code. */
export async function reportFigures(db: Db, scope: Scope, groupLen: number, today: string) {
  const grp = sql<string>`left(l.village_code, ${sql.lit(groupLen)})`;
  const bal = sql`(l.amount - l.principal_repaid)`;
  const soon = addDays(today, DUE_SOON_DAYS);
  return db
    .selectFrom('microcredit_loans as l')
    .select([
      grp.as('area'),
      sql<number>`count(*)::int`.as('loans'),
      sql<number>`(count(*) filter (where ${bal} > 0))::int`.as('open_loans'),
      sql<string>`sum(l.amount)::text`.as('issued'),
      sql<string>`sum(${bal})::text`.as('balance'),
      sql<number>`(count(*) filter (where ${bal} > 0 and l.due_on < ${today}))::int`.as('overdue'),
      sql<string>`coalesce(sum(${bal}) filter (where ${bal} > 0 and l.due_on < ${today}), 0)::text`.as('overdue_amount'),
      sql<number>`(count(*) filter (where ${bal} > 0 and l.due_on >= ${today} and l.due_on <= ${soon}))::int`.as('due_soon'),
    ])
    .where(inScope('l.village_code', scope))
    .groupBy(grp)
    .orderBy(grp)
    .execute();
}

export async function isVillage(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('areas').select('code').where('code', '=', code).where('level', '=', 5).executeTakeFirst());
}

export async function areaNamesOf(db: Db, codes: string[]) {
  if (!codes.length) return new Map<string, string>();
  const rows = await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
