import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { auditApi, type ActionLabel } from './api';

let cached: Promise<ActionLabel[]> | null = null;

/**
 * The server's catalogue of audit actions (GET /api/audit/actions), loaded once per page load: the filter's options
 * and the table's words. `label` falls back to the code for an action no module declares.
 */
export function useAuditActions() {
  const { lang } = useI18n();
  const [list, setList] = useState<ActionLabel[]>([]);
  useEffect(() => {
    let live = true;
    cached ??= auditApi.actions().catch((e: unknown) => {
      cached = null;
      throw e;
    });
    cached.then((l) => live && setList(l)).catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    const byCode = new Map(list.map((a) => [a.action, a]));
    const label = (action: string) => byCode.get(action)?.[lang] ?? action;
    return { list, label, known: (action: string) => byCode.has(action), options: list.map((a) => ({ value: a.action, label: a[lang] })) };
  }, [list, lang]);
}
