import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import { hasUnstorableChar } from '../core/text.js';

/**
 * How requests are checked against their route's schema, and the one guard every string of a request passes.
 *
 * Two validators: a JSON body is checked as sent, without coercion (an `"address": ["zz"]` was stored as `{"zz"}`,
 * a phone sent as an array crashed the blind index, a `null` became 0 or false); a query string, path or header is
 * text, so numbers and booleans are read from it, and one value stands for a one-item array.
 * Formats are ajv-formats' full ones: a `date` is a day of the calendar (2024-02-30 is not).
 */
const COMMON: Options = { useDefaults: true, removeAdditional: false, addUsedSchema: false, allErrors: false };

function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...COMMON, coerceTypes });
  // ajv-formats is CommonJS: under NodeNext its plugin is the default export's `default`.
  ajvFormats.default(ajv);
  return ajv;
}

/**
 * The path of the first string (value or object key) in `value` that holds NUL or a lone surrogate (core/text.ts),
 * if any: PostgreSQL would refuse the first and store the second as something else.
 */
export function findUnsafeString(value: unknown, root: string): string | undefined {
  // A stack, not recursion: a body may nest as deep as its size allows.
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasUnstorableChar(v)) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        if (hasUnstorableChar(key)) return `${at} (a key)`;
        stack.push([child, `${at}.${key}`]);
      }
    }
  }
  return undefined;
}

export function installValidation(app: FastifyInstance): void {
  const body = makeAjv(false);
  const text = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema));
  // Before the schema: one check for every string of params, query string and body, whatever its schema says.
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const parts: [string, unknown][] = [['params', req.params], ['querystring', req.query], ['body', req.body]];
    for (const [part, value] of parts) {
      const field = findUnsafeString(value, part);
      if (field) throw new AppError('VALIDATION_FAILED', { reason: `${field} must not contain NUL characters or unpaired surrogates` });
    }
  });
  // After the schema: ajv's coercion reads "Infinity" or "1e400" from text as a number and then skips the range checks,
  // which it applies to finite numbers only (`/api/users/Infinity` reached PostgreSQL).
  app.addHook('preHandler', async (req: FastifyRequest) => {
    for (const [part, value] of [['params', req.params], ['querystring', req.query]] as const) {
      for (const [name, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if ([v].flat().some((x) => typeof x === 'number' && !Number.isFinite(x))) {
          throw new AppError('VALIDATION_FAILED', { reason: `${part}.${name} must be a finite number` });
        }
      }
    }
  });
}
