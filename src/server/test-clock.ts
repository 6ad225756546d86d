import { Type } from 'typebox';
import { AppError } from '../core/errors.js';
import { clockOf, ConfigError } from '../core/config.js';
import type { App } from './types.js';
import type { AppDeps } from './deps.js';

/**
 * Browser tests only: moves the server's business clock (core/clock.ts reads `config.clock` on every call) so a test
 * can see a rule that waits for months (risk elimination) change its answer. Registered only with
 * FANGPIN_CLOCK_CONTROL=1 (app.ts); a normal server answers 404.
 */
export async function testClockRoutes(app: App, deps: AppDeps) {
  app.post(
    '/api/test/clock',
    {
      config: { auth: { public: true } },
      schema: { hide: true, body: Type.Object({ clock: Type.Union([Type.Null(), Type.String({ maxLength: 40 })]) }, { additionalProperties: false }) },
    },
    async (req) => {
      const { clock } = req.body;
      try {
        deps.config.clock = clock === null ? undefined : clockOf({ FANGPIN_CLOCK: clock });
      } catch (err) {
        if (err instanceof ConfigError) throw new AppError('VALIDATION_FAILED', { reason: err.message });
        throw err;
      }
      req.log.warn({ clock: deps.config.clock ?? null }, 'test clock moved');
      return { clock: deps.config.clock ?? null };
    },
  );
}
