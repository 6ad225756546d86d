import { lazy } from 'react';
import type { Feature } from '../types';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage'));
const ActivatePage = lazy(() => import('./pages/ActivatePage'));

export const authFeature: Feature = {
  name: 'auth',
  routes: [
    { path: '/login', element: <LoginPage />, frame: 'public' },
    // An auditor or security administrator chooses his first password with a one-time code (三员分立).
    { path: '/activate', element: <ActivatePage />, frame: 'public' },
    // Owed at first sign-in or after a reset: the page stands alone, the rest of the app waits for it.
    { path: '/change-password', element: <ChangePasswordPage forced />, frame: 'signedIn' },
    { path: '/account/password', element: <ChangePasswordPage /> },
  ],
};
