import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, PermissionSchema } from './schemas.js';
import { installErrorHandler } from './errors.js';
import { installAuthHooks } from './auth-hooks.js';
import { installValidation } from './validation.js';
import { installSecurityHeaders } from './security-headers.js';
import type { AppDeps } from './deps.js';
import type { App } from './types.js';
import { checkModules, checkPermissionsListed, permissionNames } from './module.js';
import { MODULES } from '../modules/index.js';
import { testClockRoutes } from './test-clock.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Builds the HTTP app: plugins, hooks, the routes of every module in src/modules/index.ts, the built web app. Does not listen. */
export async function buildApp(
  deps: AppDeps,
  opts: { logger?: FastifyServerOptions['logger']; /** The built web app (tests point this elsewhere). */ webDist?: string } = {},
): Promise<App> {
  const webDist = opts.webDist ?? WEB_DIST;
  const serveWeb = fs.existsSync(path.join(webDist, 'index.html'));
  const app = Fastify({
    logger: opts.logger ?? { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorBody);
  app.addSchema(PermissionSchema(permissionNames(MODULES)));
  installValidation(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Fangpin 防贫 API', version: deps.version, description: 'Rural poverty-relapse prevention monitoring' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fp_sid' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { auth: { public: true } }, schema: { hide: true } }, async () => app.swagger());

  installErrorHandler(app, deps.config.bodyLimitBytes, serveWeb);
  installAuthHooks(app, deps);
  app.addHook('onSend', async (req, reply) => {
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('X-Frame-Options', 'DENY');
    void reply.header('Referrer-Policy', 'same-origin');
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/docs')) void reply.header('Cache-Control', 'no-store');
  });
  installSecurityHeaders(app);

  checkModules(MODULES);
  checkPermissionsListed(MODULES);
  for (const m of MODULES) if (m.routes) await m.routes(app, deps);
  // Browser tests only (FANGPIN_CLOCK_CONTROL=1): a route that moves the business clock. Absent otherwise.
  if (deps.config.clockControl) await testClockRoutes(app, deps);

  if (serveWeb) {
    // Client-side routes (/users, /audit …) load the single-page app: see the not-found handler in errors.ts.
    // wildcard: files are looked up per request, so a web app rebuilt while the server runs is served at once (a
    // list of the files made at start answered the new hashed asset names with the app's page: a blank screen).
    await app.register(async (web) => {
      // The app's files are public (the sign-in page is one of them); the API's routes keep their own rules.
      web.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object | undefined), auth: { public: true } };
      });
      await web.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: true, index: ['index.html'] });
    });
  } else {
    app.get('/', { schema: { hide: true }, config: { auth: { public: true } } }, async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Fangpin API is running; the web app is not built (npm run build:web).'),
    );
  }
  return app;
}
