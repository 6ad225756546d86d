import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

/**
 * One problem of a 400 REGISTRY_INVALID answer (its `details.problems`): the field and the text in both languages.
 * Error details are not part of the OpenAPI document (ErrorBody's `details` is open), so this shape is written here.
 */
export interface FieldProblem {
  field: string;
  code: string;
  zh: string;
  en: string;
}

/** The problems of a 400 REGISTRY_INVALID answer, or null for any other error. */
export function registryProblems(err: unknown): FieldProblem[] | null {
  if (!(err instanceof ApiError) || err.code !== 'REGISTRY_INVALID') return null;
  const d = err.details as { problems?: FieldProblem[] } | undefined;
  return Array.isArray(d?.problems) ? d.problems : [];
}

/** 'members.0.idNumber' → ['members', 0, 'idNumber']. */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts each server problem on its form field (when the form has that field); returns the texts of the problems that
 * belong to no field, for an alert above the form.
 */
export function applyProblems(form: FormInstance, problems: FieldProblem[], lang: 'zh' | 'en', rename: Record<string, string> = {}): string[] {
  const byField = new Map<string, string[]>();
  const loose: string[] = [];
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  for (const p of problems) {
    const field = rename[p.field] ?? p.field;
    const text = lang === 'en' ? p.en : p.zh;
    const path = fieldPath(field);
    if (!registered.has(path.join('.'))) {
      loose.push(text);
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), text]);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: fieldPath(field), errors })));
  const first = [...byField.keys()][0];
  if (first) form.scrollToField(fieldPath(first), { block: 'center' });
  return loose;
}
