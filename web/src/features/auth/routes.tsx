import { lazy } from 'react';
import type { Feature } from '../types';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage'));

export const authFeature: Feature = {
  name: 'auth',
  routes: [
    { path: '/login', element: <LoginPage />, frame: 'public' },
    // Owed at first sign-in or after a reset: the page stands alone, the rest of the app waits for it.
    { path: '/change-password', element: <ChangePasswordPage forced />, frame: 'signedIn' },
    { path: '/account/password', element: <ChangePasswordPage /> },
  ],
};
