import type { Permission } from '../features/auth/api';
import type { MenuEntry, MenuSection } from '../features/types';
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

/** The menu's groups, in order. A user who sees items of one group only gets a flat menu. */
export const MENU_SECTIONS: readonly MenuSection[] = ['work', 'assistance', 'screening', 'admin'];

/** The user's items by group (groups without items left out). */
export function navSections(items: readonly NavItem[]): { section: MenuSection; items: NavItem[] }[] {
  return MENU_SECTIONS.map((section) => ({ section, items: items.filter((i) => (i.section ?? 'work') === section) })).filter((g) => g.items.length > 0);
}
