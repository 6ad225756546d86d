/**
 * The one list of the app's features. A new feature is a folder (routes.tsx, api.ts, messages.ts, pages/,
 * components/) and one line here.
 */
import type { Feature, RouteEntry } from './types';
import { authFeature } from './auth/routes';
import { homeFeature } from './home/routes';
import { registryFeature } from './registry/routes';
import { importsFeature } from './imports/routes';
import { areasFeature } from './areas/routes';
import { usersFeature } from './users/routes';
import { auditFeature } from './audit/routes';
import { monitoringFeature } from './monitoring/routes';
import { welfarePostsFeature } from './welfare-posts/routes';
import { microcreditFeature } from './microcredit/routes';
import { assistanceFeature } from './assistance/routes';
import { screeningFeature } from './screening/routes';

export const FEATURES: Feature[] = [authFeature, homeFeature, monitoringFeature, screeningFeature, assistanceFeature, registryFeature, welfarePostsFeature, microcreditFeature, importsFeature, areasFeature, usersFeature, auditFeature];

export const ROUTES: RouteEntry[] = FEATURES.flatMap((f) => f.routes);
