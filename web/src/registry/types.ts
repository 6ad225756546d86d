/**
 * The registry API's shapes, taken from the server's own schemas (the TypeBox schemas that validate and document the
 * responses: src/modules/households/schemas.ts, src/modules/imports/schemas.ts), so the two cannot
 * drift apart. Type-only imports: nothing of the server ends up in the web bundle.
 */
import type { Static } from 'typebox';
import type * as H from '../../../src/modules/households/schemas';
import type * as I from '../../../src/modules/imports/schemas';

export type Household = Static<typeof H.Household>;
export type Member = Static<typeof H.Member>;
export type HouseholdListItem = Static<typeof H.HouseholdListItem>;
/**
 * GET /api/households. `totalExact` false: a member search matched more than the server collects (SEARCH_CAP), so
 * `total` is only a lower bound — the pages it spans are all there, the pager shows "more than".
 */
export type HouseholdPage = Static<typeof H.HouseholdPage>;
export type HistoryEntry = Static<typeof H.HistoryEntry>;
export type Category = Household['category'];
export type MonitoringType = NonNullable<Household['monitoringType']>;

export type ImportJob = Static<typeof I.ImportJob>;
export type ImportState = ImportJob['state'];
export type ImportCounts = Static<typeof I.Counts>;
export type ImportProblem = Static<typeof I.Problem>;
export type MappedColumn = Static<typeof I.MappedColumn>;
export type ImportField = Static<typeof I.FieldInfo>;

/** A registry validation problem (400 REGISTRY_INVALID details.problems). */
export type { FieldProblem } from '../../../src/modules/households/validate';

export type Flag = 'isDibao' | 'isTekun' | 'isRelocated' | 'hasLeftBehind';
export const FLAGS: Flag[] = ['isDibao', 'isTekun', 'isRelocated', 'hasLeftBehind'];
export const WATER = ['waterQuantityOk', 'waterQualityOk', 'waterAccessOk', 'waterSupplyOk'] as const;
export type WaterField = (typeof WATER)[number];
export const INCOME = ['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer'] as const;
