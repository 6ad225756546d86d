import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App as AntApp, Avatar, Button, Drawer, Dropdown, Layout, Menu, type MenuProps } from 'antd';
import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { LangSwitch } from '../components/LangSwitch';
import { useIsMobile } from '../responsive';
import { navFor, navSections, type NavItem } from './nav';
import { PageSpinner } from '../components/PageSpinner';

export function MainLayout() {
  const { user, logout } = useAuth();
  const { t, lang, roleLabel } = useI18n();
  const isMobile = useIsMobile();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  // Any way of reaching a page (the menu, a link, back) closes the phone's menu drawer: it must not stay over the page
  // (its focus trap would swallow what the user types there).
  useEffect(() => setDrawerOpen(false), [location.pathname]);
  if (!user) return null;

  const items = navFor(user.permissions);
  const selected = items
    .filter((i) => (i.path === '/' ? location.pathname === '/' : location.pathname.startsWith(i.path)))
    .map((i) => i.path);
  const entry = (i: NavItem) => ({
    key: i.path,
    icon: i.icon,
    label: (
      <span data-testid={i.testId}>
        {i.label(lang)}
        {i.badge}
      </span>
    ),
  });
  // Grouped under headings (not folding submenus: every page stays one tap away on a phone).
  const sections = navSections(items);
  const menuItems: MenuProps['items'] =
    sections.length > 1
      ? sections.map((g) => ({
          type: 'group' as const,
          key: `section-${g.section}`,
          label: <span data-testid={`menu-section-${g.section}`}>{t(`menu.section.${g.section}`)}</span>,
          children: g.items.map(entry),
        }))
      : items.map(entry);
  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false);
    navigate(key);
  };
  const menu = (testId: string) => (
    <Menu mode="inline" items={menuItems} selectedKeys={selected} onClick={onMenuClick} data-testid={testId} style={{ borderInlineEnd: 'none' }} />
  );

  const doLogout = async () => {
    await logout();
    void message.success(t('user.loggedOut'));
    navigate('/login', { replace: true });
  };

  const userMenu: MenuProps = {
    items: [
      {
        key: 'info',
        disabled: true,
        label: (
          <div data-testid="user-info">
            <div>{user.displayName} ({user.username})</div>
            <div style={{ fontSize: 12 }}>{roleLabel(user.role)} · {user.areaName}</div>
          </div>
        ),
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('user.changePassword')}</span> },
      { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-logout">{t('user.logout')}</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/account/password');
      if (key === 'logout') void doLogout();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="fp-header" data-testid="app-header">
        {isMobile && (
          <Button
            type="text"
            aria-label={t('menu.open')}
            icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />}
            onClick={() => setDrawerOpen(true)}
            data-testid="menu-toggle"
          />
        )}
        <Link to="/" className="fp-title" data-testid="app-title">
          {t('app.title')}
        </Link>
        <span className="fp-spacer" />
        <LangSwitch />
        <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
          <span className="fp-user" data-testid="user-menu" role="button" tabIndex={0}>
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#fff', color: '#b71c1c', flex: 'none' }} />
            {!isMobile && (
              <span className="fp-user-text">
                <span data-testid="current-user">{user.displayName}</span>
                <span className="fp-user-sub" data-testid="current-role-area">
                  {roleLabel(user.role)} · {user.areaName}
                </span>
              </span>
            )}
          </span>
        </Dropdown>
        {!isMobile && (
          <Button type="text" icon={<LogoutOutlined />} onClick={() => void doLogout()} data-testid="logout" title={t('user.logout')}>
            {t('user.logout')}
          </Button>
        )}
      </Layout.Header>
      <Layout>
        {!isMobile && (
          <Layout.Sider width={200} theme="light" data-testid="side-nav">
            {menu('side-menu')}
          </Layout.Sider>
        )}
        {isMobile && (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={240}
            title={t('app.title')}
            styles={{ body: { padding: 0 } }}
            data-testid="nav-drawer"
          >
            {menu('drawer-menu')}
          </Drawer>
        )}
        <Layout.Content className="fp-content" data-testid="main-content">
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
