import type { Database } from '../../../db/database.js';
import { villagesIn } from '../repo.js';
import { codeInScope, type Scope } from '../../../core/scope.js';

/**
 * Village names as county rolls write them → 12-digit codes. Official names end in 村委会 / 村民委员会 (大桥沟村委会);
 * files write 大桥沟村 or 大桥沟. A name found in several townships needs the township (or county) column. Villages
 * are looked up in the county (or counties) around the importer's scope, so a village of the same county outside
 * the scope is told apart from a name that does not exist.
 */
export type VillageResult =
  | { ok: true; code: string }
  | { ok: false; code: 'VILLAGE_UNKNOWN' | 'VILLAGE_AMBIGUOUS' | 'VILLAGE_OUT_OF_SCOPE' | 'VILLAGE_CODE_UNKNOWN' | 'VILLAGE_MISSING'; zh: string; en: string };

interface Village {
  code: string;
  name: string;
  township: string;
  county: string;
}

const SUFFIX = /(村民委员会|村委会|居民委员会|社区居委会|居委会|村委|社区)$/;

/** 大桥沟村委会 → 大桥沟村; 新店镇 → 新店. */
export function villageBase(name: string): string {
  return name.replace(/[\s\u3000]/g, '').replace(SUFFIX, '') || name;
}
function shortName(name: string): string {
  const b = villageBase(name);
  return b.length > 2 && b.endsWith('村') ? b.slice(0, -1) : b;
}
function placeBase(name: string): string {
  return name.replace(/[\s\u3000]/g, '').replace(/(街道办事处|人民政府|办事处|街道|镇|乡|县|市|区)$/, '');
}

export class VillageResolver {
  private byName = new Map<string, Village[]>();
  private byCode = new Map<string, Village>();
  private cache = new Map<string, VillageResult>();

  constructor(villages: Village[], private scope: Scope | null) {
    for (const v of villages) {
      this.byCode.set(v.code, v);
      for (const key of new Set([villageBase(v.name), shortName(v.name)])) {
        const list = this.byName.get(key);
        if (list) list.push(v);
        else this.byName.set(key, [v]);
      }
    }
  }

  /** How many villages are known (0: no area tree loaded). */
  get size(): number {
    return this.byCode.size;
  }

  /** Villages of the county (or counties) around the scope; everything for the command line (scope null). */
  static async load(db: Database, scope: Scope | null): Promise<VillageResolver> {
    const around = scope ? { areaCode: scope.areaCode, areaLevel: Math.min(3, scope.areaLevel) } : null;
    const rows = await villagesIn(db, around);
    return new VillageResolver(
      rows.map((r) => ({ code: r.code, name: r.name, township: r.township ?? '', county: r.county ?? '' })),
      scope,
    );
  }

  resolve(input: { code?: string; village?: string; township?: string; county?: string }): VillageResult {
    const key = `${input.code ?? ''}|${input.village ?? ''}|${input.township ?? ''}|${input.county ?? ''}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.lookup(input);
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }

  private lookup({ code, village, township, county }: { code?: string; village?: string; township?: string; county?: string }): VillageResult {
    let found: Village | undefined;
    if (code) {
      const c = code.replace(/\s/g, '');
      found = /^\d{12}$/.test(c) ? this.byCode.get(c) : undefined;
      if (!found) return { ok: false, code: 'VILLAGE_CODE_UNKNOWN', zh: `村代码“${code}”不存在（应为 12 位统计用区划代码）`, en: `Village code "${code}" does not exist (12-digit statistical code)` };
    } else {
      if (!village) return { ok: false, code: 'VILLAGE_MISSING', zh: '村为空', en: 'Village is empty' };
      let list = this.byName.get(villageBase(village)) ?? this.byName.get(shortName(village)) ?? [];
      if (township && list.length > 1) list = list.filter((v) => placeBase(v.township) === placeBase(township));
      if (county && list.length > 1) list = list.filter((v) => placeBase(v.county) === placeBase(county));
      if (list.length > 1 && this.scope) {
        const inScope = list.filter((v) => codeInScope(v.code, this.scope!));
        if (inScope.length === 1) list = inScope;
      }
      if (list.length === 0) {
        return { ok: false, code: 'VILLAGE_UNKNOWN', zh: `村“${village}”不存在${township ? `于“${township}”` : ''}，请核对村名或填写村代码`, en: `Village "${village}" not found; check the name or give the village code` };
      }
      if (list.length > 1) {
        return { ok: false, code: 'VILLAGE_AMBIGUOUS', zh: `村名“${village}”在多个乡镇都有（${list.slice(0, 3).map((v) => v.township).join('、')}），请填写乡镇或村代码`, en: `Village "${village}" exists in several townships; give the township or the village code` };
      }
      found = list[0]!;
      if (township && placeBase(found.township) !== placeBase(township)) {
        return { ok: false, code: 'VILLAGE_UNKNOWN', zh: `村“${village}”不属于“${township}”（属于${found.township}）`, en: `Village "${village}" is not in "${township}"` };
      }
    }
    if (this.scope && !codeInScope(found.code, this.scope)) {
      return { ok: false, code: 'VILLAGE_OUT_OF_SCOPE', zh: `${found.name}（${found.code}）不在您的管辖范围内`, en: `${found.code} is outside your area` };
    }
    return { ok: true, code: found.code };
  }
}
