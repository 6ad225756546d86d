import { lazy } from 'react';
import { AlertOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const WarningsPage = lazy(() => import('./pages/WarningsPage'));

/** 部门筛查预警: the warnings page of villages and townships (the officer's and the county's pages are still to come). */
export const screeningFeature: Feature = {
  name: 'screening',
  routes: [
    {
      path: '/screening/warnings',
      element: <WarningsPage />,
      permission: 'screening.warnings',
      menu: { label: label('menu.warnings'), desc: label('home.warningsDesc'), icon: <AlertOutlined />, order: 8, testId: 'nav-warnings' },
    },
  ],
};
