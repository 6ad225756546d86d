import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope, inScope, type Scope } from '../../core/scope.js';
import { AppError } from './errors.js';
import './tables.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The code prefix of an area filter (province, city, county, township or village; short or padded to 12 digits). */
function areaPrefix(code: string): string {
  const c = code.padEnd(12, '0');
  for (const len of [2, 4, 6, 9]) if (/^0*$/.test(c.slice(len))) return c.slice(0, len);
  return c;
}

/** The public-welfare posts' SQL: every read inside the caller's scope (the rows' village codes). */

export interface PostRow {
  id: number;
  village_code: string;
  village_name: string | null;
  township_name: string | null;
  post_type: string;
  name: string;
  monthly_subsidy: string;
  places: number;
  starts_on: string;
  ends_on: string | null;
  version: number;
  on_post: number;
}

function postQuery(db: Db) {
  return db
    .selectFrom('welfare_posts as p')
    .leftJoin('areas as v', 'v.code', 'p.village_code')
    .leftJoin('areas as t', (j) => j.on('t.code', '=', sql<string>`left(p.village_code, 9) || '000'`))
    .select([
      'p.id', 'p.village_code', 'v.name as village_name', 't.name as township_name', 'p.post_type', 'p.name', 'p.monthly_subsidy',
      'p.places', 'p.starts_on', 'p.ends_on', 'p.version',
      sql<number>`(select count(*)::int from welfare_post_hires h where h.post_id = p.id and h.exited_on is null)`.as('on_post'),
    ]);
}

export async function listPosts(db: Db, scope: Scope, f: { areaCode?: string | undefined; postType?: string | undefined; page: number; pageSize: number }) {
  let q = postQuery(db).where(inScope('p.village_code', scope));
  if (f.areaCode) q = q.where('p.village_code', 'like', `${areaPrefix(f.areaCode)}%`);
  if (f.postType) q = q.where('p.post_type', '=', f.postType);
  const { total } = await db
    .selectFrom(q.as('x'))
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  const items = await q.orderBy('p.village_code').orderBy('p.id').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { items: items as PostRow[], total };
}

/** A post of the caller's area, or WP_POST_NOT_FOUND / OUT_OF_SCOPE; `lock` holds it until the transaction ends. */
export async function getPost(db: Db, scope: Scope, id: number, lock = false): Promise<PostRow> {
  if (lock) await db.selectFrom('welfare_posts').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await postQuery(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('WP_POST_NOT_FOUND');
  assertInScope(row.village_code, scope);
  return row as PostRow;
}

export async function isVillage(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('areas').select('code').where('code', '=', code).where('level', '=', 5).executeTakeFirst());
}

export async function insertPost(
  db: Db,
  p: { villageCode: string; postType: string; name: string; monthlySubsidy: number; places: number; startsOn: string; endsOn: string | null },
  userId: number,
): Promise<number> {
  const row = await db
    .insertInto('welfare_posts')
    .values({
      village_code: p.villageCode, post_type: p.postType, name: p.name, monthly_subsidy: p.monthlySubsidy, places: p.places,
      starts_on: p.startsOn, ends_on: p.endsOn, created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface HireRow {
  id: number;
  post_id: number;
  member_id: number;
  household_id: number;
  village_code: string;
  person_idx: string;
  name: string;
  id_masked: string;
  gender: string;
  labour_capacity: string | null;
  household_no: string;
  hired_on: string;
  exited_on: string | null;
  exit_reason: string | null;
}

function hireQuery(db: Db) {
  return db
    .selectFrom('welfare_post_hires as h')
    .innerJoin('members as m', 'm.id', 'h.member_id')
    .innerJoin('households as hh', 'hh.id', 'h.household_id')
    .select([
      'h.id', 'h.post_id', 'h.member_id', 'h.household_id', 'h.village_code', 'h.person_idx', 'm.name', 'm.id_masked', 'm.gender',
      'm.labour_capacity', 'hh.household_no', 'h.hired_on', 'h.exited_on', 'h.exit_reason',
    ]);
}

export async function hiresOfPost(db: Db, postId: number): Promise<HireRow[]> {
  return (await hireQuery(db).where('h.post_id', '=', postId).orderBy(sql`h.exited_on is null`, 'desc').orderBy('h.hired_on').orderBy('h.id').execute()) as HireRow[];
}

export async function getHire(db: Db, scope: Scope, id: number, lock = false): Promise<HireRow> {
  if (lock) await db.selectFrom('welfare_post_hires').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await hireQuery(db).where('h.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('WP_HIRE_NOT_FOUND');
  assertInScope(row.village_code, scope);
  return row as HireRow;
}

/** What the hiring rules need of a member: status, labour, the household's category and whether it is monitored now. */
export async function memberFacts(db: Db, memberId: number) {
  return db
    .selectFrom('members as m')
    .innerJoin('households as hh', 'hh.id', 'm.household_id')
    .select([
      'm.id', 'm.household_id', 'm.village_code', 'm.id_idx', 'm.name', 'm.status', 'm.labour_capacity', 'hh.category',
      sql<boolean>`exists (select 1 from monitoring_records r where r.household_id = hh.id and r.ended_on is null)`.as('monitored'),
    ])
    .where('m.id', '=', memberId)
    .executeTakeFirst();
}

/** The post a person holds now, if any. */
export async function activeHireOfPerson(db: Db, personIdx: string) {
  return db
    .selectFrom('welfare_post_hires as h')
    .innerJoin('welfare_posts as p', 'p.id', 'h.post_id')
    .select(['h.id', 'p.name as post_name'])
    .where('h.person_idx', '=', personIdx)
    .where('h.exited_on', 'is', null)
    .executeTakeFirst();
}

export async function insertHire(
  db: Db,
  h: { postId: number; memberId: number; householdId: number; personIdx: string; villageCode: string; hiredOn: string },
  userId: number,
): Promise<number> {
  const row = await db
    .insertInto('welfare_post_hires')
    .values({
      post_id: h.postId, member_id: h.memberId, household_id: h.householdId, person_idx: h.personIdx, village_code: h.villageCode,
      hired_on: h.hiredOn, created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markExited(db: Db, id: number, exitedOn: string, reason: string, userId: number): Promise<void> {
  await db.updateTable('welfare_post_hires').set({ exited_on: exitedOn, exit_reason: reason, exited_by: userId }).where('id', '=', id).where('exited_on', 'is', null).execute();
}

/** The people on a post during a month (hired by its last day, not exited before its first), with their pay. */
export async function paySheet(db: Db, postId: number, first: string, last: string, month: string) {
  return hireQuery(db)
    .leftJoin('welfare_post_pay as pay', (j) => j.onRef('pay.hire_id', '=', 'h.id').on('pay.month', '=', month))
    .select(['pay.id as pay_id', 'pay.amount', 'pay.over_reason'])
    .where('h.post_id', '=', postId)
    .where('h.hired_on', '<=', last)
    .where((eb) => eb.or([eb('h.exited_on', 'is', null), eb('h.exited_on', '>=', first)]))
    .orderBy('h.hired_on')
    .orderBy('h.id')
    .execute();
}

/** The name of the person of a hire of a post (a refusal names him). */
export async function hireName(db: Db, hireId: number, postId: number) {
  return db
    .selectFrom('welfare_post_hires as h')
    .innerJoin('members as m', 'm.id', 'h.member_id')
    .select('m.name')
    .where('h.id', '=', hireId)
    .where('h.post_id', '=', postId)
    .executeTakeFirst();
}

export async function payOf(db: Db, hireId: number, month: string) {
  return db.selectFrom('welfare_post_pay').select(['id', 'amount', 'over_reason']).where('hire_id', '=', hireId).where('month', '=', month).executeTakeFirst();
}

export async function insertPay(
  db: Db,
  p: { hireId: number; postId: number; villageCode: string; month: string; amount: number; reason: string | null },
  userId: number,
): Promise<number> {
  const row = await db
    .insertInto('welfare_post_pay')
    .values({ hire_id: p.hireId, post_id: p.postId, village_code: p.villageCode, month: p.month, amount: p.amount, over_reason: p.reason, created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Members of a village for the hire dialog: name or initials search, with the facts the rules need and any post held. */
export async function candidates(db: Db, villageCode: string, q: string | undefined) {
  let query = db
    .selectFrom('members as m')
    .innerJoin('households as hh', 'hh.id', 'm.household_id')
    .select([
      'm.id', 'm.name', 'm.id_masked', 'm.gender', 'm.birth_date', 'm.labour_capacity', 'm.status', 'hh.household_no', 'hh.category',
      sql<boolean>`exists (select 1 from monitoring_records r where r.household_id = hh.id and r.ended_on is null)`.as('monitored'),
      sql<string | null>`(select p.name from welfare_post_hires h join welfare_posts p on p.id = h.post_id where h.person_idx = m.id_idx and h.exited_on is null limit 1)`.as('post_name'),
    ])
    .where('m.village_code', '=', villageCode)
    .where('m.status', '=', 'active');
  if (q) {
    const like = `${q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('m.name', 'like', like), eb('m.name_initials', 'like', like.toUpperCase()), eb('hh.household_no', 'like', like.toUpperCase())]));
  }
  return query.orderBy('hh.household_no').orderBy('m.id').limit(50).execute();
}

export interface ReportCell {
  area: string;
  month: string;
  people: number;
  pay: string;
}

/**
 * The report's figures, grouped by the first `groupLen` digits of the village code: posts and places set during the
 * months, people on post now, and per month the people on post and the pay recorded.
 */
export async function reportFigures(db: Db, scope: Scope, groupLen: number, from: string, to: string) {
  const first = `${from}-01`;
  const lastDay = sql<string>`(date_trunc('month', ${`${to}-01`}::date) + interval '1 month - 1 day')::date`;
  const grp = sql<string>`left(p.village_code, ${sql.lit(groupLen)})`;
  const posts = await db
    .selectFrom('welfare_posts as p')
    .select([
      grp.as('area'),
      sql<number>`count(*)::int`.as('posts'),
      sql<number>`sum(p.places)::int`.as('places'),
      sql<number>`coalesce(sum((select count(*) from welfare_post_hires h where h.post_id = p.id and h.exited_on is null)), 0)::int`.as('on_post'),
    ])
    .where(inScope('p.village_code', scope))
    .where('p.starts_on', '<=', lastDay)
    .where((eb) => eb.or([eb('p.ends_on', 'is', null), eb('p.ends_on', '>=', first)]))
    .groupBy(grp)
    .execute();
  const monthly = await sql<ReportCell>`
    with months as (
      select to_char(m, 'YYYY-MM') as month, m::date as first, (m + interval '1 month - 1 day')::date as last
      from generate_series(${first}::date, ${`${to}-01`}::date, interval '1 month') m
    )
    select left(h.village_code, ${groupLen}) as area, months.month,
           count(*)::int as people,
           coalesce(sum(pay.amount), 0)::text as pay
    from months
    join welfare_post_hires h on h.hired_on <= months.last and (h.exited_on is null or h.exited_on >= months.first)
    left join welfare_post_pay pay on pay.hire_id = h.id and pay.month = months.month
    where ${inScope('h.village_code', scope)}
    group by 1, 2
  `.execute(db);
  return { posts, monthly: monthly.rows };
}

export async function areaNamesOf(db: Db, codes: string[]) {
  if (!codes.length) return new Map<string, string>();
  const rows = await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
