import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const AuditPage = lazy(() => import('./pages/AuditPage'));

export const auditFeature: Feature = {
  name: 'audit',
  routes: [
    {
      path: '/audit',
      element: <AuditPage />,
      permission: 'audit.read',
      menu: { label: label('menu.audit'), desc: label('home.auditDesc'), icon: <AuditOutlined />, order: 40, testId: 'nav-audit', section: 'admin' },
    },
  ],
};
