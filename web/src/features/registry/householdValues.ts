import type { Category, Household, MonitoringType, WaterField } from './types';
import { WATER } from './types';
import type { NewHousehold } from './api';

type Tri = 'y' | 'n' | '';

/** The household form's values (the water checks as y / n / '' so a radio group can say "not given"). */
export interface HouseholdFormValues {
  householdNo: string;
  villageCode?: string;
  address?: string;
  phone?: string;
  category: Category;
  monitoringType?: MonitoringType | null;
  exitYear?: number | null;
  isDibao?: boolean;
  isTekun?: boolean;
  isRelocated?: boolean;
  hasLeftBehind?: boolean;
  housingRating?: 'A' | 'B' | 'C' | 'D' | null;
  housingRatedOn?: string;
  waterQuantityOk?: Tri;
  waterQualityOk?: Tri;
  waterAccessOk?: Tri;
  waterSupplyOk?: Tri;
  incomeYear?: number | null;
  incomeWages?: number | null;
  incomeBusiness?: number | null;
  incomeProperty?: number | null;
  incomeTransfer?: number | null;
  expenseBusiness?: number | null;
}

const tri = (b: boolean | null | undefined): Tri => (b == null ? '' : b ? 'y' : 'n');
const unTri = (t: Tri | undefined): boolean | null => (t === 'y' ? true : t === 'n' ? false : null);

export function toFormValues(h: Household): HouseholdFormValues {
  const v: HouseholdFormValues = {
    householdNo: h.householdNo,
    villageCode: h.villageCode,
    address: h.address ?? undefined,
    phone: undefined,
    category: h.category,
    monitoringType: h.monitoringType,
    exitYear: h.exitYear,
    isDibao: h.isDibao,
    isTekun: h.isTekun,
    isRelocated: h.isRelocated,
    hasLeftBehind: h.hasLeftBehind,
    housingRating: h.housingRating,
    housingRatedOn: h.housingRatedOn ?? undefined,
    incomeYear: h.incomeYear,
    incomeWages: h.incomeWages,
    incomeBusiness: h.incomeBusiness,
    incomeProperty: h.incomeProperty,
    incomeTransfer: h.incomeTransfer,
    expenseBusiness: h.expenseBusiness,
  };
  for (const w of WATER) v[w] = tri(h[w]);
  return v;
}

/**
 * Form values → the API body (POST /api/households fields, or PATCH without village and with phone only when typed).
 * The selects hold codes of the shared code tables, which the API's schema lists; the server checks them again.
 */
export function toBody(v: HouseholdFormValues, opts: { creating: boolean }): Omit<NewHousehold, 'members'> {
  const body: Record<string, unknown> = {
    householdNo: v.householdNo.trim().toUpperCase(),
    address: v.address?.trim() || null,
    category: v.category,
    monitoringType: v.category === 'monitored' ? (v.monitoringType ?? null) : null,
    exitYear: v.exitYear ?? null,
    isDibao: !!v.isDibao,
    isTekun: !!v.isTekun,
    isRelocated: !!v.isRelocated,
    hasLeftBehind: !!v.hasLeftBehind,
    housingRating: v.housingRating ?? null,
    housingRatedOn: v.housingRatedOn || null,
    incomeYear: v.incomeYear ?? null,
    incomeWages: v.incomeWages ?? 0,
    incomeBusiness: v.incomeBusiness ?? 0,
    incomeProperty: v.incomeProperty ?? 0,
    incomeTransfer: v.incomeTransfer ?? 0,
    expenseBusiness: v.expenseBusiness ?? 0,
  };
  for (const w of WATER as readonly WaterField[]) body[w] = unTri(v[w]);
  const phone = v.phone?.trim();
  if (opts.creating) {
    body.villageCode = v.villageCode;
    body.phone = phone || null;
  } else if (phone) body.phone = phone;
  return dropUnsafeNulls(body) as Omit<NewHousehold, 'members'>;
}

/** (wages + business + property + transfers − business expenses) / active members, as the server computes it. */
export function perCapita(v: Partial<HouseholdFormValues>, members: number): number | null {
  if (members <= 0) return null;
  const net = (v.incomeWages ?? 0) + (v.incomeBusiness ?? 0) + (v.incomeProperty ?? 0) + (v.incomeTransfer ?? 0) - (v.expenseBusiness ?? 0);
  return Math.round((net / members) * 100) / 100;
}

/**
 * Server work-around: its JSON schema coercion turns `null` into 0 for nullable integers and into `false` for nullable
 * booleans (ajv coerceTypes with anyOf), so "not given" would be stored as 0 / "not OK". Leave those keys out instead.
 */
const NULL_UNSAFE = new Set(['exitYear', 'incomeYear', 'disabilityGrade', 'workMonths', 'waterQuantityOk', 'waterQualityOk', 'waterAccessOk', 'waterSupplyOk', 'medicalInsured', 'pensionInsured']);
export function dropUnsafeNulls<T extends Record<string, unknown>>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => !(v === null && NULL_UNSAFE.has(k)))) as T;
}
