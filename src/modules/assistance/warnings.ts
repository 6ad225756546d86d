import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import type { SessionUser } from '../../server/context.js';
import { ENDING_SOON_DAYS } from '../../shared/assistance.js';
import { areaFilter, viewerOf } from './access.js';
import { areaNames, warningRows } from './repo.js';

/**
 * The assistance warnings of the caller's area (computed, never typed), with counts by township: monitored
 * households with labour capacity and no 产业/就业 measure, monitored households without a helper, measures ending
 * within 30 days. A helper sees his own households'.
 */
export async function warnings(deps: { db: Kysely<DB>; config: Config }, user: SessionUser, opts: { areaCode?: string; kind?: string }) {
  const today = chinaDay(nowOf(deps.config));
  const all = await warningRows(deps.db, viewerOf(user), today, ENDING_SOON_DAYS, areaFilter(user, opts.areaCode));
  const townships = new Map<string, { code: string; noWorkMeasure: number; noHelper: number; measureEnding: number }>();
  for (const w of all) {
    const code = w.village_code.slice(0, 9) + '000';
    const t = townships.get(code) ?? { code, noWorkMeasure: 0, noHelper: 0, measureEnding: 0 };
    if (w.kind === 'no_work_measure') t.noWorkMeasure++;
    else if (w.kind === 'no_helper') t.noHelper++;
    else t.measureEnding++;
    townships.set(code, t);
  }
  const items = opts.kind ? all.filter((w) => w.kind === opts.kind) : all;
  const names = await areaNames(deps.db, [...townships.keys(), ...new Set(items.slice(0, 2000).map((w) => w.village_code))]);
  return {
    today,
    counts: {
      noWorkMeasure: all.filter((w) => w.kind === 'no_work_measure').length,
      noHelper: all.filter((w) => w.kind === 'no_helper').length,
      measureEnding: all.filter((w) => w.kind === 'measure_ending').length,
    },
    byTownship: [...townships.values()].map((t) => ({ ...t, name: names.get(t.code) ?? t.code })).sort((a, b) => a.code.localeCompare(b.code)),
    items: items.slice(0, 2000).map((w) => ({
      kind: w.kind,
      householdId: w.household_id,
      householdNo: w.household_no,
      headName: w.head_name,
      villageCode: w.village_code,
      villageName: names.get(w.village_code) ?? '',
      measureId: w.measure_id,
      measureContent: w.measure_content,
      endOn: w.end_on,
    })),
    total: items.length,
  };
}
