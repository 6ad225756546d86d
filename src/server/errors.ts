import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';

/** Maps every thrown thing to `{code, message}`; unknown errors are logged and shown as INTERNAL, never a stack. */
export function toAppError(err: FastifyError | Error, bodyLimit: number): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe.validation) {
    const first = fe.validation[0];
    const where = fe.validationContext ?? 'body';
    const field = first?.instancePath ? `${where}${first.instancePath.replace(/\//g, '.')}` : where;
    return new AppError('VALIDATION_FAILED', { reason: `${field} ${first?.message ?? ''}`.trim() }, fe.validation);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', { limit: `${Math.round(bodyLimit / 1024)} KB` });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) return new AppError('MALFORMED_JSON');
  // lock_not_available: a statement of the request waited REQUEST_LOCK_TIMEOUT_S for a table a large import holds.
  if ((err as { code?: unknown }).code === '55P03') return new AppError('DB_BUSY');
  if (isDatabaseDown(err)) return new AppError('DB_UNAVAILABLE');
  // The web app's file server (the wildcard GET route) refusing a path no file can have — a 10,000-character segment
  // that no API route matched (Fastify's maxParamLength), a name too long for the file system: nothing there.
  if (fe.statusCode === 404 || (typeof fe.code === 'string' && fe.code.startsWith('FST_STATIC_'))) return new AppError('NOT_FOUND');
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED');
  return new AppError('INTERNAL');
}

/**
 * The database cannot be reached or is restarting (an operator's restart, the embedded cluster started again after a
 * crash): the request may succeed in a moment, so 503 rather than 500. Node's socket errors, PostgreSQL's shutdown and
 * start-up codes (57P01–57P03), its connection-exception class (08), and node-postgres's own messages, which carry no code.
 */
function isDatabaseDown(err: Error): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03'].includes(code) || code.startsWith('08')) return true;
  return /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(err.message);
}

/** `spa`: GETs of unknown paths outside /api/ load the web app's index.html (its client-side routes). */
export function installErrorHandler(app: FastifyInstance, bodyLimit: number, spa = false): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err, bodyLimit);
    req.errorCode = appErr.code;
    if (appErr.code === 'INTERNAL') req.log.error({ err }, 'unhandled error');
    else req.log.info({ code: appErr.code }, 'request refused');
    void reply.status(appErr.status).send(appErr.toBody(req.lang ?? 'zh'));
  });
  // One not-found handler: Fastify refuses a second one on the same prefix.
  app.setNotFoundHandler((req, reply) => {
    if (spa && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    void reply.status(404).send(new AppError('NOT_FOUND').toBody(req.lang ?? 'zh'));
  });
}
