import type { Config } from '../core/config.js';
import { knownErrors, type ErrorTable } from '../core/errors.js';
import type { FieldCipher } from '../core/field-crypto.js';
import type { Database } from '../db/database.js';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission } from '../shared/roles.js';
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
   * The permissions it defines, each with the roles granted it (its permissions.ts). The roles' table itself is
   * assembled in src/shared/roles.ts, which the web app reads too; buildApp checks the two agree.
   */
  permissions?: Readonly<Record<string, readonly string[]>>;
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
 * Refuses a list the app cannot be assembled from: two modules of one name, a module whose permissions the roles'
 * table (src/shared/roles.ts) lacks or grants otherwise, a code of a module's table not registered as declared.
 */
export function checkModules(modules: readonly Module[]): void {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`module ${m.name} is listed twice`);
    names.add(m.name);
    for (const [permission, roles] of Object.entries(m.permissions ?? {})) {
      if (!(PERMISSIONS as readonly string[]).includes(permission)) {
        throw new Error(`permission ${permission} of module ${m.name} is missing from src/shared/roles.ts`);
      }
      const granted = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission as Permission));
      if (granted.length !== roles.length || granted.some((r) => !roles.includes(r))) {
        throw new Error(`permission ${permission} of module ${m.name} is granted otherwise in src/shared/roles.ts`);
      }
    }
    for (const [code, def] of Object.entries(m.errors ?? {})) {
      if (knownErrors().get(code) !== def) throw new Error(`error code ${code} of module ${m.name} is not registered as declared`);
    }
  }
}
