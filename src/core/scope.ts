import { sql, type Expression, type SqlBool } from 'kysely';
import { AppError } from './errors.js';

/**
 * Area scope: the one helper every query on area-bound data goes through. A user sits on one node of the
 * administrative tree and sees exactly that subtree. Official codes are hierarchical, so a subtree is a code prefix
 * (province 2 digits, city 4, county 6, township 9, village 12) and the check is an index range scan.
 */
export const LEVEL_PREFIX = [0, 2, 4, 6, 9, 12] as const;

export function prefixOf(code: string, level: number): string {
  return code.slice(0, LEVEL_PREFIX[level]);
}

/**
 * The code prefix of the area a (possibly shortened) code names, by its level: 140430100200 is a village (all 12
 * digits), 140430100 or 140430100000 a township (9), 140430 a county (6). Trailing zeros are not the level: a
 * village's own code may end in 0 (…200), and so may a township's (…100).
 */
export function areaPrefix(code: string): string {
  const c = code.padEnd(12, '0');
  if (c.slice(9) !== '000') return c;
  if (c.slice(6, 9) !== '000') return c.slice(0, 9);
  if (c.slice(4, 6) !== '00') return c.slice(0, 6);
  if (c.slice(2, 4) !== '00') return c.slice(0, 4);
  return c.slice(0, 2);
}

export interface Scope {
  areaCode: string;
  areaLevel: number;
}

export function scopePrefix(scope: Scope): string {
  return prefixOf(scope.areaCode, scope.areaLevel);
}

/** `column LIKE '<prefix>%'` — use in every where-clause on an area-coded column. */
export function inScope(column: Expression<string> | string, scope: Scope): Expression<SqlBool> {
  const col = typeof column === 'string' ? sql.ref(column) : column;
  return sql<SqlBool>`${col} like ${scopePrefix(scope) + '%'}`;
}

export function codeInScope(code: string, scope: Scope): boolean {
  return code.startsWith(scopePrefix(scope));
}

/** Throws OUT_OF_SCOPE unless `code` lies in the user's subtree. */
export function assertInScope(code: string, scope: Scope): void {
  if (!codeInScope(code, scope)) throw new AppError('OUT_OF_SCOPE');
}
