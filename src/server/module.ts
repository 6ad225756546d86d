import type { Config } from '../core/config.js';
import { knownErrors, type ErrorTable } from '../core/errors.js';
import type { FieldCipher } from '../core/field-crypto.js';
import type { Database } from '../db/database.js';
import { knownPermissions, type PermissionTable } from '../core/permissions.js';
import type { AppDeps } from './deps.js';
import type { App } from './types.js';

/**
 * What a module gives the app. One value per folder under src/modules (its index.ts), listed once in
 * src/modules/index.ts: the server, the CLI and the tests assemble the app from that list and nothing else.
 */
export interface Module {
  /** The folder's name. */
  name: string;
  /** Its HTTP routes (routes.ts: schema, permission, one call). */
  routes?: (app: App, deps: AppDeps) => Promise<void>;
  /**
   * The permissions it defines, each with the roles granted it (its permissions.ts, `definePermissions`, which
   * registers them as it loads). The app's table is these, from the list; no shared file names them.
   */
  permissions?: PermissionTable;
  /** Its error codes (its errors.ts, which registers them as it loads). */
  errors?: ErrorTable;
  /** Background work the server runs while it is up (queues, housekeeping); not started by tests or the CLI. */
  jobs?: readonly ModuleJob[];
}

/** What a background job is started with. */
export interface JobContext {
  /** The requests' database (queues are found through it). */
  db: Database;
  /** A pool of its own for long background work (db/database.ts backgroundPool). */
  jobDb: Database;
  config: Config;
  cipher: FieldCipher;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface ModuleJob {
  name: string;
  start(ctx: JobContext): Promise<{ stop(): Promise<void> }>;
}

/** Starts every module's jobs in list order; `stop` ends them in reverse order. */
export async function startJobs(modules: readonly Module[], ctx: JobContext): Promise<{ stop(): Promise<void> }> {
  const running: { name: string; stop(): Promise<void> }[] = [];
  for (const m of modules) {
    for (const job of m.jobs ?? []) running.push({ name: `${m.name}.${job.name}`, ...(await job.start(ctx)) });
  }
  return {
    async stop() {
      for (const job of running.reverse()) {
        await job.stop().catch((err: unknown) => ctx.log.warn({ err }, `stopping ${job.name} failed`));
      }
    },
  };
}

/**
 * Refuses a list the app cannot be assembled from: two modules of one name, a module whose permissions are not
 * registered as it declares them (core/permissions.ts), a code of a module's table not registered as declared.
 */
export function checkModules(modules: readonly Module[]): void {
  const names = new Set<string>();
  const registered = knownPermissions();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`module ${m.name} is listed twice`);
    names.add(m.name);
    for (const [permission, roles] of Object.entries(m.permissions ?? {})) {
      const granted = registered.get(permission);
      if (!granted) throw new Error(`permission ${permission} of module ${m.name} is not registered (definePermissions in its permissions.ts)`);
      if (granted.length !== roles.length || granted.some((r) => !roles.includes(r))) {
        throw new Error(`permission ${permission} of module ${m.name} is registered otherwise`);
      }
    }
    for (const [code, def] of Object.entries(m.errors ?? {})) {
      if (knownErrors().get(code) !== def) throw new Error(`error code ${code} of module ${m.name} is not registered as declared`);
    }
  }
}

/**
 * The permission names of the listed modules, in list order: the `Permission` schema of the API (an enum in the
 * OpenAPI document, from which the web app's `Permission` type is generated).
 */
export function permissionNames(modules: readonly Module[]): string[] {
  return modules.flatMap((m) => Object.keys(m.permissions ?? {}));
}

/** Refuses a permission registered by a module that is not in the list: the table is the list's, nothing else. */
export function checkPermissionsListed(modules: readonly Module[]): void {
  const listed = new Set(permissionNames(modules));
  for (const name of knownPermissions().keys()) {
    if (!listed.has(name)) throw new Error(`permission ${name} is registered by a module missing from src/modules/index.ts`);
  }
}
