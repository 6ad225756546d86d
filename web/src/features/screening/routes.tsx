import { lazy } from 'react';
import { AlertOutlined, AuditOutlined, CloudUploadOutlined, ControlOutlined, DiffOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const WarningsPage = lazy(() => import('./pages/WarningsPage'));
const DatasetsPage = lazy(() => import('./pages/DatasetsPage'));
const RunsPage = lazy(() => import('./pages/RunsPage'));
const ReviewPage = lazy(() => import('./pages/ReviewPage'));
const RulesPage = lazy(() => import('./pages/RulesPage'));

/** 部门筛查预警: the officer's datasets, the county's runs, review queue and rules, the villages' warnings. */
export const screeningFeature: Feature = {
  name: 'screening',
  routes: [
    {
      path: '/screening/warnings',
      element: <WarningsPage />,
      permission: 'screening.warnings',
      menu: { label: label('menu.warnings'), desc: label('home.warningsDesc'), icon: <AlertOutlined />, order: 8, testId: 'nav-warnings' },
    },
    {
      path: '/screening/datasets',
      element: <DatasetsPage />,
      permission: 'screening.datasets',
      menu: { label: label('menu.datasets'), desc: label('home.datasetsDesc'), icon: <CloudUploadOutlined />, order: 46, testId: 'nav-datasets', section: 'screening' },
    },
    {
      path: '/screening/runs',
      element: <RunsPage />,
      permission: 'screening.run',
      menu: { label: label('menu.runs'), desc: label('home.runsDesc'), icon: <DiffOutlined />, order: 47, testId: 'nav-runs', section: 'screening' },
    },
    {
      path: '/screening/review',
      element: <ReviewPage />,
      permission: 'screening.run',
      menu: { label: label('menu.review'), desc: label('home.reviewDesc'), icon: <AuditOutlined />, order: 48, testId: 'nav-review', section: 'screening' },
    },
    {
      path: '/screening/rules',
      element: <RulesPage />,
      permission: 'screening.run',
      menu: { label: label('menu.rules'), desc: label('home.rulesDesc'), icon: <ControlOutlined />, order: 49, testId: 'nav-rules', section: 'screening' },
    },
  ],
};
