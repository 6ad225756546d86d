import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { inScope, type Scope } from '../../core/scope.js';
import { DEFAULT_SCHEDULE, LABOUR_CAPABLE, WORK_GROUPS, type VisitSchedule } from '../../shared/assistance.js';
import { AppError } from './errors.js';
import './tables.js';

/** Assistance's SQL: the catalogue, measures, pairings, visits, the schedule, and the lists and warnings it reads. */

type Db = Kysely<DB> | Transaction<DB>;

/** Who is asking, for the lists: the area, and for a helper only the households paired with him. */
export interface Viewer extends Scope {
  id: number;
  role: string;
}
const helperOnly = (v: Viewer) => (v.role === 'helper' ? v.id : null);

// ——— households ———

export async function householdRow(db: Db, id: number) {
  const h = await db
    .selectFrom('households')
    .select(['id', 'village_code', 'county_code', 'household_no', 'head_name', 'category', 'has_left_behind', 'member_count', 'address'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!h) throw new AppError('NOT_FOUND');
  return h;
}

export async function householdMembers(db: Db, householdId: number) {
  return db
    .selectFrom('members')
    .select(['id', 'name', 'relation', 'gender', 'birth_date', 'labour_capacity', 'health', 'school_status', 'status'])
    .where('household_id', '=', householdId)
    .orderBy('id')
    .execute();
}

export async function monitoringRecordOf(db: Db, householdId: number) {
  return (
    (await db
      .selectFrom('monitoring_records')
      .select(['id', 'category', 'risk_types', 'since'])
      .where('household_id', '=', householdId)
      .where('ended_on', 'is', null)
      .executeTakeFirst()) ?? null
  );
}

export async function openCaseOfHousehold(db: Db, householdId: number) {
  return (await db.selectFrom('monitoring_cases').select(['id', 'case_no']).where('household_id', '=', householdId).where('closed_at', 'is', null).executeTakeFirst()) ?? null;
}

export async function areaNames(db: Db, codes: string[]) {
  if (!codes.length) return new Map<string, string>();
  const rows = await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

// ——— catalogue and schedule ———

export const NATIONAL_CATALOGUE = '000000';

/** A county's catalogue: its own once it changed it, else the national one (migration 0023). Never writes. */
export async function listCatalogue(db: Db, county: string) {
  const own = await db.selectFrom('assistance_catalogue').selectAll().where('county_code', '=', county).orderBy('sort').orderBy('id').execute();
  if (own.length) return own;
  return db.selectFrom('assistance_catalogue').selectAll().where('county_code', '=', NATIONAL_CATALOGUE).orderBy('sort').orderBy('id').execute();
}

export async function countyHasCatalogue(db: Db, county: string): Promise<boolean> {
  return !!(await db.selectFrom('assistance_catalogue').select('id').where('county_code', '=', county).limit(1).executeTakeFirst());
}

/** Before a county's first change: its own copy of the national catalogue (serialised per county by a lock). */
export async function ensureCountyCatalogue(trx: Transaction<DB>, county: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(707023, ${Number(county)})`.execute(trx);
  if (await countyHasCatalogue(trx, county)) return;
  await sql`insert into assistance_catalogue (county_code, grp, name, sort, active)
    select ${county}, grp, name, sort, active from assistance_catalogue where county_code = ${NATIONAL_CATALOGUE}`.execute(trx);
}

/** The county's own item of the same name as a national one (after ensureCountyCatalogue). */
export async function countyItemNamed(db: Db, county: string, name: string) {
  return db.selectFrom('assistance_catalogue').selectAll().where('county_code', '=', county).where('name', '=', name).executeTakeFirst();
}

export async function catalogueItem(db: Db, id: number) {
  const row = await db.selectFrom('assistance_catalogue').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ASSIST_CATALOGUE_NOT_FOUND');
  return row;
}

export async function insertCatalogueItem(db: Db, v: { county: string; grp: string; name: string; sort: number }) {
  try {
    return await db.insertInto('assistance_catalogue').values({ county_code: v.county, grp: v.grp, name: v.name, sort: v.sort }).returningAll().executeTakeFirstOrThrow();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('ASSIST_CATALOGUE_NAME_TAKEN', { name: v.name });
    throw err;
  }
}

export async function updateCatalogueItem(db: Db, id: number, v: { name?: string; active?: boolean; sort?: number }) {
  try {
    return await db.updateTable('assistance_catalogue').set(v).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('ASSIST_CATALOGUE_NAME_TAKEN', { name: v.name ?? '' });
    throw err;
  }
}

export async function scheduleOf(db: Db, county: string): Promise<VisitSchedule> {
  const r = await db.selectFrom('assistance_settings').selectAll().where('county_code', '=', county).executeTakeFirst();
  return r ? { monitoredMonths: r.monitored_months, exitedMonths: r.exited_months, leftBehindMonths: r.left_behind_months } : { ...DEFAULT_SCHEDULE };
}

export async function schedulesOf(db: Db, counties: string[]): Promise<Map<string, VisitSchedule>> {
  const out = new Map<string, VisitSchedule>();
  for (const c of counties) out.set(c, { ...DEFAULT_SCHEDULE });
  if (!counties.length) return out;
  const rows = await db.selectFrom('assistance_settings').selectAll().where('county_code', 'in', counties).execute();
  for (const r of rows) out.set(r.county_code, { monitoredMonths: r.monitored_months, exitedMonths: r.exited_months, leftBehindMonths: r.left_behind_months });
  return out;
}

export async function saveSchedule(db: Db, county: string, s: VisitSchedule, userId: number) {
  const v = { monitored_months: s.monitoredMonths, exited_months: s.exitedMonths, left_behind_months: s.leftBehindMonths, updated_by: userId, updated_at: new Date() };
  await db
    .insertInto('assistance_settings')
    .values({ county_code: county, ...v })
    .onConflict((oc) => oc.column('county_code').doUpdateSet(v))
    .execute();
}

// ——— measures ———

export async function householdMeasures(db: Db, householdId: number) {
  return db
    .selectFrom('assistance_measures as m')
    .innerJoin('assistance_catalogue as c', 'c.id', 'm.catalogue_id')
    .selectAll('m')
    .select('c.name as catalogue_name')
    .where('m.household_id', '=', householdId)
    .orderBy('m.start_on')
    .orderBy('m.id')
    .execute();
}

export type MeasureRow = Awaited<ReturnType<typeof householdMeasures>>[number];

export async function measureById(db: Db, id: number): Promise<MeasureRow> {
  const row = await db
    .selectFrom('assistance_measures as m')
    .innerJoin('assistance_catalogue as c', 'c.id', 'm.catalogue_id')
    .selectAll('m')
    .select('c.name as catalogue_name')
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('ASSIST_MEASURE_NOT_FOUND');
  return row;
}

export interface MeasureValues {
  catalogue_id: number;
  grp: string;
  risk_type: string | null;
  content: string;
  start_on: string;
  end_on: string;
  amount: number;
  department: string | null;
  member_ids: string;
  done_on: string | null;
}

export async function insertMeasure(db: Db, v: MeasureValues & { household_id: number; village_code: string; created_by: number }) {
  return db.insertInto('assistance_measures').values(v).returning('id').executeTakeFirstOrThrow();
}

/** Optimistic: the version the user saw, or ASSIST_VERSION_CONFLICT. */
export async function updateMeasure(db: Db, id: number, version: number, v: MeasureValues) {
  const r = await db
    .updateTable('assistance_measures')
    .set({ ...v, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  if (!r) throw new AppError('ASSIST_VERSION_CONFLICT');
}

// ——— helpers and pairings ———

export async function currentAssignment(db: Db, householdId: number) {
  return (
    (await db
      .selectFrom('assistance_assignments as a')
      .innerJoin('users as u', 'u.id', 'a.helper_id')
      .select(['a.id', 'a.helper_id', 'a.assigned_on', 'u.display_name', 'u.username', 'u.phone'])
      .where('a.household_id', '=', householdId)
      .where('a.ended_on', 'is', null)
      .executeTakeFirst()) ?? null
  );
}

export async function assignmentHistory(db: Db, householdId: number) {
  return db
    .selectFrom('assistance_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.helper_id')
    .select(['a.id', 'a.helper_id', 'a.assigned_on', 'a.ended_on', 'u.display_name', 'u.username'])
    .where('a.household_id', '=', householdId)
    .orderBy('a.id', 'desc')
    .execute();
}

const helperColumns = ['id', 'username', 'display_name', 'phone', 'area_code', 'role', 'status'] as const;
export type HelperRow = { id: number; username: string; display_name: string; phone: string | null; area_code: string; role: string; status: string };

/** Helper accounts (role helper, active) whose area lies in the scope, or above it in the same county. */
export async function helpersForScope(db: Db, scope: Scope, q: string | undefined, limit: number): Promise<HelperRow[]> {
  const county = scope.areaCode.slice(0, 6);
  let query = db
    .selectFrom('users')
    .select(helperColumns)
    .where('role', '=', 'helper')
    .where('status', '=', 'active')
    .where((eb) => (scope.areaLevel >= 3 ? eb('area_code', 'like', `${county}%`) : inScope('area_code', scope)));
  if (q) query = query.where((eb) => eb.or([eb('username', 'ilike', `%${q}%`), eb('display_name', 'ilike', `%${q}%`)]));
  return query.orderBy('display_name').limit(limit).execute();
}

export async function helperById(db: Db, id: number): Promise<HelperRow | null> {
  return (await db.selectFrom('users').select(helperColumns).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function usersByUsername(db: Db, names: string[]): Promise<HelperRow[]> {
  if (!names.length) return [];
  return db.selectFrom('users').select(helperColumns).where('username', 'in', names).execute();
}

export async function helpersByName(db: Db, names: string[]): Promise<HelperRow[]> {
  if (!names.length) return [];
  return db.selectFrom('users').select(helperColumns).where('display_name', 'in', names).where('role', '=', 'helper').execute();
}

export async function householdsByNo(db: Db, nos: string[], scope: Scope) {
  if (!nos.length) return [];
  return db.selectFrom('households').select(['id', 'household_no', 'village_code']).where('household_no', 'in', nos).where(inScope('village_code', scope)).execute();
}

/** Pairs a helper with a household: ends the current pairing (kept in the history) unless it is the same helper. */
export async function pair(trx: Transaction<DB>, v: { householdId: number; villageCode: string; helperId: number; today: string; userId: number }) {
  const current = await trx
    .selectFrom('assistance_assignments')
    .select(['id', 'helper_id'])
    .where('household_id', '=', v.householdId)
    .where('ended_on', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (current?.helper_id === v.helperId) return { changed: false, before: current.helper_id };
  if (current) await trx.updateTable('assistance_assignments').set({ ended_on: v.today, ended_by: v.userId }).where('id', '=', current.id).execute();
  await trx
    .insertInto('assistance_assignments')
    .values({ household_id: v.householdId, village_code: v.villageCode, helper_id: v.helperId, assigned_on: v.today, assigned_by: v.userId })
    .execute();
  return { changed: true, before: current?.helper_id ?? null };
}

// ——— visits ———

export async function visitByClientId(db: Db, clientId: string) {
  return (await db.selectFrom('assistance_visits').selectAll().where('client_id', '=', clientId).executeTakeFirst()) ?? null;
}

export type VisitRow = NonNullable<Awaited<ReturnType<typeof visitByClientId>>>;

/** Inserts the visit unless its client id is stored already; answers the stored one either way. */
export async function insertVisit(
  db: Db,
  v: { client_id: string; household_id: number; village_code: string; helper_id: number; visited_on: string; met: string; situation: string; changes: string; needs: string | null; new_risk: boolean },
): Promise<{ row: VisitRow; created: boolean }> {
  const inserted = await db.insertInto('assistance_visits').values(v).onConflict((oc) => oc.column('client_id').doNothing()).returningAll().executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  return { row: (await visitByClientId(db, v.client_id))!, created: false };
}

/** The photos a visit links (what its view shows of them: id, name, type, size). */
export async function setVisitPhotos(db: Db, visitId: number, photos: unknown[]) {
  await db.updateTable('assistance_visits').set({ photos: JSON.stringify(photos) }).where('id', '=', visitId).execute();
}

export async function setVisitCase(db: Db, visitId: number, caseId: number) {
  await db.updateTable('assistance_visits').set({ case_id: caseId }).where('id', '=', visitId).execute();
}

export async function householdVisits(db: Db, householdId: number, limit: number) {
  return db
    .selectFrom('assistance_visits as v')
    .innerJoin('users as u', 'u.id', 'v.helper_id')
    .leftJoin('monitoring_cases as c', 'c.id', 'v.case_id')
    .selectAll('v')
    .select(['u.display_name as helper_name', 'c.case_no'])
    .where('v.household_id', '=', householdId)
    .orderBy('v.visited_on', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
}

// ——— lists ———

/**
 * The paired households of the viewer's area (a helper: his own), with what the schedule needs: monitored now, the
 * registry category, left-behind members, the pairing's day and the last visit.
 */
export async function pairedHouseholds(db: Db, viewer: Viewer, opts: { areaCode?: string | undefined; helperId?: number | undefined } = {}) {
  const onlyHelper = helperOnly(viewer) ?? opts.helperId ?? null;
  let q = db
    .selectFrom('assistance_assignments as a')
    .innerJoin('households as h', 'h.id', 'a.household_id')
    .innerJoin('users as u', 'u.id', 'a.helper_id')
    .select([
      'h.id',
      'h.household_no',
      'h.head_name',
      'h.village_code',
      'h.county_code',
      'h.category',
      'h.has_left_behind',
      'h.member_count',
      'h.address',
      'a.helper_id',
      'a.assigned_on',
      'u.display_name as helper_name',
      sql<boolean>`exists (select 1 from monitoring_records r where r.household_id = h.id and r.ended_on is null)`.as('monitored'),
      sql<string | null>`(select max(v.visited_on)::text from assistance_visits v where v.household_id = h.id)`.as('last_visit'),
    ])
    .where('a.ended_on', 'is', null)
    .where(inScope('a.village_code', viewer));
  if (opts.areaCode) q = q.where('a.village_code', 'like', `${opts.areaCode}%`);
  if (onlyHelper !== null) q = q.where('a.helper_id', '=', onlyHelper);
  return q.orderBy('h.village_code').orderBy('h.household_no').limit(50_000).execute();
}

export type PairedRow = Awaited<ReturnType<typeof pairedHouseholds>>[number];

export interface WarningRow {
  kind: 'no_work_measure' | 'no_helper' | 'measure_ending';
  household_id: number;
  household_no: string;
  head_name: string | null;
  village_code: string;
  measure_id: number | null;
  measure_content: string | null;
  end_on: string | null;
}

/**
 * The warnings (computed, never typed): monitored households with labour capacity and no 产业/就业 measure; monitored
 * households without a helper; open measures ending within `days` days.
 */
export async function warningRows(db: Db, viewer: Viewer, today: string, days: number, areaCode?: string): Promise<WarningRow[]> {
  const prefix = areaCode ?? '';
  const helperId = helperOnly(viewer);
  const base = db
    .selectFrom('households as h')
    .innerJoin('monitoring_records as r', (j) => j.onRef('r.household_id', '=', 'h.id').on('r.ended_on', 'is', null))
    .where(inScope('h.village_code', viewer))
    .$if(!!prefix, (q) => q.where('h.village_code', 'like', `${prefix}%`))
    .$if(helperId !== null, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(selectFrom('assistance_assignments as a').select('a.id').whereRef('a.household_id', '=', 'h.id').where('a.ended_on', 'is', null).where('a.helper_id', '=', helperId!)),
      ),
    );
  const cols = ['h.id as household_id', 'h.household_no', 'h.head_name', 'h.village_code'] as const;

  const noWork = await base
    .select(cols)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('members as m')
          .select('m.id')
          .whereRef('m.household_id', '=', 'h.id')
          .where('m.status', '=', 'active')
          .where('m.labour_capacity', 'in', [...LABOUR_CAPABLE]),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('assistance_measures as am').select('am.id').whereRef('am.household_id', '=', 'h.id').where('am.grp', 'in', [...WORK_GROUPS]))),
    )
    .orderBy('h.village_code')
    .orderBy('h.household_no')
    .execute();

  const noHelper =
    helperId !== null
      ? []
      : await base
          .select(cols)
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('assistance_assignments as a').select('a.id').whereRef('a.household_id', '=', 'h.id').where('a.ended_on', 'is', null))),
          )
          .orderBy('h.village_code')
          .orderBy('h.household_no')
          .execute();

  const ending = await db
    .selectFrom('assistance_measures as am')
    .innerJoin('households as h', 'h.id', 'am.household_id')
    .select([...cols, 'am.id as measure_id', 'am.content as measure_content', 'am.end_on'])
    .where('am.done_on', 'is', null)
    .where('am.end_on', '>=', today)
    .where('am.end_on', '<=', sql<string>`(${today}::date + ${days}::int)`)
    .where(inScope('am.village_code', viewer))
    .$if(!!prefix, (q) => q.where('am.village_code', 'like', `${prefix}%`))
    .$if(helperId !== null, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(selectFrom('assistance_assignments as a').select('a.id').whereRef('a.household_id', '=', 'h.id').where('a.ended_on', 'is', null).where('a.helper_id', '=', helperId!)),
      ),
    )
    .orderBy('am.end_on')
    .orderBy('am.id')
    .execute();

  const plain = (kind: WarningRow['kind']) => (r: { household_id: number; household_no: string; head_name: string | null; village_code: string }): WarningRow => ({
    kind,
    ...r,
    measure_id: null,
    measure_content: null,
    end_on: null,
  });
  return [
    ...noWork.map(plain('no_work_measure')),
    ...noHelper.map(plain('no_helper')),
    ...ending.map((r) => ({ kind: 'measure_ending' as const, ...r })),
  ];
}

/** Whether the helper is paired with the household now. */
export async function isPairedWith(db: Db, householdId: number, helperId: number): Promise<{ assigned_on: string } | null> {
  return (
    (await db
      .selectFrom('assistance_assignments')
      .select('assigned_on')
      .where('household_id', '=', householdId)
      .where('helper_id', '=', helperId)
      .where('ended_on', 'is', null)
      .executeTakeFirst()) ?? null
  );
}
