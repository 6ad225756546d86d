import { lazy } from 'react';
import type { Feature } from '../types';

const ImportPage = lazy(() => import('./pages/ImportPage'));

/** The registry's import: reached from the households list, no menu entry of its own. */
export const importsFeature: Feature = {
  name: 'imports',
  routes: [
    { path: '/households/import', element: <ImportPage />, permission: 'registry.import' },
    { path: '/households/import/:jobId', element: <ImportPage />, permission: 'registry.import' },
  ],
};
