import type { Module } from '../server/module.js';
import { healthModule } from './health/index.js';
import { authModule } from './auth/index.js';
import { usersModule } from './users/index.js';
import { areasModule } from './areas/index.js';
import { auditModule } from './audit/index.js';
import { householdsModule } from './households/index.js';
import { exportsModule } from './exports/index.js';
import { importsModule } from './imports/index.js';
import { policyModule } from './policy/index.js';
import { incomeModule } from './income/index.js';
import { filesModule } from './files/index.js';
import { monitoringModule } from './monitoring/index.js';
import { assistanceModule } from './assistance/index.js';
import { welfarePostsModule } from './welfare-posts/index.js';
import { microcreditModule } from './microcredit/index.js';
import { screeningModule } from './screening/index.js';
import { demoModule } from './demo/index.js';
import { systemModule } from './system/index.js';

/**
 * THE list of modules: the app's routes, permissions, error codes and background jobs come from here (server/app.ts
 * registers the routes in this order and checks the module tables; main.ts starts the jobs). A new module is a folder
 * with its index.ts and one line here (docs/architecture.md, "How to add a module").
 */
export const MODULES: readonly Module[] = [
  healthModule,
  authModule,
  usersModule,
  areasModule,
  auditModule,
  householdsModule,
  exportsModule,
  importsModule,
  policyModule,
  incomeModule,
  filesModule,
  monitoringModule,
  assistanceModule,
  welfarePostsModule,
  microcreditModule,
  screeningModule,
  demoModule,
  systemModule,
];
