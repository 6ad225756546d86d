import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import type { Actor, SessionUser } from '../../server/context.js';
import { visitDue } from '../../shared/assistance.js';
import { recordAudit } from '../audit/repo.js';
import { openCase } from '../monitoring/open-case.js';
import { claimAttachments } from '../files/claim.js';
import type { AttachmentInfo } from '../files/repo.js';
import './file-purposes.js'; // the purpose its visits' photos are uploaded for
import { AppError } from './errors.js';
import { areaFilter, reachHousehold, viewerOf } from './access.js';
import { fieldError, optionalText, requiredText } from './field.js';
import { areaNames, householdVisits, insertVisit, isPairedWith, openCaseOfHousehold, pairedHouseholds, schedulesOf, setVisitCase, setVisitPhotos, type PairedRow, type VisitRow } from './repo.js';

/** A helper's visits (走访): the schedule of his households, recording a visit (once per client id), overdue lists. */

interface Deps {
  db: Kysely<DB>;
  config: Config;
}

const CHANGE_KEYS = ['income', 'health', 'schooling', 'housing', 'water'] as const;

export interface VisitInput {
  clientId: string;
  visitedOn: string;
  met: string;
  situation: string;
  changes: Partial<Record<(typeof CHANGE_KEYS)[number], string>>;
  needs?: string;
  /** A new risk found: open an identification case (channel inspection) with this clue. */
  newRisk?: { clue: string };
  /** Attachment ids (files module), uploaded for assistance.photo in the household's village. */
  photos?: string[];
}

function visitDto(v: VisitRow & { helper_name?: string; case_no?: string | null }) {
  return {
    id: v.id,
    clientId: v.client_id,
    householdId: v.household_id,
    helperId: v.helper_id,
    helperName: v.helper_name ?? null,
    visitedOn: v.visited_on,
    met: v.met,
    situation: v.situation,
    changes: v.changes as Record<string, string>,
    needs: v.needs,
    // Rows written before photos were linked hold bare ids; show only what has a name.
    photos: ((v.photos as AttachmentInfo[] | null) ?? []).filter((p) => typeof p === 'object' && p !== null),
    newRisk: v.new_risk,
    caseId: v.case_id,
    caseNo: v.case_no ?? null,
  };
}

export async function listVisits(deps: Deps, user: SessionUser, householdId: number) {
  await reachHousehold(deps.db, user, householdId);
  return (await householdVisits(deps.db, householdId, 200)).map(visitDto);
}

/**
 * Records a visit of a household paired with the helper. The client id makes it idempotent: a second send answers
 * the stored visit (with the case it opened), never a second one. A new risk opens an identification case through
 * monitoring's openCase; when the household has an open case already, the answer names it instead.
 */
export async function recordVisit(deps: Deps, actor: Actor, householdId: number, input: VisitInput) {
  const { db } = deps;
  const h = await reachHousehold(db, actor.user, householdId);
  const pairing = await isPairedWith(db, householdId, actor.user.id);
  if (!pairing) throw new AppError('ASSIST_NOT_ASSIGNED');
  const today = chinaDay(nowOf(deps.config));
  if (input.visitedOn > today) throw fieldError('visitedOn', '走访日期不能晚于今天', 'the visit date is in the future');
  if (input.visitedOn < pairing.assigned_on) throw fieldError('visitedOn', `走访日期不能早于结对日期 ${pairing.assigned_on}`, `the visit date is before the pairing (${pairing.assigned_on})`);
  const met = requiredText('met', input.met);
  const situation = requiredText('situation', input.situation);
  const changes: Record<string, string> = {};
  for (const k of CHANGE_KEYS) {
    const t = optionalText(input.changes[k]);
    if (t) changes[k] = t;
  }
  const clue = input.newRisk ? requiredText('newRisk.clue', input.newRisk.clue) : null;

  const { row, created } = await db.transaction().execute(async (trx) => {
    const r = await insertVisit(trx, {
      client_id: input.clientId.toLowerCase(),
      household_id: h.id,
      village_code: h.village_code,
      helper_id: actor.user.id,
      visited_on: input.visitedOn,
      met,
      situation,
      changes: JSON.stringify(changes),
      needs: optionalText(input.needs),
      new_risk: !!clue,
    });
    if (r.created) {
      // Linked in the visit's transaction: a refused photo leaves no visit, and a visit sent again links nothing twice.
      const photos = await claimAttachments(trx, input.photos ?? [], { purpose: 'assistance.photo', areaCode: h.village_code, userId: actor.user.id, linkTo: `assistance_visit:${r.row.id}`, field: 'photos' });
      if (photos.length) {
        await setVisitPhotos(trx, r.row.id, photos);
        r.row.photos = photos;
      }
      await recordAudit(trx, {
        userId: actor.user.id,
        username: actor.user.username,
        areaCode: actor.user.areaCode,
        ip: actor.ip,
        action: 'assistance.visit',
        targetType: 'household',
        targetId: h.id,
        detail: { before: null, after: { visitId: r.row.id, clientId: r.row.client_id, visitedOn: input.visitedOn, newRisk: !!clue } },
      });
    }
    return r;
  });
  if (!created && (row.helper_id !== actor.user.id || row.household_id !== h.id)) throw new AppError('ASSIST_VISIT_ID_TAKEN');

  let caseRef: { id: number; caseNo: string; existing: boolean } | null = null;
  if (row.case_id) {
    const c = await db.selectFrom('monitoring_cases').select(['id', 'case_no']).where('id', '=', row.case_id).executeTakeFirstOrThrow();
    caseRef = { id: c.id, caseNo: c.case_no, existing: false };
  } else if (row.new_risk && clue) {
    const open = await openCaseOfHousehold(db, h.id);
    if (open) caseRef = { id: open.id, caseNo: open.case_no, existing: true };
    else {
      try {
        const opened = await openCase(deps, { kind: 'identification', channel: 'inspection', householdId: h.id, clue }, actor);
        caseRef = { ...opened, existing: false };
      } catch (err) {
        const d = (err as AppError).details as { caseId?: number; caseNo?: string } | undefined;
        if ((err as AppError).code !== 'CASE_OPEN_EXISTS' || !d?.caseId) throw err;
        caseRef = { id: d.caseId, caseNo: d.caseNo ?? '', existing: true };
      }
      if (!caseRef.existing) await setVisitCase(db, row.id, caseRef.id);
    }
  }
  return { visit: visitDto({ ...row, case_id: caseRef && !caseRef.existing ? caseRef.id : row.case_id }), created, case: caseRef };
}

type ScheduledRow = ReturnType<typeof scheduled>[number];

function scheduled(rows: PairedRow[], schedules: Awaited<ReturnType<typeof schedulesOf>>, today: string) {
  return rows.map((r) => {
    const due = visitDue(
      { monitored: r.monitored, category: r.category, hasLeftBehind: r.has_left_behind, lastVisit: r.last_visit, assignedOn: r.assigned_on },
      schedules.get(r.county_code)!,
      today,
    );
    return {
      householdId: r.id,
      householdNo: r.household_no,
      headName: r.head_name,
      villageCode: r.village_code,
      address: r.address,
      category: r.category,
      monitored: r.monitored,
      hasLeftBehind: r.has_left_behind,
      memberCount: r.member_count,
      helperId: r.helper_id,
      helperName: r.helper_name,
      assignedOn: r.assigned_on,
      lastVisit: r.last_visit,
      dueOn: due.dueOn,
      overdueDays: due.overdueDays,
      overdue: due.dueOn !== null && due.dueOn < today,
      reason: due.reason,
    };
  });
}

async function scheduleRows(deps: Deps, user: SessionUser, opts: { areaCode?: string; helperId?: number }) {
  const rows = await pairedHouseholds(deps.db, viewerOf(user), opts);
  const schedules = await schedulesOf(deps.db, [...new Set(rows.map((r) => r.county_code))]);
  const today = chinaDay(nowOf(deps.config));
  return { today, rows: scheduled(rows, schedules, today) };
}

const byUrgency = (a: ScheduledRow, b: ScheduledRow) =>
  Number(b.overdue) - Number(a.overdue) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.householdNo.localeCompare(b.householdNo);

/** 我的帮扶户: the helper's households, overdue first, then by due day. */
export async function myHouseholds(deps: Deps, user: SessionUser) {
  const { today, rows } = await scheduleRows(deps, user, {});
  const names = await areaNames(deps.db, [...new Set(rows.map((r) => r.villageCode))]);
  const items = rows.sort(byUrgency).map((r) => ({ ...r, villageName: names.get(r.villageCode) ?? '' }));
  return { today, overdue: items.filter((r) => r.overdue).length, items };
}

/** Overdue visits of the area: counts by township and by helper, and the households. */
export async function overdueVisits(deps: Deps, user: SessionUser, areaCode?: string) {
  const { today, rows } = await scheduleRows(deps, user, { areaCode: areaFilter(user, areaCode) });
  const overdue = rows.filter((r) => r.overdue).sort(byUrgency);
  const townships = new Map<string, { code: string; paired: number; overdue: number }>();
  const helpersMap = new Map<number, { helperId: number; name: string; paired: number; overdue: number }>();
  for (const r of rows) {
    const t = r.villageCode.slice(0, 9) + '000';
    const ti = townships.get(t) ?? { code: t, paired: 0, overdue: 0 };
    ti.paired++;
    if (r.overdue) ti.overdue++;
    townships.set(t, ti);
    const hi = helpersMap.get(r.helperId) ?? { helperId: r.helperId, name: r.helperName, paired: 0, overdue: 0 };
    hi.paired++;
    if (r.overdue) hi.overdue++;
    helpersMap.set(r.helperId, hi);
  }
  const names = await areaNames(deps.db, [...townships.keys(), ...new Set(overdue.map((r) => r.villageCode))]);
  return {
    today,
    byTownship: [...townships.values()].map((t) => ({ ...t, name: names.get(t.code) ?? t.code })).sort((a, b) => b.overdue - a.overdue || a.code.localeCompare(b.code)),
    byHelper: [...helpersMap.values()].sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name)),
    items: overdue.slice(0, 2000).map((r) => ({ ...r, villageName: names.get(r.villageCode) ?? '' })),
    total: overdue.length,
  };
}
