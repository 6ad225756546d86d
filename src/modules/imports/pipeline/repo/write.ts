import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../../db/schema.js';
import { isBulkLoad, suspendIndexes, type Suspended } from '../../../../db/bulk-indexes.js';
import { stageNames, type StageNames } from './stage.js';
import type { ImportStep } from '../../schemas.js';

/**
 * The commit's writes, set-based, from the staging tables into the registry. Run inside one transaction (the caller's):
 * new households, changed households, changed and new members (in slices of rows, for progress), members following a
 * household to another village, derived totals, one history entry per new or changed household.
 */
export interface WriteResult {
  households: { inserted: number; updated: number; touched: number };
  members: { inserted: number; updated: number };
  /** Tables loaded with their indexes built afterwards (a bulk load, db/bulk-indexes.ts). */
  bulk: ('households' | 'members')[];
}

export interface WriteContext {
  jobId: number;
  userId: number | null;
  username: string;
  /** Household columns the file fills (besides household_no, county_code). */
  householdColumns: string[];
  memberColumns: string[];
  /**
   * Called as each step starts, and as each of an index step's builds is done (through another connection). `bulk`:
   * the households or members are written without their indexes, which the next step builds.
   */
  onStep?: (step: ImportStep, done?: number, total?: number, bulk?: boolean) => Promise<void>;
  /** Called after each slice with the rows written so far (through another connection). */
  onRows?: (rows: number) => Promise<void>;
  slice?: number;
  /** Phase timings (timing.ts). */
  mark?: (phase: string) => void;
  /** New households and new member rows the commit will insert (stageCounts): a large load next to the registry
   *  is written with the tables' indexes built afterwards (db/bulk-indexes.ts). */
  inserts?: { households: number; members: number };
  /** Smallest load written that way (config IMPORT_BULK_MIN_ROWS; 0 or absent: never). */
  bulkMinRows?: number;
}

export async function writeStage(trx: Kysely<DB>, ctx: WriteContext): Promise<WriteResult> {
  const t = stageNames(ctx.jobId);
  const hcols = ctx.householdColumns.filter((c) => c !== 'village_code' && c !== 'county_code');
  const mcols = ctx.memberColumns.filter((c) => !['name', 'relation', 'village_code', 'name_pinyin', 'name_initials'].includes(c));

  const bulkHh = await bulk(trx, 'households', ctx.inserts?.households ?? 0, ctx.bulkMinRows);
  await ctx.onStep?.('households', undefined, undefined, !!bulkHh);
  const inserted = await insertNewHouseholds(trx, t, hcols, ctx.userId);
  await sql`analyze ${t.hh}`.execute(trx);
  ctx.mark?.('households inserted');
  if (bulkHh) {
    await bulkHh.restore((done, total) => ctx.onStep?.('households_indexes', done, total));
    ctx.mark?.('households indexes built');
  }
  await settlePendingSnapshots(trx, t);
  const updated = await updateChangedHouseholds(trx, t, hcols);

  const bulkM = await bulk(trx, 'members', ctx.inserts?.members ?? 0, ctx.bulkMinRows);
  await ctx.onStep?.('members', undefined, undefined, !!bulkM);
  // Each slice joins the file's households again: without the indexes the join is most of a slice's time, so a bulk
  // load takes larger ones (1,000,000 rows: ten slices 5.5 s, one 4.2 s).
  const members = await writeMembers(trx, t, mcols, ctx.slice ?? (bulkM ? 500_000 : 100_000), ctx.onRows);
  ctx.mark?.('members written');
  if (bulkM) {
    await bulkM.restore((done, total) => ctx.onStep?.('members_indexes', done, total));
    ctx.mark?.('members indexes built');
  }
  await membersFollowTheirHousehold(trx, t);
  await newVersionsAndTotals(trx, t, ctx.userId);
  ctx.mark?.('totals');
  await ctx.onStep?.('history');
  const touched = await timelineEntries(trx, t, ctx);
  ctx.mark?.('history');
  return {
    households: { inserted, updated, touched },
    members,
    bulk: [...(bulkHh ? ['households' as const] : []), ...(bulkM ? ['members' as const] : [])],
  };
}

const list = (alias: string, cols: string[]) => sql.raw(cols.map((c) => (alias ? `${alias}.${c}` : c)).join(', '));
const assign = (cols: string[], alias: string) => sql.raw(cols.map((c) => `${c} = ${alias}.${c}`).join(', '));
const comma = (cols: string[]) => sql.raw(cols.length ? ', ' : '');

/** New households, their ids noted in the staging table. Returns how many were inserted. */
async function insertNewHouseholds(trx: Kysely<DB>, t: StageNames, hcols: string[], userId: number | null): Promise<number> {
  // A new household's derived totals (refresh_household_totals) straight from the file: all its rows are its active
  // members, its source row is its head's. Rewriting every new household afterwards cost a second pass.
  const income = sql.raw(
    `round((coalesce(s.income_wages, 0) + coalesce(s.income_business, 0) + coalesce(s.income_property, 0) + coalesce(s.income_transfer, 0)
     - coalesce(s.expense_business, 0)) / h.rows, 2)`,
  );
  // The new ids come back from the insert itself: looking them up again joined the whole households table.
  const inserted = await sql`
    with ins as (
      insert into households (household_no, county_code, village_code${comma(hcols)}${list('', hcols)}, created_by, updated_by,
                              member_count, head_name, per_capita_income)
      select h.household_no, h.county_code, s.village_code${comma(hcols)}${list('s', hcols)}, ${userId}::int, ${userId}::int,
             h.rows, case when s.relation = 'head' then s.name end, ${income}
      from ${t.hh} h join ${t.rows} s on s.row_no = h.source_row
      where h.ok and h.hh_state = 'new'
      order by h.county_code, h.household_no
      on conflict (county_code, household_no) do nothing
      returning id, county_code, household_no
    )
    update ${t.hh} h set household_id = ins.id
    from ins
    where h.ok and h.household_id is null and ins.county_code = h.county_code and ins.household_no = h.household_no`.execute(trx);
  // A household the insert skipped (made meanwhile by someone else with the same number) is joined as before.
  const missed = await sql<{ n: number }>`select count(*)::int as n from ${t.hh} where ok and household_id is null`.execute(trx);
  if (missed.rows[0]!.n > 0) {
    await sql`
      update ${t.hh} h set household_id = hh.id
      from households hh
      where h.ok and h.household_id is null and hh.county_code = h.county_code and hh.household_no = h.household_no`.execute(trx);
  }
  return Number(inserted.numAffectedRows ?? 0);
}

/**
 * Existing households about to change: an import's timeline entry of theirs without a snapshot gets the household as
 * it still is (history.ts settleHistory, set-based).
 */
async function settlePendingSnapshots(trx: Kysely<DB>, t: StageNames): Promise<void> {
  await sql`
    with last as (
      select distinct on (x.household_id) x.id, x.household_id, x.snapshot is null as pending
      from household_history x join ${t.hh} h on h.household_id = x.household_id
      where h.ok and h.touched and h.hh_state <> 'new'
      order by x.household_id, x.ts desc, x.id desc
    )
    update household_history x set snapshot = household_snapshot(last.household_id)
    from last where last.pending and x.id = last.id`.execute(trx);
}

async function updateChangedHouseholds(trx: Kysely<DB>, t: StageNames, hcols: string[]): Promise<number> {
  const updated = await sql`
    update households hh set village_code = s.village_code${comma(hcols)}${assign(hcols, 's')}
    from ${t.hh} h join ${t.rows} s on s.row_no = h.source_row
    where h.ok and h.hh_state = 'updated' and hh.id = h.household_id`.execute(trx);
  return Number(updated.numAffectedRows ?? 0);
}

/** Changed and new members, in slices of rows (for progress: `onRows` after each). */
async function writeMembers(
  trx: Kysely<DB>,
  t: StageNames,
  mcols: string[],
  slice: number,
  onRows?: (rows: number) => Promise<void>,
): Promise<{ inserted: number; updated: number }> {
  const max = await sql<{ n: number }>`select coalesce(max(row_no), 0)::int as n from ${t.rows}`.execute(trx);
  const last = max.rows[0]!.n;
  let mIns = 0;
  let mUpd = 0;
  for (let from = 0; from <= last; from += slice) {
    const to = from + slice;
    const u = await sql`
      update members m set name = r.name, name_pinyin = r.name_pinyin, name_initials = r.name_initials, relation = r.relation,
             village_code = r.village_code${comma(mcols)}${assign(mcols, 'r')}, updated_at = now()
      from ${t.rows} r join ${t.hh} h on h.county_code = r.county_code and h.household_no = r.household_no
      join ${t.m} mm on mm.row_no = r.row_no
      where h.ok and mm.m_state = 'updated' and m.id = mm.member_id and r.row_no > ${from} and r.row_no <= ${to}`.execute(trx);
    const i = await sql`
      insert into members (household_id, village_code, id_enc, id_idx, id_masked, name, name_pinyin, name_initials, gender, birth_date, relation${comma(mcols)}${list('', mcols)})
      select h.household_id, r.village_code, r.id_enc, r.id_idx, r.id_masked, r.name, r.name_pinyin, r.name_initials, r.gender, r.birth_date, r.relation${comma(mcols)}${list('r', mcols)}
      from ${t.rows} r join ${t.hh} h on h.county_code = r.county_code and h.household_no = r.household_no
      left join ${t.m} mm on mm.row_no = r.row_no
      where h.ok and mm.m_state is null and r.row_no > ${from} and r.row_no <= ${to}
      order by r.row_no`.execute(trx);
    mUpd += Number(u.numAffectedRows ?? 0);
    mIns += Number(i.numAffectedRows ?? 0);
    await onRows?.(mIns + mUpd);
  }
  return { inserted: mIns, updated: mUpd };
}

/** Members the file does not list follow their household to its new village. */
async function membersFollowTheirHousehold(trx: Kysely<DB>, t: StageNames): Promise<void> {
  await sql`
    update members m set village_code = h.village_code, updated_at = now()
    from ${t.hh} h
    where h.ok and h.hh_state = 'updated' and m.household_id = h.household_id and m.village_code <> h.village_code`.execute(trx);
}

/** Any change of a household or its members is a new version of it (optimistic locking of the forms); totals again. */
async function newVersionsAndTotals(trx: Kysely<DB>, t: StageNames, userId: number | null): Promise<void> {
  await sql`
    update households hh set version = hh.version + 1, updated_at = now(), updated_by = ${userId}::int
    from ${t.hh} h where h.ok and h.touched and h.hh_state <> 'new' and hh.id = h.household_id`.execute(trx);
  await sql`select refresh_household_totals(array(select household_id from ${t.hh} where ok and touched and hh_state <> 'new'))`.execute(trx);
}

/**
 * One timeline entry per new or changed household. No snapshot: the household stays as this import leaves it until
 * its next change, which fills it in first (settleHistory); "as of" reads the household meanwhile. Returns how many.
 */
async function timelineEntries(trx: Kysely<DB>, t: StageNames, ctx: WriteContext): Promise<number> {
  const touched = await sql`
    with cnt as (
      select r.county_code, r.household_no,
             count(*) filter (where mm.m_state is null) as n_new, count(*) filter (where mm.m_state = 'updated') as n_updated
      from ${t.rows} r join ${t.hh} h on h.county_code = r.county_code and h.household_no = r.household_no
      left join ${t.m} mm on mm.row_no = r.row_no
      where h.ok and h.touched and h.hh_state <> 'new'
      group by r.county_code, r.household_no
    )
    insert into household_history (household_id, user_id, username, action, summary, snapshot)
    select h.household_id, ${ctx.userId}::int, ${ctx.username}, 'import',
           jsonb_build_object('importJob', ${ctx.jobId}::bigint, 'change', case when h.hh_state = 'new' then 'create' else 'update' end,
                              'members', jsonb_build_object('new', case when h.hh_state = 'new' then h.rows else coalesce(cnt.n_new, 0) end,
                                                            'updated', coalesce(cnt.n_updated, 0))),
           null
    from ${t.hh} h left join cnt on cnt.county_code = h.county_code and cnt.household_no = h.household_no
    where h.ok and h.touched
    order by h.household_id`.execute(trx);
  return Number(touched.numAffectedRows ?? 0);
}

/** The table's indexes dropped for a large load (undefined: an ordinary insert). */
async function bulk(trx: Kysely<DB>, table: 'households' | 'members', rows: number, minRows = 0): Promise<Suspended | undefined> {
  if (!(await isBulkLoad(trx, table, rows, minRows))) return undefined;
  return suspendIndexes(trx, table);
}
