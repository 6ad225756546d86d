import { lazy } from 'react';
import { HomeOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const HomePage = lazy(() => import('./pages/HomePage'));

export const homeFeature: Feature = {
  name: 'home',
  routes: [{ path: '/', element: <HomePage />, menu: { label: label('menu.home'), icon: <HomeOutlined />, order: 0, testId: 'nav-home' } }],
};
