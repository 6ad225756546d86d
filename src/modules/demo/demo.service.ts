import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../core/config.js';
import type { Database } from '../../db/database.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { importAreas } from '../areas/import-areas.js';
import { registryEverFilled } from './repo.js';
import { importFile } from '../imports/pipeline/import-file.js';
import type { ImportProgress, ImportSummary } from '../imports/job/record.js';
import { nextCounties, writeDemoCsv, type DemoStats } from './demo-file.js';

export interface DemoDeps {
  db: Database;
  cipher: FieldCipher;
  config: Config;
}

export interface LoadDemoOptions {
  /** Counties to fill, in order. Default: the configured demo county (then its neighbours when `persons` asks for more). */
  counties?: string[];
  /** Total persons; unset = every village of the counties at its natural size. */
  persons?: number;
  /** Only villages under this code prefix (a township, for tests). */
  areaPrefix?: string;
  seed?: string | number;
  log?: (msg: string) => void;
}

export interface LoadDemoResult {
  generated: DemoStats;
  import: ImportSummary;
  generateMs: number;
}

/**
 * Demo data goes in exactly as a county's file would: generate a template CSV, load the counties' area trees, then
 * the import pipeline (checks, staging, set-based commit, history, audit) as the system user.
 */
export async function loadDemoData(deps: DemoDeps, opts: LoadDemoOptions = {}): Promise<LoadDemoResult> {
  const log = opts.log ?? (() => {});
  let counties = opts.counties?.length ? opts.counties : [deps.config.demoCounty];
  // A larger data set than the given counties hold spills over into the next counties of the same city / province.
  if (opts.persons !== undefined && !opts.areaPrefix) counties = [...counties, ...(await nextCounties(counties[counties.length - 1]!, 200)).filter((c) => !counties.includes(c))];
  const dir = path.join(deps.config.dataDir, 'demo');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `demo-${Date.now().toString(36)}.csv`);
  try {
    const t0 = Date.now();
    const generated = await writeDemoCsv(file, {
      counties,
      persons: opts.persons,
      areaPrefix: opts.areaPrefix,
      seed: opts.seed,
      title: '农户基本信息表（演示数据）',
      onProgress: (s) => log(`生成演示数据 generating: ${s.persons} persons, ${s.households} households`),
    });
    const generateMs = Date.now() - t0;
    log(`演示数据已生成 generated ${generated.persons} persons in ${generated.households} households, ${generated.villages} villages of ${generated.counties.join(', ')} (${generateMs} ms)`);
    for (const county of generated.counties) await importAreas(deps.db, null, county);
    let lastLog = 0;
    const summary = await importFile(deps, null, file, {
      mode: 'valid_only',
      report: false,
      onProgress: (p: ImportProgress) => {
        const done = p.phase === 'checking' ? p.rowsChecked : p.rowsWritten;
        if (Date.now() - lastLog > 5000) {
          lastLog = Date.now();
          log(`导入演示数据 importing demo data: ${p.phase}, ${p.step}: ${done}${p.rowsTotal ? ` / ${p.rowsTotal}` : ''}`);
        }
      },
    });
    if (summary.state !== 'done') {
      throw new Error(`demo import ended in state ${summary.state}: ${summary.error?.en ?? JSON.stringify(summary.problems.slice(0, 3))}`);
    }
    return { generated, import: summary, generateMs };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * First start of a fresh installation (SEED_DEMO on): fill the demo county when the registry is empty and no import
 * has ever been completed. Returns undefined when there was something already. An interrupted run left nothing
 * behind (the import commits in one transaction), so the next start tries again.
 */
export async function seedDemoHouseholdsIfEmpty(deps: DemoDeps, log: (msg: string) => void): Promise<LoadDemoResult | undefined> {
  if (await registryEverFilled(deps.db)) return undefined;
  return loadDemoData(deps, { counties: [deps.config.demoCounty], log });
}
