/** The registry API's shapes (src/features/households/households.schemas.ts, src/features/imports/import.schemas.ts). */
import type { Page } from '../api';

export type Category = 'exited' | 'monitored' | 'ordinary';
export type MonitoringType = 'unstable_exited' | 'marginal' | 'sudden_hardship';
export type Flag = 'isDibao' | 'isTekun' | 'isRelocated' | 'hasLeftBehind';
export const FLAGS: Flag[] = ['isDibao', 'isTekun', 'isRelocated', 'hasLeftBehind'];
export const WATER = ['waterQuantityOk', 'waterQualityOk', 'waterAccessOk', 'waterSupplyOk'] as const;
export type WaterField = (typeof WATER)[number];
export const INCOME = ['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer'] as const;

export interface HouseholdListItem {
  id: number;
  householdNo: string;
  villageCode: string;
  villageName: string;
  headName: string | null;
  headIdMasked: string | null;
  category: Category;
  monitoringType: MonitoringType | null;
  isDibao: boolean;
  isTekun: boolean;
  isRelocated: boolean;
  hasLeftBehind: boolean;
  memberCount: number;
  perCapitaIncome: number | null;
  updatedAt: string;
}

/**
 * GET /api/households. `totalExact` false: a member search matched more than the server collects (SEARCH_CAP), so
 * `total` is only a lower bound — the pages it spans are all there, the pager shows "more than".
 */
export interface HouseholdPage extends Page<HouseholdListItem> {
  totalExact: boolean;
}

export interface Member {
  id: number;
  idMasked: string;
  name: string;
  gender: 'M' | 'F' | string;
  birthDate: string;
  relation: string;
  ethnicity: string | null;
  education: string | null;
  schoolStatus: string | null;
  health: string | null;
  disabilityCategory: string | null;
  disabilityGrade: number | null;
  labourCapacity: string | null;
  workPlace: string | null;
  workMonths: number | null;
  medicalInsured: boolean | null;
  pensionInsured: boolean | null;
  welfarePost: boolean;
  status: string;
  statusDate: string | null;
  statusReason: string | null;
}

export interface Household {
  id: number;
  householdNo: string;
  villageCode: string;
  villageName: string;
  address: string | null;
  headName: string | null;
  phoneMasked: string | null;
  category: Category;
  monitoringType: MonitoringType | null;
  exitYear: number | null;
  isDibao: boolean;
  isTekun: boolean;
  isRelocated: boolean;
  hasLeftBehind: boolean;
  housingRating: 'A' | 'B' | 'C' | 'D' | null;
  housingRatedOn: string | null;
  waterQuantityOk: boolean | null;
  waterQualityOk: boolean | null;
  waterAccessOk: boolean | null;
  waterSupplyOk: boolean | null;
  incomeYear: number | null;
  incomeWages: number;
  incomeBusiness: number;
  incomeProperty: number;
  incomeTransfer: number;
  expenseBusiness: number;
  memberCount: number;
  perCapitaIncome: number | null;
  version: number;
  updatedAt: string;
  members: Member[];
}

export interface HistoryEntry {
  id: number;
  ts: string;
  username: string | null;
  action: string;
  summary: unknown;
}

/** A registry validation problem (400 REGISTRY_INVALID details.problems). */
export interface FieldProblem {
  field: string;
  code: string;
  zh: string;
  en: string;
}

export interface ImportCounts {
  rows: { total: number; valid: number; error: number; skipped: number; new: number; updated: number; unchanged: number };
  households: { total: number; valid: number; error: number; new: number; updated: number; unchanged: number };
  blankRows: number;
}

export interface ImportProblem {
  row: number;
  column: string;
  field: string;
  code: string;
  zh: string;
  en: string;
}

export interface MappedColumn {
  index: number;
  header: string;
  field: string | null;
  source: string;
}

export type ImportState = 'uploaded' | 'checking' | 'checked' | 'importing' | 'done' | 'failed' | 'cancelled';

export interface ImportJob {
  id: number;
  state: ImportState;
  fileName: string;
  fileType: string | null;
  fileSize: number;
  encoding: string | null;
  sheetName: string | null;
  headerRow: number | null;
  mode: 'all_or_nothing' | 'valid_only' | null;
  areaCode: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  checkedAt: string | null;
  finishedAt: string | null;
  progress: { rowsTotal: number | null; rowsChecked: number; rowsWritten: number; bytesRead: number; percent: number };
  counts: ImportCounts | null;
  error: { code: string; message: string } | null;
  reportReady: boolean;
  /** When the upload and the report were deleted (cancelled, or past the retention period). */
  filesRemovedAt: string | null;
  mapping?: MappedColumn[] | null;
  mappingOverride?: Record<string, string | null> | null;
  problems?: ImportProblem[];
}

export interface ImportField {
  key: string;
  zh: string;
  en: string;
  level: string;
  synonyms: string[];
  required: boolean;
}
