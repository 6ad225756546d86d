/**
 * What a feature gives the app: its routes. The router and the side menu are both built from them
 * (features/index.ts lists the features), so a path and its permission are written once.
 */
import type { ReactNode } from 'react';
import type { Permission } from './auth/api';
import type { Label } from '../i18n';

export interface MenuEntry {
  label: Label;
  /** The home page's quick link under the label. */
  desc?: Label;
  icon: ReactNode;
  /** Position in the menu, ascending (home 0, then steps of 10 so a new feature fits between). */
  order: number;
  /** data-testid of the menu item; the home page's quick link is `quick-` + the part after `nav-`. */
  testId: string;
  /** Shown after the label in the menu (a count of what waits, say); renders nothing when there is none. */
  badge?: ReactNode;
  /** The menu's group (app/nav.ts MENU_SECTIONS): daily work (default), assistance, screening, administration. */
  section?: MenuSection;
}

export type MenuSection = 'work' | 'assistance' | 'screening' | 'admin';

export interface RouteEntry {
  /** Absolute path ('/households/:id'). */
  path: string;
  element: ReactNode;
  /** Shown only with this permission (the server enforces it anyway); none = every signed-in user. */
  permission?: Permission;
  /**
   * `main` (default): signed in, inside the app's header and menu. `signedIn`: signed in, a page of its own (the
   * forced password change). `public`: no sign-in (the login page).
   */
  frame?: 'main' | 'signedIn' | 'public';
  /** An entry of the side menu (and a quick link on the home page). */
  menu?: MenuEntry;
}

export interface Feature {
  name: string;
  routes: RouteEntry[];
}
