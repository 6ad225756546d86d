import type { Permission } from '../features/auth/api';
import type { MenuEntry } from '../features/types';
import { ROUTES } from '../features';

export interface NavItem extends MenuEntry {
  path: string;
  permission?: Permission;
}

/** The side menu, in order: every route with a menu entry, from the route table. */
const NAV_ITEMS: NavItem[] = ROUTES.flatMap((r) => (r.menu ? [{ ...r.menu, path: r.path, permission: r.permission }] : [])).sort(
  (a, b) => a.order - b.order,
);

/** The menu of a user: the items their permissions (from GET /api/auth/me) allow. */
export function navFor(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((i) => !i.permission || permissions.includes(i.permission));
}
