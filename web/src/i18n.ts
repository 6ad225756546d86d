/**
 * The app-wide words (Chinese default, English): the shell, shared components, roles, departments, area levels and
 * the API client's own errors. Each feature keeps its own words in its `messages.ts` (`defineMessages`). Server
 * messages arrive already localised (the API client sends Accept-Language).
 */
import { createContext, useContext, useMemo } from 'react';
import type { Department, Role } from '../../src/shared/roles';

export type Lang = 'zh' | 'en';
export type Params = Record<string, string | number>;

const zh = {
  'app.title': 'Fangpin 防贫',
  'app.subtitle': '防止返贫动态监测和帮扶平台',
  'common.search': '查询',
  'common.reset': '重置',
  'common.cancel': '取消',
  'common.ok': '确定',
  'common.save': '保存',
  'common.close': '关闭',
  'common.copy': '复制',
  'common.copied': '已复制到剪贴板',
  'common.copyFailed': '复制失败，请手动选择复制',
  'common.loading': '加载中…',
  'common.actions': '操作',
  'common.all': '全部',
  'common.total': '共 {n} 条',
  'common.none': '无',
  'common.notFound': '页面不存在',
  'common.backHome': '返回首页',
  'common.noPermission': '您没有访问此页面的权限',
  'lang.zh': '中文',
  'lang.en': 'English',
  'menu.open': '打开菜单',
  'menu.section.work': '日常工作',
  'menu.section.assistance': '帮扶',
  'menu.section.screening': '部门数据筛查',
  'menu.section.admin': '系统管理',
  'user.changePassword': '修改密码',
  'user.logout': '退出登录',
  'user.loggedOut': '已退出登录',
  'level.1': '省',
  'level.2': '市',
  'level.3': '县',
  'level.4': '乡镇',
  'level.5': '村',
  'common.selectArea': '选择区划',
  'role.county_admin': '县级管理员',
  'role.county_reviewer': '县级审定人员',
  'role.township_reviewer': '乡镇审核人员',
  'role.village_clerk': '村级信息员',
  'role.helper': '帮扶责任人',
  'role.dept_officer': '部门数据员',
  'role.auditor': '纪检审计',
  'role.security_admin': '安全保密管理员',
  'dept.medical_insurance': '医保',
  'dept.civil_affairs': '民政',
  'dept.education': '教育',
  'dept.housing': '住建',
  'dept.disability': '残联',
  'dept.human_resources': '人社',
  'dept.public_security': '公安',
  'dept.emergency': '应急',
  'dept.water': '水利',
  'dept.health': '卫健',
  'dept.agriculture': '农业农村',
  'error.network': '无法连接服务器，请检查网络后重试',
  'error.unexpected': '服务器返回了无法识别的响应（HTTP {status}）',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title': 'Fangpin 防贫',
  'app.subtitle': 'Poverty-relapse monitoring and assistance',
  'common.search': 'Search',
  'common.reset': 'Reset',
  'common.cancel': 'Cancel',
  'common.ok': 'OK',
  'common.save': 'Save',
  'common.close': 'Close',
  'common.copy': 'Copy',
  'common.copied': 'Copied to the clipboard',
  'common.copyFailed': 'Copy failed; select the text and copy it by hand',
  'common.loading': 'Loading…',
  'common.actions': 'Actions',
  'common.all': 'All',
  'common.total': '{n} in total',
  'common.none': 'None',
  'common.notFound': 'Page not found',
  'common.backHome': 'Back to home',
  'common.noPermission': 'You may not open this page',
  'lang.zh': '中文',
  'lang.en': 'English',
  'menu.open': 'Open menu',
  'menu.section.work': 'Daily work',
  'menu.section.assistance': 'Assistance',
  'menu.section.screening': 'Department data',
  'menu.section.admin': 'Administration',
  'user.changePassword': 'Change password',
  'user.logout': 'Sign out',
  'user.loggedOut': 'Signed out',
  'level.1': 'Province',
  'level.2': 'City',
  'level.3': 'County',
  'level.4': 'Township',
  'level.5': 'Village',
  'common.selectArea': 'Choose an area',
  'role.county_admin': 'County administrator',
  'role.county_reviewer': 'County approver',
  'role.township_reviewer': 'Township reviewer',
  'role.village_clerk': 'Village clerk',
  'role.helper': 'Helper',
  'role.dept_officer': 'Department officer',
  'role.auditor': 'Auditor',
  'role.security_admin': 'Security administrator',
  'dept.medical_insurance': 'Medical insurance',
  'dept.civil_affairs': 'Civil affairs',
  'dept.education': 'Education',
  'dept.housing': 'Housing',
  'dept.disability': 'Disability federation',
  'dept.human_resources': 'Human resources',
  'dept.public_security': 'Public security',
  'dept.emergency': 'Emergency management',
  'dept.water': 'Water resources',
  'dept.health': 'Health',
  'dept.agriculture': 'Agriculture and rural affairs',
  'error.network': 'Cannot reach the server; check the network and try again',
  'error.unexpected': 'The server sent an unexpected response (HTTP {status})',
};

function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  return fill((lang === 'en' ? en : zh)[key] ?? zh[key] ?? key, params);
}

export type TFunction = (key: MessageKey, params?: Params) => string;

/** A text in the current language, computed when shown (a route's menu label, for instance). */
export type Label = (lang: Lang) => string;

/**
 * A feature's dictionary: `useT()` in its components (its own keys and the app-wide ones, typed), `label(key)` for its
 * route table, `has(key)` for keys built from data. The English dictionary must have every key of the Chinese one.
 */
export function defineMessages<K extends string>(zhDict: Record<K, string>, enDict: NoInfer<Record<K, string>>) {
  const has = (key: string): key is K => Object.hasOwn(zhDict, key);
  const tr = (lang: Lang, key: K | MessageKey, params: Params = {}): string =>
    has(key) ? fill((lang === 'en' ? enDict : zhDict)[key] ?? zhDict[key], params) : translate(lang, key, params);
  return {
    translate: tr,
    has,
    label: (key: K): Label => (lang) => tr(lang, key),
    useT: () => {
      const { lang } = useI18n();
      return useMemo(() => (key: K | MessageKey, params?: Params) => tr(lang, key, params), [lang]);
    },
  };
}

export interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t: TFunction;
  roleLabel(role: string): string;
  deptLabel(dept: string | null | undefined): string;
  levelLabel(level: number): string;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18nValue {
  const t: TFunction = (key, params) => translate(lang, key, params);
  const has = (key: string): key is MessageKey => Object.hasOwn(zh, key);
  return {
    lang,
    setLang,
    t,
    roleLabel: (role) => (has(`role.${role}`) ? t(`role.${role}` as `role.${Role}`) : role),
    deptLabel: (dept) => (dept && has(`dept.${dept}`) ? t(`dept.${dept}` as `dept.${Department}`) : (dept ?? '')),
    levelLabel: (level) => (has(`level.${level}`) ? t(`level.${level}` as MessageKey) : String(level)),
  };
}

const LANG_KEY = 'fp_lang';

export function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
}

export const I18nContext = createContext<I18nValue>(makeI18n('zh', () => {}));

export function useI18n(): I18nValue {
  return useContext(I18nContext);
}
