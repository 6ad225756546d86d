import { Type, type TSchema } from 'typebox';

/** Every error response: a stable code and a message in the client's language. */
export const ErrorBody = Type.Object(
  { code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) },
  { $id: 'ErrorBody' },
);

/**
 * The permission names, an enum of the listed modules' permissions (buildApp adds it; module.ts permissionNames):
 * the web app's `Permission` type is generated from it through /api/auth/me.
 */
export function PermissionSchema(names: readonly string[]) {
  return Type.Union(names.map((n) => Type.Literal(n)), { $id: 'Permission' });
}

/** Standard error responses, so each route's OpenAPI entry lists them. */
export const errorResponses = {
  400: Type.Ref('ErrorBody'),
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
};

export const Ok = Type.Object({ ok: Type.Literal(true) });

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
}

/** The largest value of an `integer` column (ids of `serial` columns, versions): larger ones cannot exist. */
export const INT32_MAX = 2_147_483_647;
type IntegerOptions = Parameters<typeof Type.Integer>[0];
/** An integer an `integer` (int4) column can hold; narrower rules (a year, a grade) are the domain's. */
export const Int32 = (opts: IntegerOptions = {}) => Type.Integer({ minimum: -INT32_MAX - 1, maximum: INT32_MAX, ...opts });
/** A row id of a `serial` column: 1 … 2^31−1. */
export const RowId = (opts: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: INT32_MAX, ...opts });
/** A row id of a `bigserial` column, as far as a JSON number is exact (2^53−1). */
export const BigId = (opts: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...opts });
/** A day of the calendar, YYYY-MM-DD: the `date` format checks that it exists (2024-02-30 does not). */
export const DateString = (opts: Parameters<typeof Type.String>[0] = {}) => Type.String({ format: 'date', ...opts });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
