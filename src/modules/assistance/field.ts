import { AppError } from './errors.js';

/** A per-field refusal with a stable code (ASSIST_FIELD) and the field's name in `details`. */
export function fieldError(field: string, zh: string, en: string): AppError {
  return new AppError('ASSIST_FIELD', { field, reasonZh: zh, reasonEn: en }, { field });
}

/** Trimmed text, or the field's error when it is empty. */
export function requiredText(field: string, v: string): string {
  const t = v.trim();
  if (!t) throw fieldError(field, '不能为空', 'must not be empty');
  return t;
}

export function optionalText(v: string | undefined | null): string | null {
  const t = (v ?? '').trim();
  return t ? t : null;
}
