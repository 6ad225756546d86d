import { lazy } from 'react';
import { SolutionOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const HouseholdsPage = lazy(() => import('./pages/HouseholdsPage'));
const HouseholdCreatePage = lazy(() => import('./pages/HouseholdCreatePage'));
const HouseholdDetailPage = lazy(() => import('./pages/HouseholdDetailPage'));

export const registryFeature: Feature = {
  name: 'registry',
  routes: [
    {
      path: '/households',
      element: <HouseholdsPage />,
      permission: 'registry.read',
      menu: { label: label('menu.households'), desc: label('home.householdsDesc'), icon: <SolutionOutlined />, order: 10, testId: 'nav-households' },
    },
    { path: '/households/new', element: <HouseholdCreatePage />, permission: 'registry.write' },
    { path: '/households/:id', element: <HouseholdDetailPage />, permission: 'registry.read' },
  ],
};
