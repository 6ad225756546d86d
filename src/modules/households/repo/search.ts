import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { parseIdNumber } from '../../../core/idcard.js';
import type { FieldCipher } from '../../../core/field-crypto.js';
import { assertInScope, inScope, type Scope } from '../../../core/scope.js';
import { pad12, parseAreaCode } from '../../areas/division-source.js';
import { runPrepared } from '../../../db/prepared.js';
import { normaliseName } from '../validate.js';
import { registrySummaryCached } from './summary.js';

export interface HouseholdFilter {
  q?: string;
  villageCode?: string;
  /** 乡镇: a township's 9 digits (or its 12-digit code, ending in 000); inside the user's scope. */
  townshipCode?: string;
  category?: 'exited' | 'monitored' | 'ordinary';
  isDibao?: boolean;
  isTekun?: boolean;
  isRelocated?: boolean;
  hasLeftBehind?: boolean;
  /** 待补全: 脱贫户 whose exit year is still empty (an import without the column). */
  incomplete?: boolean;
  sort?: 'householdNo' | 'headName' | 'perCapitaIncome' | 'memberCount' | 'updatedAt';
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
  /** Set by resolveTerm, never by a request: the letters of `q` are a household number's, not a name's pinyin. */
  qIsHouseholdNo?: boolean;
}

const SORT_COLUMNS = {
  householdNo: 'h.household_no',
  headName: 'h.head_name',
  perCapitaIncome: 'h.per_capita_income',
  memberCount: 'h.member_count',
  updatedAt: 'h.updated_at',
} as const;

/**
 * A member search collects at most this many member rows, or this many households when sorted by a household column;
 * beyond it the list says "more than" (`totalExact` false). Only a very short term in a big scope gets there (one
 * pinyin letter). The rows come in the order of the index scanned (for a name, its byte order: the best matches
 * first); an ORDER BY there would sort every match on each request, since the planner does not take the pattern
 * index's order for the collation's.
 */
export const SEARCH_CAP = 5_000;

type MemberSelect = ReturnType<typeof memberBase>;

/**
 * The members a search term names, inside the scope (and the village filter): a valid ID number → exact blind-index
 * match; its last 4–6 characters → the last four of the masked number; Chinese → name prefix; latin letters → full
 * pinyin or initials prefix. `key` orders the matches by relevance
 * (the name, or its pinyin). Undefined when the term is not a member search (empty, or digits: a household number).
 */
function memberMatch(
  db: Kysely<DB>, cipher: FieldCipher, scope: Scope, f: Omit<HouseholdFilter, 'page' | 'pageSize'>,
): { query: MemberSelect; key: 'm.name' | 'm.name_pinyin' } | undefined {
  const term = searchTerm(f.q);
  if (!term || f.qIsHouseholdNo) return undefined;
  let m = memberBase(db, scope);
  if (f.villageCode) m = m.where(inArea('m.village_code', f.villageCode));
  if (f.townshipCode) m = m.where('m.village_code', 'like', `${f.townshipCode.slice(0, 9)}%`);
  const parsed = parseIdNumber(term);
  const lower = term.toLowerCase();
  const like = lower.replace(/[%_\\]/g, '\\$&') + '%';
  if (parsed.ok) return { query: m.where('m.id_idx', '=', cipher.blindIndex(parsed.value.id)), key: 'm.name' };
  // The end of an ID number, 4–6 characters: matched by its last four, which the masked number keeps.
  if (ID_TAIL.test(term)) return { query: m.where(sql<string>`right(m.id_masked, 4)`, '=', term.slice(-4).toUpperCase()), key: 'm.name' };
  if (/\d/.test(term)) return undefined;
  if (LETTERS.test(term)) {
    return { query: m.where((eb) => eb.or([eb('m.name_initials', 'like', like), eb('m.name_pinyin', 'like', like)])), key: 'm.name_pinyin' };
  }
  // A name as typed: names keep their case (测试户主A), so the pattern does too.
  const upper = f.villageCode || f.townshipCode || scope.areaLevel > COUNTY_LEVEL || [...term].length < 2 ? undefined : prefixEnd(term);
  if (upper) return { query: m.where(sql<SqlBool>`m.name ~>=~ ${term} and m.name ~<~ ${upper}`), key: 'm.name' };
  return { query: m.where('m.name', 'like', term.replace(/[%_\\]/g, '\\$&') + '%'), key: 'm.name' };
}

/**
 * The search box's text as clerks type it: a name without its spaces (张 三, zhang jian jun — pinyin typed by syllable)
 * and with the middle dot people type normalised as names are stored (validate.ts normaliseName). Digits (an ID or
 * household number) only trimmed.
 */
export function searchTerm(q: string | undefined): string {
  const term = (q ?? '').trim();
  return /\d/.test(term) ? term : normaliseName(term);
}

const COUNTY_LEVEL = 3;
const LETTERS = /^[a-z]+$/i;
const ID_TAIL = /^\d{3,5}[\dXx]$/;

/**
 * A term of letters only is read as pinyin; when no member in scope (and in the village filter) has a name that
 * reads so, it is a household number (some counties number households with letters). One look-up, only for such
 * terms; the list asks only when its pinyin search found nothing, the export before it starts, so both agree.
 */
export async function resolveTerm<F extends Omit<HouseholdFilter, 'page' | 'pageSize'>>(db: Kysely<DB>, cipher: FieldCipher, scope: Scope, f: F): Promise<F> {
  const term = searchTerm(f.q);
  if (!term || f.qIsHouseholdNo || !LETTERS.test(term)) return f;
  const match = memberMatch(db, cipher, scope, f);
  if (!match) return f;
  const any = await match.query.select('m.household_id').limit(1).execute();
  return any.length ? f : { ...f, qIsHouseholdNo: true };
}

/**
 * The smallest string above every string that starts with `prefix`, in byte order (UTF-8's byte order is its code
 * points' order): the prefix with its last character's code point plus one. Undefined where that is no character.
 *
 * Why a range and not `LIKE 'prefix%'`: PostgreSQL turns a LIKE into this same index range only when it sees the
 * pattern, so a prepared statement with `LIKE $1` is planned anew on every call. With the range in the statement,
 * its generic plan (the name index) serves every call. That plan is right for two characters or more in a county or
 * wider, where the name index is the best way in. One character (a surname: 7 % of a province are 王) or a
 * township, a village or a village filter may be better served by walking the area's members, so those searches
 * keep the LIKE and a plan made for their values.
 */
export function prefixEnd(prefix: string): string | undefined {
  const chars = [...prefix];
  const last = chars.pop()?.codePointAt(0);
  if (last === undefined || last === 0xd7ff || last >= 0x10ffff) return undefined;
  return chars.join('') + String.fromCodePoint(last === 0xffff ? 0x10000 : last + 1);
}

/**
 * The village filter: the area its code names, by the code's level (parseAreaCode: a village's own code may end in
 * 0, …200, and so may a township's, …100 — trailing zeros are not the level). A village by equality — the same rows
 * as its prefix, but an equality a prepared statement's generic plan can use (the village index); a township or
 * county by its prefix.
 */
function inArea(column: 'm.village_code' | 'h.village_code', code: string): Expression<SqlBool> {
  const prefix = parseAreaCode(pad12(code))!.short; // the schema lets only digits through
  if (prefix.length === 12) return sql<SqlBool>`${sql.ref(column)} = ${prefix}`;
  return sql<SqlBool>`${sql.ref(column)} like ${`${prefix}%`}`;
}

/**
 * The searchable list, always inside the user's scope (the list, its count and the export share it: there is no
 * second scope logic). A village filter outside the scope is refused (OUT_OF_SCOPE).
 */
export function householdQuery(db: Kysely<DB>, cipher: FieldCipher, scope: Scope, f: Omit<HouseholdFilter, 'page' | 'pageSize'>) {
  checkAreaFilters(f, scope);
  return filteredHouseholds(db, cipher, scope, f);
}

/**
 * householdQuery without the check of the village filter: for listHouseholds, which makes that check itself before
 * its first query (its relevance search does not come here). `householdIds`, when given, replaces the member search
 * by the households it already found.
 */
function filteredHouseholds(
  db: Kysely<DB>, cipher: FieldCipher, scope: Scope, f: Omit<HouseholdFilter, 'page' | 'pageSize'>, householdIds?: number[],
) {
  let q = db.selectFrom('households as h');
  // Known households: a join from the array's elements, one primary-key probe each. (`h.id = any(…)` lets the planner
  // walk a sort index instead and filter the whole county: 150 ms instead of 4 at 1,600 ids.)
  if (householdIds) q = q.innerJoin(sql<{ x: number }>`unnest(${householdIds}::bigint[])`.as('x'), (j) => j.on(sql<SqlBool>`h.id = x`)) as unknown as typeof q;
  q = q.where(inScope('h.village_code', scope));
  if (f.villageCode) q = q.where(inArea('h.village_code', f.villageCode));
  if (f.townshipCode) q = q.where('h.village_code', 'like', `${f.townshipCode.slice(0, 9)}%`);
  if (f.category) q = q.where('h.category', '=', f.category);
  for (const [key, col] of [['isDibao', 'h.is_dibao'], ['isTekun', 'h.is_tekun'], ['isRelocated', 'h.is_relocated'], ['hasLeftBehind', 'h.has_left_behind']] as const) {
    if (f[key] !== undefined) q = q.where(col, '=', f[key]!);
  }
  if (f.incomplete) q = q.where('h.category', '=', 'exited').where('h.exit_year', 'is', null);
  const term = searchTerm(f.q);
  if (!term) return q;
  if (householdIds) return q;
  const m = memberMatch(db, cipher, scope, f);
  if (m) return q.where('h.id', 'in', m.query.select('m.household_id'));
  return q.where('h.household_no', 'like', `${term.toUpperCase().replace(/[%_\\]/g, '\\$&')}%`);
}

/** The village and township filters lie in the user's scope (OUT_OF_SCOPE otherwise: a village's clerk asking for his township). */
function checkAreaFilters(f: Pick<HouseholdFilter, 'villageCode' | 'townshipCode'>, scope: Scope): void {
  if (f.villageCode) assertInScope(f.villageCode, scope);
  if (f.townshipCode) assertInScope(f.townshipCode.slice(0, 9), scope);
}

function memberBase(db: Kysely<DB>, scope: Scope) {
  return db.selectFrom('members as m').where(inScope('m.village_code', scope));
}

type PageRow = {
  id: number; household_no: string; village_code: string; head_name: string | null; category: string; monitoring_type: string | null;
  is_dibao: boolean; is_tekun: boolean; is_relocated: boolean; has_left_behind: boolean; member_count: number;
  per_capita_income: string | number | null; updated_at: Date; village_name: string; township_name: string | null; head_id_masked: string | null;
  matched_name?: string | null;
};

/** The list's columns of a page's households (`p` holds the page's ids in order, as p.id and p.k). */
const PAGE_COLUMNS = sql.raw(`h.id, h.household_no, h.village_code, h.head_name, h.category, h.monitoring_type, h.is_dibao,
  h.is_tekun, h.is_relocated, h.has_left_behind, h.member_count, h.per_capita_income, h.updated_at, v.name as village_name,
  (select id_masked from members mh where mh.household_id = h.id and mh.relation = 'head' and mh.status = 'active' limit 1) as head_id_masked,
  (select t.name from areas t where t.code = rpad(left(h.village_code, 9), 12, '0')) as township_name`);

/**
 * One page and the total, in one statement where it can be:
 * - a member search with no sort chosen and no household filter (category, flags): by relevance — the best-matching
 *   member's name — entirely on the members' covering index (SEARCH_CAP rows at most), then the page's households;
 * - a member search sorted by a household column: the matching households' ids first (SEARCH_CAP + 1 at most), then
 *   page and `count(*) over ()` over those ids, one primary-key probe each;
 * - no member search: the page in index order, and the count beside it.
 */
export async function listHouseholds(db: Kysely<DB>, cipher: FieldCipher, scope: Scope, f: HouseholdFilter) {
  // The list's one check of the village filter, before any query: the relevance search below never reaches
  // householdQuery, and the sorted search runs its member query first (so it uses filteredHouseholds, which does not
  // check again).
  checkAreaFilters(f, scope);
  const match = memberMatch(db, cipher, scope, f);
  const householdFilter = f.category !== undefined || !!f.incomplete || [f.isDibao, f.isTekun, f.isRelocated, f.hasLeftBehind].some((x) => x !== undefined);
  const offset = (f.page - 1) * f.pageSize;
  let rows: PageRow[];
  let total: number;
  let exact = true;

  if (match && !f.sort && !householdFilter) {
    // Prepared: the search box's statement, a handful of shapes (src/db/prepared.ts).
    const r = await runPrepared(db, sql<PageRow & { total_count: number; n_rows: number }>`
      with lim as (${match.query.select(['m.household_id', sql.ref(match.key).as('k'), 'm.name as nm']).limit(SEARCH_CAP + 1)}),
      p as (select household_id as id, min(k) as k, min(nm) as matched_name, (count(*) over ())::int as total_count,
                   (select count(*) from lim)::int as n_rows
            from lim group by household_id order by 2, 1 limit ${f.pageSize} offset ${offset})
      select ${PAGE_COLUMNS}, p.matched_name, p.total_count, p.n_rows
      from p join households h on h.id = p.id join areas v on v.code = h.village_code
      order by p.k, p.id`.compile(db));
    rows = r.rows;
    if (rows.length) {
      total = r.rows[0]!.total_count;
      exact = r.rows[0]!.n_rows <= SEARCH_CAP;
    } else if (offset === 0) total = 0;
    else {
      const c = await sql<{ n: number; rows: number }>`
        with lim as (${match.query.select('m.household_id').limit(SEARCH_CAP + 1)})
        select count(distinct household_id)::int as n, count(*)::int as rows from lim`.execute(db);
      total = c.rows[0]!.n;
      exact = c.rows[0]!.rows <= SEARCH_CAP;
    }
  } else {
    let ids: number[] | undefined;
    if (match) {
      ids = (await match.query.select('m.household_id').distinct().limit(SEARCH_CAP + 1).execute()).map((x) => x.household_id);
      exact = ids.length <= SEARCH_CAP;
    }
    const base = filteredHouseholds(db, cipher, scope, f, ids);
    const sortCol = SORT_COLUMNS[f.sort ?? 'householdNo'];
    const dir = sql.raw(f.order === 'desc' ? 'desc nulls last' : 'asc nulls last');
    // Inner: ids and the sort key only (the covering index answers it); outer: the page's rows in full.
    const inner = base
      .select(['h.id', sql.ref(sortCol).as('k')])
      .select(match ? sql<number | null>`(count(*) over ())::int`.as('total_count') : sql<number | null>`null::int`.as('total_count'))
      .orderBy(sql`${sql.ref(sortCol)} ${dir}`)
      .orderBy('h.id')
      .limit(f.pageSize)
      .offset(offset);
    const page = sql<PageRow & { total_count: number | null }>`
      select ${PAGE_COLUMNS}, p.total_count
      from (${inner}) p join households h on h.id = p.id join areas v on v.code = h.village_code
      order by p.k ${dir}, p.id`;
    const countAll = async () => (await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    if (match) {
      rows = (await page.execute(db)).rows;
      // A page past the end has no row to carry the total.
      total = rows.length ? (rows[0] as PageRow & { total_count: number }).total_count : offset ? await countAll() : 0;
      await addMatchedNames(rows, match.query);
    } else {
      // The whole area, unfiltered (every list's first page): its count is the home page's, kept per area.
      const whole = !f.villageCode && !f.townshipCode && !householdFilter && !searchTerm(f.q);
      const [r, n] = await Promise.all([page.execute(db), whole ? registrySummaryCached(db, scope).then((s) => s.households) : countAll()]);
      rows = r.rows;
      total = n;
    }
  }
  if (total === 0 && offset === 0 && !f.qIsHouseholdNo && match?.key === 'm.name_pinyin') {
    const asNumber = await resolveTerm(db, cipher, scope, f);
    if (asNumber.qIsHouseholdNo) return listHouseholds(db, cipher, scope, asNumber);
  }
  return {
    items: rows.map((r) => ({
      id: r.id,
      householdNo: r.household_no,
      villageCode: r.village_code,
      villageName: r.village_name,
      townshipName: r.township_name,
      headName: r.head_name,
      headIdMasked: r.head_id_masked,
      category: r.category,
      monitoringType: r.monitoring_type,
      isDibao: r.is_dibao,
      isTekun: r.is_tekun,
      isRelocated: r.is_relocated,
      hasLeftBehind: r.has_left_behind,
      memberCount: r.member_count,
      perCapitaIncome: r.per_capita_income == null ? null : Number(r.per_capita_income),
      updatedAt: r.updated_at.toISOString(),
      ...(r.matched_name != null && { matchedName: r.matched_name }),
    })),
    total,
    totalExact: exact,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** A sorted member search's page: the name each household was found by (one statement for the page's households). */
async function addMatchedNames(rows: PageRow[], members: MemberSelect): Promise<void> {
  if (!rows.length) return;
  const found = await members
    .where('m.household_id', 'in', rows.map((r) => r.id))
    .select(['m.household_id', (eb) => eb.fn.min('m.name').as('name')])
    .groupBy('m.household_id')
    .execute();
  const byId = new Map(found.map((x) => [x.household_id, x.name]));
  for (const r of rows) r.matched_name = byId.get(r.id) ?? null;
}
