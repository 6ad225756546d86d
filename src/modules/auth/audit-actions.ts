import { defineAuditActions } from '../audit/catalogue.js';

/** What auth records in the audit log, in words (audit/catalogue.ts). */
export const AUTH_AUDIT_ACTIONS = defineAuditActions({
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.password_change': { zh: '修改密码', en: 'Password change' },
  'POST /api/auth/login': { zh: '登录（未完成）', en: 'Sign in (not completed)' },
  'POST /api/auth/logout': { zh: '退出登录（未完成）', en: 'Sign out (not completed)' },
  'POST /api/auth/password': { zh: '修改密码（未完成）', en: 'Password change (not completed)' },
});
