import { lazy } from 'react';
import { BarChartOutlined, InboxOutlined, SettingOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';
import { InboxBadge } from './components/InboxBadge';

const InboxPage = lazy(() => import('./pages/InboxPage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const NoticePrintPage = lazy(() => import('./pages/NoticePrintPage'));
const PolicyPage = lazy(() => import('./pages/PolicyPage'));
const ApplyPage = lazy(() => import('./pages/ApplyPage'));
const StepTimesPage = lazy(() => import('./pages/StepTimesPage'));

/** 防止返贫致贫监测: the inbox, a case, its printed notice, the policy, and the public self-declaration page. */
export const monitoringFeature: Feature = {
  name: 'monitoring',
  routes: [
    {
      path: '/monitoring/inbox',
      element: <InboxPage />,
      permission: 'monitoring.read',
      menu: { label: label('menu.inbox'), desc: label('home.inboxDesc'), icon: <InboxOutlined />, order: 5, testId: 'nav-inbox', badge: <InboxBadge /> },
    },
    { path: '/monitoring/cases/:id', element: <CasePage />, permission: 'monitoring.read' },
    // The A4 notice prints without the app's header and menu.
    { path: '/monitoring/cases/:id/notice', element: <NoticePrintPage />, permission: 'monitoring.read', frame: 'signedIn' },
    {
      path: '/monitoring/step-times',
      element: <StepTimesPage />,
      permission: 'monitoring.reports',
      menu: { label: label('menu.stepTimes'), desc: label('home.stepTimesDesc'), icon: <BarChartOutlined />, order: 6, testId: 'nav-step-times' },
    },
    {
      path: '/monitoring/policy',
      element: <PolicyPage />,
      permission: 'policy.read',
      menu: { label: label('menu.policy'), desc: label('home.policyDesc'), icon: <SettingOutlined />, order: 45, testId: 'nav-policy', section: 'admin' },
    },
    // 农户自主申报: no account.
    { path: '/apply', element: <ApplyPage />, frame: 'public' },
  ],
};
