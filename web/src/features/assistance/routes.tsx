import { lazy } from 'react';
import { HeartOutlined, TeamOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const MyHouseholdsPage = lazy(() => import('./pages/MyHouseholdsPage'));
const VisitPage = lazy(() => import('./pages/VisitPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const PlanPrintPage = lazy(() => import('./pages/PlanPrintPage'));
const AssistancePage = lazy(() => import('./pages/AssistancePage'));

/** 帮扶: a helper's households and visits (phone), a household's plan and its A4 print, the area's assistance desk. */
export const assistanceFeature: Feature = {
  name: 'assistance',
  routes: [
    {
      path: '/assistance/mine',
      element: <MyHouseholdsPage />,
      permission: 'assistance.visit',
      menu: { label: label('menu.mine'), desc: label('home.mineDesc'), icon: <HeartOutlined />, order: 6, testId: 'nav-mine' },
    },
    { path: '/assistance/households/:id/visit', element: <VisitPage />, permission: 'assistance.visit' },
    { path: '/assistance/households/:id', element: <PlanPage />, permission: 'assistance.read' },
    // The A4 plan prints without the app's header and menu.
    { path: '/assistance/households/:id/print', element: <PlanPrintPage />, permission: 'assistance.read', frame: 'signedIn' },
    {
      path: '/assistance',
      element: <AssistancePage />,
      permission: 'assistance.read',
      menu: { label: label('menu.assistance'), desc: label('home.assistanceDesc'), icon: <TeamOutlined />, order: 7, testId: 'nav-assistance', section: 'assistance' },
    },
  ],
};
