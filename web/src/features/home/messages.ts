/** The home page's words (Chinese default, English). */
import { defineMessages } from '../../i18n';

const zh = {
  'menu.home': '首页',
  'home.welcome': '欢迎，{name}',
  'home.role': '角色',
  'home.area': '所属区划',
  'home.department': '部门',
  'home.quickLinks': '快捷入口',
};

const en: Record<keyof typeof zh, string> = {
  'menu.home': 'Home',
  'home.welcome': 'Welcome, {name}',
  'home.role': 'Role',
  'home.area': 'Area',
  'home.department': 'Department',
  'home.quickLinks': 'Quick links',
};

export const { useT, label } = defineMessages(zh, en);
