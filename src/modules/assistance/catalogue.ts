import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertInScope } from '../../core/scope.js';
import type { Actor, SessionUser } from '../../server/context.js';
import type { VisitSchedule } from '../../shared/assistance.js';
import { recordAudit } from '../audit/repo.js';
import { countyOf } from './access.js';
import { requiredText } from './field.js';
import { AppError } from './errors.js';
import { catalogueItem, countyItemNamed, ensureCountyCatalogue, insertCatalogueItem, listCatalogue, NATIONAL_CATALOGUE, saveSchedule, scheduleOf, updateCatalogueItem } from './repo.js';

/** A county's measure catalogue (county administrator edits) and its visit schedule (走访频次). */

type Row = Awaited<ReturnType<typeof listCatalogue>>[number];
const dto = (r: Row) => ({ id: r.id, countyCode: r.county_code, group: r.grp, name: r.name, sort: r.sort, active: r.active });

const auditActor = (a: Actor) => ({ userId: a.user.id, username: a.user.username, areaCode: a.user.areaCode, ip: a.ip });

export async function catalogue(db: Kysely<DB>, user: SessionUser, county?: string) {
  return (await listCatalogue(db, countyOf(user, county))).map(dto);
}

/** Adds an item to the county's catalogue (its own copy of the national one is made first). */
export async function addCatalogueItem(db: Kysely<DB>, actor: Actor, input: { countyCode?: string; group: string; name: string; sort?: number }) {
  const county = countyOf(actor.user, input.countyCode);
  const name = requiredText('name', input.name);
  return db.transaction().execute(async (trx) => {
    await ensureCountyCatalogue(trx, county);
    const existing = await listCatalogue(trx, county);
    const row = await insertCatalogueItem(trx, { county, grp: input.group, name, sort: input.sort ?? (existing.at(-1)?.sort ?? 0) + 10 });
    await recordAudit(trx, { ...auditActor(actor), action: 'assistance.catalogue_add', targetType: 'assistance_catalogue', targetId: row.id, detail: { before: null, after: dto(row) } });
    return dto(row);
  });
}

/**
 * Renames, reorders or retires an item. An item of the national catalogue is changed in the caller's county's own
 * copy (made now if it has none), never for every county.
 */
export async function editCatalogueItem(db: Kysely<DB>, actor: Actor, id: number, input: { name?: string; active?: boolean; sort?: number }) {
  const found = await catalogueItem(db, id);
  const county = found.county_code === NATIONAL_CATALOGUE ? countyOf(actor.user) : found.county_code;
  assertInScope(county.padEnd(12, '0'), actor.user);
  const change = { ...input, ...(input.name !== undefined ? { name: requiredText('name', input.name) } : {}) };
  return db.transaction().execute(async (trx) => {
    await ensureCountyCatalogue(trx, county);
    const before = found.county_code === NATIONAL_CATALOGUE ? await countyItemNamed(trx, county, found.name) : found;
    if (!before) throw new AppError('ASSIST_CATALOGUE_NOT_FOUND');
    const row = await updateCatalogueItem(trx, before.id, change);
    await recordAudit(trx, { ...auditActor(actor), action: 'assistance.catalogue_update', targetType: 'assistance_catalogue', targetId: row.id, detail: { before: dto(before), after: dto(row) } });
    return dto(row);
  });
}

export async function schedule(db: Kysely<DB>, user: SessionUser, county?: string) {
  const code = countyOf(user, county);
  return { countyCode: code, ...(await scheduleOf(db, code)) };
}

export async function updateSchedule(db: Kysely<DB>, actor: Actor, input: VisitSchedule & { countyCode?: string }) {
  const code = countyOf(actor.user, input.countyCode);
  const before = await scheduleOf(db, code);
  const after = { monitoredMonths: input.monitoredMonths, exitedMonths: input.exitedMonths, leftBehindMonths: input.leftBehindMonths };
  await db.transaction().execute(async (trx) => {
    await saveSchedule(trx, code, after, actor.user.id);
    await recordAudit(trx, { ...auditActor(actor), action: 'assistance.settings_update', targetType: 'assistance_settings', targetId: code, detail: { before, after } });
  });
  return { countyCode: code, ...after };
}
