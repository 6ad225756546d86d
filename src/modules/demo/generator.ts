import { checkChar } from '../../core/idcard.js';
import type { TemplateRow } from '../exports/columns.js';
import { pickGivenName, pickSurname } from './names.js';
import { Rng, Weighted } from './random.js';

/**
 * Realistic demo households and members (农户信息), generated village by village from a fixed seed.
 *
 * Each village has its own random stream (seed + village code), so a village's households are the same whoever asks
 * and whatever else is generated; only the sequence digits of ID numbers depend on the order (they are allocated per
 * county, to keep every number unique). Shapes follow rural Shanxi: household sizes 1–7 (mean ≈ 2.6), many elderly
 * heads and couples, left-behind grandchildren, children at the right school level for their age, chronic illness
 * ≈ 15 %, serious illness ≈ 3 %, disability ≈ 6 %, incomes around a monitoring line of 7,000 yuan per capita.
 */

/** Ages are counted at this date (fixed, for reproducible data). */
export const REFERENCE_DATE = { year: 2025, month: 6, day: 30 };
export const INCOME_YEAR = 2024;
export const MONITORING_LINE = 7000;

export interface DemoVillage {
  /** 12-digit statistical code. */
  code: string;
  /** The official name (大桥沟村委会). */
  name: string;
  /** The name a county roll writes (大桥沟村). */
  shortName: string;
  townshipName: string;
}

export interface CategoryPlan {
  households: number;
  persons: number;
}

/** Exact figures for a village (households and people, in total and per category); other villages get drawn sizes. */
export interface VillagePlan {
  households: number;
  persons: number;
  exited: CategoryPlan;
  monitored: CategoryPlan;
}

/** The seed's plan 2: 大桥沟村 has 182 households, 463 people, 40 exited households (110), 2 monitored (2). */
export const CALIBRATED_VILLAGES: Record<string, VillagePlan> = {
  '140430103207': { households: 182, persons: 463, exited: { households: 40, persons: 110 }, monitored: { households: 2, persons: 2 } },
};

export interface DemoHousehold {
  householdNo: string;
  villageCode: string;
  category: 'exited' | 'monitored' | 'ordinary';
  /** One row per member, the head first. */
  rows: TemplateRow[];
}

/** The short name county rolls use: 大桥沟村委会 / 大桥沟村民委员会 → 大桥沟村. */
export function shortVillageName(name: string): string {
  return name.replace(/(村民委员会|村委会)$/, '村').replace(/(居民委员会|居委会)$/, '社区');
}

/** Rural villages only (村委会, codes 2xx–3xx); urban neighbourhood committees (居委会, 0xx–1xx) hold no farm households. */
export function isRuralVillage(code: string): boolean {
  return Number(code.slice(9)) >= 200;
}

// ---------------------------------------------------------------------------------------------------------------
// ID numbers

/**
 * Unique GB 11643 numbers for one county prefix. The three sequence digits are read, as issued, as a two-digit
 * police-station code and a serial: each township gets its own station code (10–99), and a station issues five
 * numbers per birth date and gender (odd serials for men, even for women). Numbering 001, 003 … county-wide made
 * every number end in 00x or 01x, which no real roll does.
 */
export class IdAllocator {
  private readonly used = new Map<number, number>();
  constructor(readonly prefix: string) {
    if (!/^\d{6}$/.test(prefix)) throw new Error(`bad county prefix ${prefix}`);
  }

  /** The station code of a township (the 3 digits after the county in a village's code). */
  static station(townshipDigits: string): number {
    return ((Number(townshipDigits) * 37) % 90) + 10;
  }

  /**
   * Returns the number and the birth date actually used: a station whose five numbers of the day are taken lends
   * from the next station; only when all ninety are taken does the date move a day on.
   */
  next(birthDay: number, gender: 'M' | 'F', station: number): { id: string; birthDay: number } {
    for (let day = birthDay; ; day++) {
      for (let i = 0; i < 90; i++) {
        const st = ((station - 10 + i) % 90) + 10;
        const key = (day * 2 + (gender === 'F' ? 1 : 0)) * 100 + st;
        const n = this.used.get(key) ?? 0;
        if (n >= 5) continue;
        this.used.set(key, n + 1);
        const seq = st * 10 + (gender === 'M' ? 2 * n + 1 : 2 * n);
        const first17 = `${this.prefix}${ymd(day).replace(/-/g, '')}${seq}`;
        return { id: first17 + checkChar(first17), birthDay: day };
      }
    }
  }
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 → YYYY-MM-DD. */
export function ymd(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
const REF_DAY = Date.UTC(REFERENCE_DATE.year, REFERENCE_DATE.month - 1, REFERENCE_DATE.day) / DAY_MS;

/** Age in whole years at the reference date. */
export function ageAt(birth: string): number {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  let age = REFERENCE_DATE.year - y;
  if (m > REFERENCE_DATE.month || (m === REFERENCE_DATE.month && d > REFERENCE_DATE.day)) age--;
  return age;
}

// ---------------------------------------------------------------------------------------------------------------
// Household composition

type Gender = 'M' | 'F';
type Category = DemoHousehold['category'];

interface Person {
  relation: string;
  age: number;
  gender: Gender;
  /** Whose surname the person carries: the family line, the head's own, or a new one (married in). */
  surname: 'line' | 'head' | 'own' | 'inlaw';
}

/** Household sizes 1–7, mean ≈ 2.65 (rural Shanxi, hukou households). */
const SIZES = new Weighted<number>([[1, 22], [2, 33], [3, 19], [4, 14], [5, 8], [6, 3], [7, 1]]);

const range = (rng: Rng, [lo, hi]: readonly [number, number]) => rng.int(lo, hi);

function headAge(rng: Rng, size: number): number {
  const brackets: [readonly [number, number], number][] =
    size === 1
      ? [[[28, 44], 10], [[45, 59], 20], [[60, 74], 38], [[75, 93], 32]]
      : size === 2
        ? [[[26, 44], 8], [[45, 59], 22], [[60, 74], 45], [[75, 90], 25]]
        : [[[24, 39], 18], [[40, 54], 37], [[55, 69], 33], [[70, 84], 12]];
  return range(rng, new Weighted(brackets).pick(rng));
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

function compose(rng: Rng, size: number): Person[] {
  const A = headAge(rng, size);
  const headMale = rng.chance(size === 1 ? 0.55 : 0.88);
  const head: Person = { relation: 'head', age: A, gender: headMale ? 'M' : 'F', surname: headMale ? 'line' : 'head' };
  const people: Person[] = [head];
  const room = () => size - people.length;
  if (room() > 0 && rng.chance(A >= 75 ? 0.6 : A >= 60 ? 0.82 : 0.92)) {
    const age = clamp(A + (headMale ? -rng.int(0, 5) : rng.int(0, 5)), 20, 98);
    people.push({ relation: 'spouse', age, gender: headMale ? 'F' : 'M', surname: headMale ? 'own' : 'line' });
  }
  const youngest = Math.min(...people.map((p) => p.age));

  if (A >= 55) {
    // An adult child stays in the household; often married, with the grandchildren (left behind when both work away).
    let line: 'son' | 'daughter' | undefined;
    let parentAge = 0;
    while (room() > 0) {
      if (!line) {
        const age = youngest - rng.int(22, 34);
        if (age < 14) break;
        line = rng.chance(0.72) ? 'son' : 'daughter';
        parentAge = age;
        people.push({ relation: line, age, gender: line === 'son' ? 'M' : 'F', surname: 'line' });
        if (room() > 0 && age >= 22 && rng.chance(0.78)) {
          people.push(
            line === 'son'
              ? { relation: 'daughter_in_law', age: clamp(age - rng.int(-2, 4), 20, 80), gender: 'F', surname: 'own' }
              : { relation: 'son_in_law', age: clamp(age + rng.int(-2, 4), 20, 80), gender: 'M', surname: 'inlaw' },
          );
        }
        continue;
      }
      const maxAge = Math.min(17, parentAge - 20);
      if (maxAge < 0) break;
      const g: Gender = rng.chance(0.53) ? 'M' : 'F';
      const relation = line === 'son' ? (g === 'M' ? 'grandson' : 'granddaughter') : g === 'M' ? 'daughters_son' : 'daughters_daughter';
      people.push({ relation, age: rng.int(0, maxAge), gender: g, surname: line === 'son' ? 'line' : 'inlaw' });
    }
  } else {
    // Younger heads: their children, then the head's parents.
    let prev = youngest - rng.int(20, 30);
    let children = 0;
    while (room() > 0 && prev >= 0 && children < 3) {
      const g: Gender = rng.chance(0.53) ? 'M' : 'F';
      people.push({ relation: g === 'M' ? 'son' : 'daughter', age: prev, gender: g, surname: 'line' });
      children++;
      prev -= rng.int(1, 6);
    }
    const motherAge = A + rng.int(22, 30);
    if (room() > 0 && motherAge <= 92) people.push({ relation: 'mother', age: motherAge, gender: 'F', surname: 'own' });
    if (room() > 0 && motherAge + 3 <= 92 && rng.chance(0.7)) people.push({ relation: 'father', age: motherAge + rng.int(0, 4), gender: 'M', surname: 'head' });
  }
  while (room() > 0) {
    const g: Gender = rng.chance(0.5) ? 'M' : 'F';
    const last = people[people.length - 1]!;
    if (last.age < 18 && people.some((p) => p.relation === 'son' || p.relation === 'daughter')) {
      // A younger sibling of the children already listed.
      const older = people.filter((p) => p.relation === 'son' || p.relation === 'daughter').reduce((a, p) => Math.min(a, p.age), 99);
      if (older >= 1) {
        people.push({ relation: g === 'M' ? 'son' : 'daughter', age: rng.int(0, older - 1), gender: g, surname: 'line' });
        continue;
      }
    }
    people.push({ relation: 'sibling', age: clamp(A + rng.int(-8, 8), 16, 90), gender: g, surname: 'head' });
  }
  return people;
}

// ---------------------------------------------------------------------------------------------------------------
// Attributes of a person

const ETHNICITY = new Weighted<string>([['汉族', 994], ['回族', 4], ['蒙古族', 1], ['满族', 1]]);
const DISABILITY = new Weighted<string>([['physical', 50], ['visual', 12], ['hearing', 12], ['intellectual', 8], ['mental', 8], ['speech', 3], ['multiple', 7]]);
const GRADE = new Weighted<number>([[1, 10], [2, 20], [3, 30], [4, 40]]);
const WORK_PLACE = new Weighted<string>([['in_township', 20], ['in_county', 25], ['in_province', 30], ['out_province', 25]]);
const WORK_PLACE_LOCAL = new Weighted<string>([['in_township', 55], ['in_county', 45]]);
const EXIT_YEAR = new Weighted<number>([[2014, 8], [2015, 10], [2016, 18], [2017, 22], [2018, 20], [2019, 15], [2020, 7]]);
const MONITORING_TYPE = new Weighted<string>([['unstable_exited', 40], ['marginal', 40], ['sudden_hardship', 20]]);
const HOUSING = new Weighted<string>([['A', 72], ['B', 25], ['C', 2.8], ['D', 0.2]]);
const MONTHLY_WAGE: Record<string, number> = { in_township: 2200, in_county: 2800, in_province: 3600, out_province: 4600 };
const PHONE_PREFIX = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '177', '180', '182', '183', '185', '186', '187', '188', '189', '199'];

const SENIOR_SCHOOL = new Weighted<string>([['senior', 55], ['vocational_secondary', 30], ['none', 15]]);
const TERTIARY = new Weighted<string>([['college', 12], ['bachelor', 15], ['vocational_college', 15], ['none', 58]]);
const POSTGRAD = new Weighted<string>([['bachelor', 5], ['graduate', 1], ['none', 94]]);
function schoolStatus(rng: Rng, age: number): string {
  if (age < 3) return 'none';
  if (age <= 5) return rng.chance(0.88) ? 'preschool' : 'none';
  if (age <= 11) return rng.chance(0.001) ? 'dropped_out' : 'primary';
  if (age <= 14) return rng.chance(0.003) ? 'dropped_out' : (['grade7', 'grade8', 'grade9'] as const)[age - 12]!;
  if (age <= 17) return SENIOR_SCHOOL.pick(rng);
  if (age <= 21) return TERTIARY.pick(rng);
  if (age <= 24) return POSTGRAD.pick(rng);
  return 'none';
}

const EDUCATION_IN_SCHOOL: Record<string, string | null> = {
  preschool: null, primary: 'primary', grade7: 'junior', grade8: 'junior', grade9: 'junior', senior: 'senior',
  vocational_secondary: 'vocational', vocational_college: 'college', college: 'college', bachelor: 'bachelor', graduate: 'bachelor',
};
const EDUCATION_BY_COHORT: [number, Weighted<string>][] = [
  [1950, new Weighted([['illiterate', 45], ['primary', 40], ['junior', 13], ['senior', 2]])],
  [1970, new Weighted([['illiterate', 12], ['primary', 40], ['junior', 38], ['senior', 8], ['vocational', 2]])],
  [1990, new Weighted([['illiterate', 2], ['primary', 18], ['junior', 55], ['senior', 15], ['vocational', 6], ['college', 3], ['bachelor', 1]])],
  [9999, new Weighted([['primary', 5], ['junior', 45], ['senior', 20], ['vocational', 15], ['college', 10], ['bachelor', 5]])],
];

function education(rng: Rng, age: number, school: string): string | null {
  if (age < 6) return null;
  if (school === 'dropped_out') return age >= 12 ? 'primary' : null;
  if (school !== 'none') return EDUCATION_IN_SCHOOL[school] ?? null;
  if (age < 18) return age >= 15 ? 'junior' : 'primary';
  const born = REFERENCE_DATE.year - age;
  return EDUCATION_BY_COHORT.find(([until]) => born <= until)![1].pick(rng);
}

function health(rng: Rng, age: number, poor: boolean): { health: string; category: string | null; grade: number | null } {
  const k = poor ? 1.35 : 1;
  const [dis, ser, chr] = age < 40 ? [0.025, 0.008, 0.03] : age < 60 ? [0.06, 0.03, 0.14] : [0.095, 0.05, 0.28];
  const x = rng.next();
  if (x < dis * k) return { health: 'disabled', category: DISABILITY.pick(rng), grade: GRADE.pick(rng) };
  if (x < (dis + ser) * k) return { health: 'serious', category: null, grade: null };
  if (x < (dis + ser + chr) * k) return { health: 'chronic', category: null, grade: null };
  return { health: 'healthy', category: null, grade: null };
}

function labour(rng: Rng, age: number, school: string, h: { health: string; grade: number | null }): string {
  if (age < 16 || (school !== 'none' && school !== 'dropped_out')) return 'none';
  if (age >= 80) return 'none';
  if (h.health === 'serious') return rng.chance(0.6) ? 'lost' : 'weak';
  if (h.health === 'disabled') return h.grade! <= 2 ? 'lost' : rng.chance(0.6) ? 'weak' : 'normal';
  if (age >= 70) return rng.chance(0.5) ? 'weak' : 'none';
  if (h.health === 'chronic') return age >= 60 ? (rng.chance(0.6) ? 'weak' : 'lost') : rng.chance(0.5) ? 'weak' : 'normal';
  if (age >= 60) return rng.chance(0.6) ? 'weak' : 'normal';
  return rng.chance(0.22) ? 'skilled' : 'normal';
}

// ---------------------------------------------------------------------------------------------------------------
// Villages

export interface VillageContext {
  village: DemoVillage;
  ids: IdAllocator;
  seed: string | number;
  /** Stop after this many persons (the last household is cut to fit). */
  maxPersons?: number;
}

/** Sizes for `n` households summing to exactly `total` (drawn, then nudged one person at a time). */
function fitSizes(rng: Rng, n: number, total: number, draw: () => number): number[] {
  if (total < n || total > 7 * n) throw new Error(`cannot fit ${total} persons into ${n} households`);
  const sizes = Array.from({ length: n }, draw);
  let sum = sizes.reduce((a, b) => a + b, 0);
  while (sum !== total) {
    const i = rng.int(0, n - 1);
    if (sum < total && sizes[i]! < 7) {
      sizes[i]!++;
      sum++;
    } else if (sum > total && sizes[i]! > 1) {
      sizes[i]!--;
      sum--;
    }
  }
  return sizes;
}

function shuffle<T>(rng: Rng, a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The households of one village, in household-number order. */
export function* generateVillage(ctx: VillageContext): Generator<DemoHousehold> {
  const { village } = ctx;
  const rng = new Rng(`${ctx.seed}/${village.code}`);
  const plan = CALIBRATED_VILLAGES[village.code];
  let slots: { category: Category; size: number }[];
  if (plan) {
    const ordinary = { households: plan.households - plan.exited.households - plan.monitored.households, persons: plan.persons - plan.exited.persons - plan.monitored.persons };
    slots = [
      ...fitSizes(rng, plan.exited.households, plan.exited.persons, () => SIZES.pick(rng)).map((size) => ({ category: 'exited' as const, size })),
      ...fitSizes(rng, plan.monitored.households, plan.monitored.persons, () => SIZES.pick(rng)).map((size) => ({ category: 'monitored' as const, size })),
      ...fitSizes(rng, ordinary.households, ordinary.persons, () => SIZES.pick(rng)).map((size) => ({ category: 'ordinary' as const, size })),
    ];
    shuffle(rng, slots);
  } else {
    // 100–400 households, most near 250; 12–30 % exited, 0.5–3 % monitored.
    const n = Math.round(100 + 300 * ((rng.next() + rng.next()) / 2));
    const exitedShare = 0.12 + 0.18 * rng.next();
    const monitoredShare = 0.005 + 0.025 * rng.next();
    slots = Array.from({ length: n }, () => {
      const x = rng.next();
      const category: Category = x < exitedShare ? 'exited' : x < exitedShare + monitoredShare ? 'monitored' : 'ordinary';
      return { category, size: SIZES.pick(rng) };
    });
  }
  let persons = 0;
  for (let i = 0; i < slots.length; i++) {
    if (ctx.maxPersons !== undefined && persons >= ctx.maxPersons) return;
    let { size } = slots[i]!;
    if (ctx.maxPersons !== undefined) size = Math.min(size, ctx.maxPersons - persons);
    const h = household(rng, ctx, slots[i]!.category, size, i + 1);
    persons += h.rows.length;
    yield h;
  }
}

function household(rng: Rng, ctx: VillageContext, category: Category, size: number, serial: number): DemoHousehold {
  const { village } = ctx;
  const poor = category !== 'ordinary';
  const people = compose(rng, size);
  const line = pickSurname(rng);
  const headOwn = people[0]!.surname === 'head' ? pickSurname(rng) : line;
  const inlaw = pickSurname(rng);
  const station = IdAllocator.station(village.code.slice(6, 9));

  const rows = people.map((p) => {
    const born = ctx.ids.next(REF_DAY - Math.round(p.age * 365.25) - rng.int(0, 364), p.gender, station);
    const birthDate = ymd(born.birthDay);
    const age = ageAt(birthDate);
    const surname = p.surname === 'line' ? line : p.surname === 'head' ? headOwn : p.surname === 'inlaw' ? inlaw : pickSurname(rng);
    const school = schoolStatus(rng, age);
    const h = health(rng, age, poor);
    const lab = labour(rng, age, school, h);
    let workPlace: string | null = null;
    let workMonths: number | null = null;
    if ((lab === 'normal' || lab === 'skilled' || lab === 'weak') && age >= 16 && age <= 64) {
      const p = lab === 'weak' ? 0.2 : age < 50 ? 0.72 : 0.45;
      if (rng.chance(p)) {
        workPlace = lab === 'weak' ? WORK_PLACE_LOCAL.pick(rng) : WORK_PLACE.pick(rng);
        workMonths = workPlace === 'in_province' || workPlace === 'out_province' ? rng.int(6, 12) : rng.int(3, 12);
      }
    }
    const adult = age >= 16 && (school === 'none' || school === 'dropped_out');
    return {
      age,
      row: {
        householdNo: '',
        townshipName: village.townshipName,
        villageName: village.shortName,
        villageCode: village.code,
        address: null,
        phone: null,
        category,
        monitoringType: null,
        exitYear: null,
        isDibao: false,
        isTekun: false,
        isRelocated: false,
        hasLeftBehind: false,
        housingRating: null,
        housingRatedOn: null,
        waterQuantityOk: null,
        waterQualityOk: null,
        waterAccessOk: null,
        waterSupplyOk: null,
        incomeYear: INCOME_YEAR,
        incomeWages: 0,
        incomeBusiness: 0,
        incomeProperty: 0,
        incomeTransfer: 0,
        expenseBusiness: 0,
        memberCount: null,
        perCapitaIncome: null,
        name: surname + pickGivenName(rng, p.gender, Number(birthDate.slice(0, 4))),
        idNumber: born.id,
        gender: p.gender,
        birthDate,
        relation: p.relation,
        ethnicity: ETHNICITY.pick(rng),
        education: education(rng, age, school),
        schoolStatus: school,
        health: h.health,
        disabilityCategory: h.category,
        disabilityGrade: h.grade,
        labourCapacity: lab,
        workPlace,
        workMonths,
        medicalInsured: rng.chance(poor ? 0.997 : 0.95),
        pensionInsured: adult ? rng.chance(poor ? 0.98 : 0.93) : null,
        welfarePost: poor && !workPlace && (lab === 'weak' || lab === 'normal') && age >= 45 && age <= 65 && rng.chance(0.08),
      } satisfies TemplateRow as TemplateRow,
    };
  });

  // Household facts.
  const householdNo = `${village.code}${String(serial).padStart(4, '0')}`;
  const noLabour = rows.every((r) => !['normal', 'skilled', 'weak'].includes(r.row.labourCapacity ?? ''));
  const elderlyAlone = size === 1 && rows[0]!.age >= 60;
  const monitoringType = category === 'monitored' ? MONITORING_TYPE.pick(rng) : null;
  const exitYear = category === 'exited' || monitoringType === 'unstable_exited' ? EXIT_YEAR.pick(rng) : null;
  const isTekun = elderlyAlone && noLabour && rng.chance(poor ? 0.35 : 0.08);
  const isDibao = !isTekun && rng.chance(category === 'monitored' ? 0.45 : category === 'exited' ? (noLabour ? 0.4 : 0.15) : noLabour ? 0.08 : 0.015);
  const isRelocated = rng.chance(category === 'exited' ? 0.07 : category === 'monitored' ? 0.03 : 0.003);
  const awayWorker = rows.some((r) => (r.row.workPlace === 'in_province' || r.row.workPlace === 'out_province') && (r.row.workMonths ?? 0) >= 6);
  const dependants = rows.some((r) => r.age < 16 || r.age >= 65);
  const hasLeftBehind = awayWorker && dependants;
  const housingRating = isRelocated ? 'A' : HOUSING.pick(rng);
  const housingRatedOn = ymd(Date.UTC(2020, 0, 1) / DAY_MS + rng.int(0, 5 * 365 - 1));
  const waterOk = rng.chance(0.97);
  const waterBad = waterOk ? -1 : rng.int(0, 3);
  const phone = rng.chance(0.85) ? `${rng.pick(PHONE_PREFIX)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : null;
  const address = `${village.townshipName}${village.shortName}${rng.int(1, 300)}号`;

  // Income: transfers and property follow the household; wages and farming are scaled to a per-capita target drawn
  // for the category (exited mostly 8k–20k, monitored near or below the line, ordinary wider).
  const target =
    category === 'monitored'
      ? rng.int(4500, 8000)
      : category === 'exited'
        ? rng.chance(0.04) ? rng.int(6000, 7500) : clamp(rng.logNormal(12_500, 0.3), 7600, 30_000)
        : rng.chance(0.02) ? rng.int(5000, 7500) : clamp(rng.logNormal(15_000, 0.4), 7000, 60_000);
  let transfer = rows.filter((r) => r.age >= 60).length * rng.int(1500, 2200) + rng.int(200, 800);
  if (isDibao) transfer += size * rng.int(2500, 4000);
  if (isTekun) transfer += rng.int(6500, 8000);
  transfer += rows.filter((r) => r.row.health === 'disabled' && (r.row.disabilityGrade ?? 4) <= 2).length * 1200;
  const property = (rng.chance(0.35) ? rng.int(100, 1000) : 0) + (poor && rng.chance(0.5) ? rng.int(300, 1500) : 0);
  let wages = rows.reduce((s, r) => s + (r.row.workPlace ? (r.row.workMonths ?? 0) * MONTHLY_WAGE[r.row.workPlace]! * (0.8 + 0.4 * rng.next()) : 0), 0);
  const farmers = rows.filter((r) => !r.row.workPlace && ['normal', 'skilled', 'weak'].includes(r.row.labourCapacity ?? '')).length;
  let business = farmers * rng.int(1500, 6000);
  const market = target * size - transfer - property;
  const natural = wages + business * 0.65;
  if (market <= 0) {
    wages *= 0.2;
    business *= 0.2;
  } else {
    // Farming and wages stretch only so far; the rest is what a household without much labour lives on: support from
    // children away from home (赡养费), subsidies — transfer income.
    const capacity = Math.max(natural * 2.5, farmers * 4000);
    const fromMarket = Math.min(market, capacity);
    if (market > fromMarket) transfer += market - fromMarket;
    if (natural > 0) {
      wages *= fromMarket / natural;
      business *= fromMarket / natural;
    } else {
      business = fromMarket / 0.65;
    }
  }
  const expense = business * 0.35;
  const money = (v: number) => Math.max(0, Math.round(v));
  const income = { wages: money(wages), business: money(business), property: money(property), transfer: money(transfer), expense: money(expense) };
  const perCapita = Math.round(((income.wages + income.business + income.property + income.transfer - income.expense) / size) * 100) / 100;

  for (const { row } of rows) {
    Object.assign(row, {
      householdNo,
      address,
      phone,
      monitoringType,
      exitYear,
      isDibao,
      isTekun,
      isRelocated,
      hasLeftBehind,
      housingRating,
      housingRatedOn,
      waterQuantityOk: waterBad !== 0,
      waterQualityOk: waterBad !== 1,
      waterAccessOk: waterBad !== 2,
      waterSupplyOk: waterBad !== 3,
      incomeWages: income.wages,
      incomeBusiness: income.business,
      incomeProperty: income.property,
      incomeTransfer: income.transfer,
      expenseBusiness: income.expense,
      memberCount: size,
      perCapitaIncome: perCapita,
    });
  }
  return { householdNo, villageCode: village.code, category, rows: rows.map((r) => r.row) };
}
