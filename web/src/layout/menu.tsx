import type { ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, HomeOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import type { Permission } from '../../../src/shared/roles';
import type { MessageKey } from '../i18n';

export interface NavItem {
  path: string;
  labelKey: MessageKey;
  descKey?: MessageKey;
  icon: ReactNode;
  /** Shown only with this permission; none = everyone. */
  permission?: Permission;
  testId: string;
}

/** The side menu, in order. Built per user from the permissions GET /api/auth/me returns. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/', labelKey: 'menu.home', icon: <HomeOutlined />, testId: 'nav-home' },
  { path: '/households', labelKey: 'menu.households', descKey: 'home.householdsDesc', icon: <SolutionOutlined />, permission: 'registry.read', testId: 'nav-households' },
  { path: '/areas', labelKey: 'menu.areas', descKey: 'home.areasDesc', icon: <ApartmentOutlined />, permission: 'areas.read', testId: 'nav-areas' },
  { path: '/users', labelKey: 'menu.users', descKey: 'home.usersDesc', icon: <TeamOutlined />, permission: 'users.read', testId: 'nav-users' },
  { path: '/audit', labelKey: 'menu.audit', descKey: 'home.auditDesc', icon: <AuditOutlined />, permission: 'audit.read', testId: 'nav-audit' },
];

export function navFor(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((i) => !i.permission || permissions.includes(i.permission));
}
