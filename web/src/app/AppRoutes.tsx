/**
 * The router, built from the route table (features/index.ts): each entry's path and permission are written once, in
 * its feature's routes.tsx.
 */
import { Suspense, type ReactNode } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { Button, Result } from 'antd';
import type { Permission } from '../features/auth/api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { ROUTES } from '../features';
import type { RouteEntry } from '../features/types';
import { MainLayout } from './MainLayout';
import { PageSpinner } from '../components/PageSpinner';

function routeOf(r: RouteEntry) {
  const element = r.permission ? <RequirePermission permission={r.permission}>{r.element}</RequirePermission> : r.element;
  return <Route key={r.path} path={r.path} element={element} />;
}

const inFrame = (frame: RouteEntry['frame']) => ROUTES.filter((r) => (r.frame ?? 'main') === frame).map(routeOf);

export function AppRoutes() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        {inFrame('public')}
        <Route element={<RequireAuth />}>
          {inFrame('signedIn')}
          <Route element={<MainLayout />}>
            {inFrame('main')}
            <Route path="*" element={<NotFound />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}

/** Signed in, and (unless on the change-password page) not owing a password change. */
function RequireAuth() {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <PageSpinner />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (user.mustChangePassword && location.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
  return <Outlet />;
}

function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useI18n();
  if (!can(permission)) return <Result status="403" title="403" subTitle={t('common.noPermission')} data-testid="no-permission" />;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Button type="primary" href="/">
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
