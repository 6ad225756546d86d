import { lazy } from 'react';
import { ApartmentOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const AreasPage = lazy(() => import('./pages/AreasPage'));

export const areasFeature: Feature = {
  name: 'areas',
  routes: [
    {
      path: '/areas',
      element: <AreasPage />,
      permission: 'areas.read',
      menu: { label: label('menu.areas'), desc: label('home.areasDesc'), icon: <ApartmentOutlined />, order: 20, testId: 'nav-areas', section: 'admin' },
    },
  ],
};
