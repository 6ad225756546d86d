import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { latestIncome } from '../income/repo.js';
import type { PolicyValues } from '../policy/values.js';
import type { EliminationFacts } from './elimination-rules.js';
import { anyoneCanWork, currentRecord, latestVisit } from './repo.js';

/** The facts risk elimination is judged on, read from the household's records. */
export async function eliminationFactsOf(db: Kysely<DB> | Transaction<DB>, householdId: number, policy: PolicyValues, today: string): Promise<EliminationFacts> {
  const [record, income, visit, canWork] = await Promise.all([
    currentRecord(db, householdId),
    latestIncome(db, householdId),
    latestVisit(db, householdId),
    anyoneCanWork(db, householdId),
  ]);
  return {
    today,
    monitoredSince: record?.since ?? null,
    stabilityMonths: policy.stabilityMonths,
    monitoringLine: policy.monitoringLine,
    latestPerCapita: income?.perCapitaNet ?? null,
    openProblems: Object.entries(visit?.problems ?? {}).filter(([, open]) => open).map(([k]) => k),
    rigidSpendingUnresolved: visit?.rigidSpendingUnresolved ?? false,
    anyoneCanWork: canWork,
  };
}
