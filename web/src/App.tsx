import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Result, Button } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { configureApi, setApiLang } from './api';
import { AuthProvider, useAuth } from './auth';
import { I18nContext, initialLang, makeI18n, storeLang, useI18n, type Lang } from './i18n';
import type { Permission } from '../../src/shared/roles';
import { MainLayout } from './layout/MainLayout';
import { PageSpinner } from './components/PageSpinner';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage'));
const HomePage = lazy(() => import('./pages/HomePage'));
const AreasPage = lazy(() => import('./pages/AreasPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const HouseholdsPage = lazy(() => import('./pages/HouseholdsPage'));
const HouseholdCreatePage = lazy(() => import('./pages/HouseholdCreatePage'));
const HouseholdDetailPage = lazy(() => import('./pages/HouseholdDetailPage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));

export function Root() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  setApiLang(lang);
  useEffect(() => storeLang(lang), [lang]);
  const i18n = useMemo(() => makeI18n(lang, setLangState), [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN} virtual={false} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 6 } }}>
        <AntApp>
          <Notifier />
          <BrowserRouter>
            <AuthProvider>
              <AppRoutes />
            </AuthProvider>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

/** Lets the API client show server messages through antd's context-aware message API. */
function Notifier() {
  const { message } = AntApp.useApp();
  useEffect(() => {
    configureApi({ notify: (text) => void message.error({ content: text, className: 'fp-api-error' }) });
  }, [message]);
  return null;
}

function AppRoutes() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireAuth />}>
          <Route path="/change-password" element={<ChangePasswordPage forced />} />
          <Route element={<MainLayout />}>
            <Route index element={<HomePage />} />
            <Route path="households" element={<RequirePermission permission="registry.read"><HouseholdsPage /></RequirePermission>} />
            <Route path="households/new" element={<RequirePermission permission="registry.write"><HouseholdCreatePage /></RequirePermission>} />
            <Route path="households/import" element={<RequirePermission permission="registry.import"><ImportPage /></RequirePermission>} />
            <Route path="households/import/:jobId" element={<RequirePermission permission="registry.import"><ImportPage /></RequirePermission>} />
            <Route path="households/:id" element={<RequirePermission permission="registry.read"><HouseholdDetailPage /></RequirePermission>} />
            <Route path="areas" element={<RequirePermission permission="areas.read"><AreasPage /></RequirePermission>} />
            <Route path="users" element={<RequirePermission permission="users.read"><UsersPage /></RequirePermission>} />
            <Route path="audit" element={<RequirePermission permission="audit.read"><AuditPage /></RequirePermission>} />
            <Route path="account/password" element={<ChangePasswordPage />} />
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
      extra={<Button type="primary" href="/">{t('common.backHome')}</Button>}
    />
  );
}
