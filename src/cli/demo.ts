import type { Config } from '../core/config.js';
import { createFieldCipher, loadMasterKey } from '../core/field-crypto.js';
import type { Connection } from '../db/database.js';
import { loadDemoData } from '../modules/demo/demo.service.js';

/**
 * `npx fangpin demo --persons N [--counties 140430,140431,…] [--seed S]`: a larger demo data set for tests and
 * benchmarks, through the import pipeline. Counties are filled in order, villages at their natural sizes, until N
 * persons; when the given counties hold fewer, the next counties of the same city and province follow. Their area
 * trees are imported first. Running it again with the same seed changes nothing (the import upserts by ID number).
 */
export async function cliDemo(conn: Connection, config: Config, opts: { persons?: string; counties?: string; seed?: string }): Promise<number> {
  const persons = opts.persons === undefined ? undefined : Number(opts.persons.replace(/[_,]/g, ''));
  if (persons !== undefined && (!Number.isInteger(persons) || persons < 1 || persons > 1_000_000)) {
    console.error('--persons must be a whole number from 1 to 1,000,000 (the import limit per file)');
    return 2;
  }
  const counties = opts.counties ? opts.counties.split(',').map((c) => c.trim()).filter(Boolean) : [config.demoCounty];
  const bad = counties.find((c) => !/^\d{6}$/.test(c));
  if (bad) {
    console.error(`--counties: "${bad}" is not a 6-digit county code`);
    return 2;
  }
  const cipher = createFieldCipher(loadMasterKey({ keyHex: config.keyHex, keyFile: config.keyFile, dataDir: config.dataDir }));
  const r = await loadDemoData({ db: conn.db, cipher, config }, { counties, persons, seed: opts.seed, log: (m) => console.error(m) });
  const c = r.import.counts;
  console.log(
    `演示数据已导入 demo data imported: ${r.generated.persons.toLocaleString('en')} persons, ${r.generated.households.toLocaleString('en')} households, ` +
      `${r.generated.villages} villages in ${r.generated.counties.join(', ')}; ` +
      `new ${c?.rows.new ?? 0}, updated ${c?.rows.updated ?? 0}, unchanged ${c?.rows.unchanged ?? 0} ` +
      `(generated in ${(r.generateMs / 1000).toFixed(1)} s, imported in ${(r.import.durationMs / 1000).toFixed(1)} s)`,
  );
  return 0;
}
