import { parseIdNumber, type ParsedId } from '../../../../src/core/idcard';
import type { RKey } from './messages';

/** GB 11643 check of what is typed: the parsed number, or the message key of what is wrong. */
export function checkId(raw: string | undefined | null): { ok: true; value: ParsedId } | { ok: false; key: RKey } {
  const r = parseIdNumber(raw);
  if (r.ok) return r;
  return { ok: false, key: `m.id.${r.problem}` };
}
