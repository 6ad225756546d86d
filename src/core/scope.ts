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
