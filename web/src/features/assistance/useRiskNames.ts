import { useEffect, useState } from 'react';
import { assistanceApi } from './api';
import { useAT } from './messages';

/** A risk type's name from the policy in force for the area (its code when the policy is not at hand). */
export function useRiskNames(areaCode: string | undefined): (code: string) => string {
  const { lang } = useAT();
  const [names, setNames] = useState<Map<string, { zh: string; en: string }>>(new Map());
  useEffect(() => {
    if (!areaCode) return;
    assistanceApi.policy(areaCode).then((p) => setNames(new Map(p.riskTypes.map((r) => [r.code, r]))), () => {});
  }, [areaCode]);
  return (code) => names.get(code)?.[lang] ?? code;
}
