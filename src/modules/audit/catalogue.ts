/**
 * The audit actions in words: every module declares the actions it records (its audit-actions.ts, loaded with its
 * index.ts, as its errors.ts registers its error codes), and GET /api/audit/actions lists them for the audit page —
 * its filter offers them by name and its table shows "新建户", not "registry.household_create". The entries
 * themselves are untouched: the chain hashes the action's code, never a label.
 *
 * Requests whose domain code wrote no entry of its own (a refused or failed attempt) are recorded by the audit net
 * (server/auth-hooks.ts) as `<METHOD> <route>`, e.g. "POST /api/imports/:id/commit"; those are catalogued here too,
 * by that key.
 */
export interface AuditActionDef {
  zh: string;
  en: string;
}
export type AuditActionTable = Readonly<Record<string, AuditActionDef>>;

const catalogue = new Map<string, AuditActionDef>();

/** Adds a module's actions to the catalogue (once per module, as it loads); an action declared twice differently throws. */
export function defineAuditActions<T extends AuditActionTable>(table: T): T {
  for (const [action, def] of Object.entries(table)) {
    const known = catalogue.get(action);
    if (known && (known.zh !== def.zh || known.en !== def.en)) throw new Error(`audit action ${action} is declared twice, differently`);
    catalogue.set(action, def);
  }
  return table;
}

/** The known actions: the modules' own first (by code), then the audit net's request keys. */
export function auditActions(): { action: string; zh: string; en: string }[] {
  return [...catalogue]
    .map(([action, d]) => ({ action, zh: d.zh, en: d.en }))
    .sort((a, b) => Number(a.action.includes(' ')) - Number(b.action.includes(' ')) || a.action.localeCompare(b.action));
}

/** One action's label, or undefined for an action no module declares (an older entry, say). */
export function auditActionLabel(action: string): AuditActionDef | undefined {
  return catalogue.get(action);
}
