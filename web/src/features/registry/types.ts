/**
 * The registry's shapes, from the generated API types (schema.gen.ts ← the server's route schemas), and the field
 * groups the forms and facts share.
 */
import type { ResponseOf } from '../../api/client';

export type Household = ResponseOf<'/api/households/{id}', 'get'>;
export type Member = Household['members'][number];
/**
 * GET /api/households. `totalExact` false: a member search matched more than the server collects (SEARCH_CAP), so
 * `total` is only a lower bound — the pages it spans are all there, the pager shows "more than".
 */
export type HouseholdPage = ResponseOf<'/api/households', 'get'>;
export type HouseholdListItem = HouseholdPage['items'][number];
export type HistoryEntry = ResponseOf<'/api/households/{id}/history', 'get'>[number];
export type Summary = ResponseOf<'/api/households/summary', 'get'>;
export type Category = Household['category'];
export type MonitoringType = NonNullable<Household['monitoringType']>;

export type Flag = 'isDibao' | 'isTekun' | 'isRelocated' | 'hasLeftBehind';
export const FLAGS: Flag[] = ['isDibao', 'isTekun', 'isRelocated', 'hasLeftBehind'];
export const CATEGORIES: Category[] = ['exited', 'monitored', 'ordinary'];
export const WATER = ['waterQuantityOk', 'waterQualityOk', 'waterAccessOk', 'waterSupplyOk'] as const;
export type WaterField = (typeof WATER)[number];
export const INCOME = ['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer'] as const;
