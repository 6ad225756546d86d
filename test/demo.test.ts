import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseIdNumber } from '../src/core/idcard.js';
import { ageAt, CALIBRATED_VILLAGES, generateVillage, IdAllocator, MONITORING_LINE, type DemoHousehold } from '../src/modules/demo/generator.js';
import { demoVillages, writeDemoCsv } from '../src/modules/demo/demo-file.js';
import { TEMPLATE_HEADERS } from '../src/modules/exports/columns.js';
import { loadDemoData } from '../src/modules/demo/demo.service.js';
import { loadConfig } from '../src/core/config.js';
import { sql } from 'kysely';
import { createTestDb } from './helpers/db.js';
import { registrySummary } from '../src/modules/households/repo/summary.js';
import { testCipher } from './helpers/app.js';

const DAQIAOGOU = '140430103207';

/** The whole demo county (沁县), generated once in memory and summarised (≈ 145,000 persons). */
async function county(seed: string | number = 'fangpin-demo-2025') {
  const ids = new IdAllocator('140430');
  const households: DemoHousehold[] = [];
  for (const village of await demoVillages('140430')) for (const h of generateVillage({ village, ids, seed })) households.push(h);
  return households;
}

const share = (n: number, d: number) => n / d;
const between = (v: number, lo: number, hi: number, what: string) => assert.ok(v >= lo && v <= hi, `${what}: ${v.toFixed(4)} not in [${lo}, ${hi}]`);

test('the demo county: realistic spreads, valid unique ID numbers, one head per household, relations fit ages', async () => {
  const hh = await county();
  const people = hh.flatMap((h) => h.rows);
  const n = people.length;
  between(n, 100_000, 200_000, 'persons in 沁县');
  between(hh.length / 219, 100, 400, 'households per village');

  // Household sizes 1–7, mean ≈ 2.6, every size present.
  const sizes = hh.map((h) => h.rows.length);
  assert.ok(sizes.every((s) => s >= 1 && s <= 7));
  between(n / hh.length, 2.4, 2.9, 'mean household size');
  for (let s = 1; s <= 7; s++) assert.ok(sizes.includes(s), `no household of ${s}`);
  between(share(sizes.filter((s) => s === 1).length, hh.length), 0.15, 0.3, 'single-person households');

  // ID numbers: 100 % valid GB 11643, the county's prefix, unique, and consistent with gender and birth date.
  const seen = new Set<string>();
  for (const p of people) {
    const r = parseIdNumber(p.idNumber);
    assert.ok(r.ok, `invalid ID ${p.idNumber}`);
    assert.equal(r.value.areaCode, '140430');
    assert.equal(r.value.gender, p.gender);
    assert.equal(r.value.birthDate, p.birthDate);
    assert.ok(!seen.has(p.idNumber), `duplicate ID ${p.idNumber}`);
    seen.add(p.idNumber);
  }
  // Sequence digits as issued: a township's station code, not 001, 003 … county-wide.
  const firstDigits = new Set(people.map((p) => p.idNumber[14]));
  assert.ok(!firstDigits.has('0') && firstDigits.size >= 4, `sequence digits spread over stations: ${[...firstDigits].join('')}`);
  for (const h of hh.slice(0, 200)) {
    const station = String(IdAllocator.station(h.villageCode.slice(6, 9)));
    assert.ok(h.rows.some((r) => r.idNumber.slice(14, 16) === station), `${h.householdNo}: members carry the township's station ${station}`);
  }

  // Exactly one head; relations consistent with ages.
  for (const h of hh) {
    assert.equal(h.rows.filter((r) => r.relation === 'head').length, 1, h.householdNo);
    assert.equal(h.rows[0]!.relation, 'head');
    const head = ageAt(h.rows[0]!.birthDate);
    for (const r of h.rows) {
      const a = ageAt(r.birthDate);
      if (r.relation === 'son' || r.relation === 'daughter') assert.ok(a <= head - 18, `${h.householdNo}: child ${a}, head ${head}`);
      if (r.relation === 'father' || r.relation === 'mother') assert.ok(a >= head + 18, `${h.householdNo}: parent ${a}, head ${head}`);
      if (['grandson', 'granddaughter', 'daughters_son', 'daughters_daughter'].includes(r.relation)) assert.ok(a < 18 && a <= head - 36, `${h.householdNo}: grandchild ${a}`);
      if (r.relation === 'spouse') assert.equal(r.gender === 'M', h.rows[0]!.gender === 'F');
    }
    // Household columns are the same on every member row.
    assert.ok(h.rows.every((r) => r.householdNo === h.householdNo && r.perCapitaIncome === h.rows[0]!.perCapitaIncome && r.memberCount === h.rows.length));
  }

  // A rural age pyramid: many elderly, children left behind with grandparents.
  const ages = people.map((p) => ageAt(p.birthDate));
  between(share(ages.filter((a) => a >= 60).length, n), 0.22, 0.4, '60 and over');
  between(share(ages.filter((a) => a < 16).length, n), 0.08, 0.22, 'under 16');
  between(share(people.filter((p) => p.relation === 'grandson' || p.relation === 'granddaughter').length, n), 0.01, 0.08, 'grandchildren');
  between(share(hh.filter((h) => h.rows[0]!.hasLeftBehind).length, hh.length), 0.05, 0.35, 'households with left-behind members');

  // School: every child of compulsory-school age is at the right level (or, very rarely, dropped out).
  const expected: Record<number, string> = { 6: 'primary', 7: 'primary', 8: 'primary', 9: 'primary', 10: 'primary', 11: 'primary', 12: 'grade7', 13: 'grade8', 14: 'grade9' };
  const pupils = people.filter((p) => ageAt(p.birthDate) in expected);
  assert.ok(pupils.length > 5000);
  const right = pupils.filter((p) => p.schoolStatus === expected[ageAt(p.birthDate)]).length;
  between(share(right, pupils.length), 0.99, 1, 'compulsory-age children at the right level');
  assert.ok(pupils.every((p) => p.schoolStatus === expected[ageAt(p.birthDate)] || p.schoolStatus === 'dropped_out'));
  assert.ok(people.filter((p) => ageAt(p.birthDate) >= 30).every((p) => p.schoolStatus === 'none'));

  // Health: chronic ≈ 15 %, serious ≈ 3 %, disabled ≈ 6 % with category and grade.
  const health = (h: string) => share(people.filter((p) => p.health === h).length, n);
  between(health('chronic'), 0.12, 0.18, 'chronic illness');
  between(health('serious'), 0.02, 0.04, 'serious illness');
  between(health('disabled'), 0.045, 0.075, 'disability');
  assert.ok(people.every((p) => (p.health === 'disabled') === (p.disabilityCategory != null && p.disabilityGrade != null)));

  // Labour capacity by age and health; work only for people of working age with labour.
  assert.ok(people.filter((p) => ageAt(p.birthDate) < 16).every((p) => p.labourCapacity === 'none'));
  assert.ok(people.every((p) => !p.workPlace || (['normal', 'skilled', 'weak'].includes(p.labourCapacity!) && p.workMonths! >= 1 && p.workMonths! <= 12)));
  between(share(people.filter((p) => p.workPlace).length, n), 0.2, 0.5, 'working away or locally');
  assert.ok(people.filter((p) => p.health === 'serious').every((p) => p.labourCapacity !== 'normal' && p.labourCapacity !== 'skilled'));

  // Insurance ≈ 95 %.
  between(share(people.filter((p) => p.medicalInsured).length, n), 0.94, 0.99, 'medical insurance');
  const adults = people.filter((p) => p.pensionInsured != null);
  between(share(adults.filter((p) => p.pensionInsured).length, adults.length), 0.9, 0.99, 'pension insurance');

  // Categories, exit years, monitoring types, incomes around the line.
  const byCat = (c: string) => hh.filter((h) => h.category === c);
  between(share(byCat('exited').length, hh.length), 0.12, 0.3, 'exited households');
  between(share(byCat('monitored').length, hh.length), 0.005, 0.03, 'monitored households');
  assert.ok(byCat('exited').every((h) => h.rows[0]!.exitYear! >= 2014 && h.rows[0]!.exitYear! <= 2020));
  assert.ok(byCat('monitored').every((h) => h.rows[0]!.monitoringType));
  assert.ok(byCat('ordinary').every((h) => !h.rows[0]!.monitoringType && !h.rows[0]!.exitYear));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const income = (c: string) => byCat(c).map((h) => h.rows[0]!.perCapitaIncome!);
  between(median(income('exited')), 9000, 16000, 'exited median income');
  between(share(income('exited').filter((x) => x >= 8000 && x <= 20000).length, byCat('exited').length), 0.75, 1, 'exited within 8k–20k');
  between(median(income('monitored')), 4500, MONITORING_LINE + 1000, 'monitored median income');
  between(share(income('monitored').filter((x) => x < MONITORING_LINE).length, byCat('monitored').length), 0.5, 0.9, 'monitored below the line');
  for (const h of hh) {
    const r = h.rows[0]!;
    const net = r.incomeWages + r.incomeBusiness + r.incomeProperty + r.incomeTransfer - r.expenseBusiness;
    assert.equal(r.perCapitaIncome, Math.round((net / h.rows.length) * 100) / 100);
  }
  between(share(hh.filter((h) => h.rows[0]!.isDibao).length, hh.length), 0.02, 0.12, '低保 households');
  assert.ok(hh.filter((h) => h.rows[0]!.isTekun).every((h) => h.rows.length === 1 && !h.rows[0]!.isDibao));
  assert.ok(hh.every((h) => ['A', 'B', 'C', 'D'].includes(h.rows[0]!.housingRating!)));

  // 大桥沟村 matches the seed's plan 2 exactly.
  const dq = hh.filter((h) => h.villageCode === DAQIAOGOU);
  const plan = CALIBRATED_VILLAGES[DAQIAOGOU]!;
  assert.equal(dq.length, plan.households);
  assert.equal(dq.reduce((s, h) => s + h.rows.length, 0), 463);
  const ex = dq.filter((h) => h.category === 'exited');
  assert.equal(ex.length, 40);
  assert.equal(ex.reduce((s, h) => s + h.rows.length, 0), 110);
  const mon = dq.filter((h) => h.category === 'monitored');
  assert.equal(mon.length, 2);
  assert.equal(mon.reduce((s, h) => s + h.rows.length, 0), 2);
});

test('reproducible: the same seed gives the same households; another seed different ones', async () => {
  const [v] = (await demoVillages('140430')).filter((x) => x.code === DAQIAOGOU);
  const run = (seed: string) => [...generateVillage({ village: v!, ids: new IdAllocator('140430'), seed })].flatMap((h) => h.rows.map((r) => `${r.idNumber}${r.name}${r.perCapitaIncome}`));
  assert.deepEqual(run('a'), run('a'));
  assert.notDeepEqual(run('a'), run('b'));
});

test('the demo file: county template CSV (BOM, Chinese headers), capped at N persons, streamed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-demo-'));
  try {
    const file = path.join(dir, 'demo.csv');
    const stats = await writeDemoCsv(file, { counties: ['140430', '140431'], persons: 20_000 });
    assert.equal(stats.persons, 20_000);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('\uFEFF'));
    const lines = text.slice(1).trimEnd().split('\r\n');
    assert.equal(lines[0], TEMPLATE_HEADERS.join(','));
    assert.equal(lines.length - 1, 20_000);
    assert.equal(new Set(lines.slice(1).map((l) => l.split(',')[0])).size, stats.households);
    // The last household was cut to fit but still has its head.
    const last = lines.slice(1).filter((l) => l.startsWith(lines[lines.length - 1]!.split(',')[0]! + ','));
    assert.ok(last[0]!.includes(',户主,'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('generated demo data goes in through the import pipeline: 大桥沟村 has 182 households, 463 people, 40 exited (110), 2 monitored (2)', async () => {
  const tdb = await createTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-demo-db-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    // One township (新店镇) of the demo county: the village's figures do not depend on what else is generated.
    const r = await loadDemoData({ db: tdb.db, cipher: testCipher, config }, { counties: ['140430'], areaPrefix: '140430103' });
    assert.equal(r.import.state, 'done', JSON.stringify(r.import.error ?? r.import.problems.slice(0, 3)));
    assert.equal(r.import.counts!.rows.total, r.generated.persons);
    const members = await tdb.db.selectFrom('members').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(members.n), r.generated.persons);

    const figures = await sql<{ category: string; households: number; people: number }>`
      select h.category, count(distinct h.id)::int as households, count(m.id)::int as people
      from households h join members m on m.household_id = h.id and m.status = 'active'
      where h.village_code = '140430103207' group by rollup (h.category)`.execute(tdb.db);
    const by = Object.fromEntries(figures.rows.map((x) => [x.category ?? 'all', x]));
    assert.deepEqual([by.all!.households, by.all!.people], [182, 463]);
    assert.deepEqual([by.exited!.households, by.exited!.people], [40, 110]);
    assert.deepEqual([by.monitored!.households, by.monitored!.people], [2, 2]);
    // The home page's overview says the same for the village's clerk.
    const s = await registrySummary(tdb.db, { areaCode: '140430103207', areaLevel: 5 });
    assert.deepEqual([s.households, s.members, s.exited.households, s.exited.members, s.monitored.households, s.monitored.members], [182, 463, 40, 110, 2, 2]);
    const hh = await tdb.db.selectFrom('households').select(['member_count', 'per_capita_income', 'head_name']).where('village_code', '=', '140430103207').execute();
    assert.equal(hh.reduce((s, h) => s + h.member_count, 0), 463);
    assert.ok(hh.every((h) => h.head_name && h.per_capita_income != null));
    // Stored as real data is: encrypted, decryptable, valid.
    const m = await tdb.db.selectFrom('members').select(['id_enc', 'id_masked']).limit(50).execute();
    for (const x of m) assert.ok(parseIdNumber(testCipher.decrypt(x.id_enc)).ok);
  } finally {
    await tdb.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
