import { lazy } from 'react';
import { TeamOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const UsersPage = lazy(() => import('./pages/UsersPage'));

export const usersFeature: Feature = {
  name: 'users',
  routes: [
    {
      path: '/users',
      element: <UsersPage />,
      permission: 'users.read',
      menu: { label: label('menu.users'), desc: label('home.usersDesc'), icon: <TeamOutlined />, order: 30, testId: 'nav-users', section: 'admin' },
    },
  ],
};
