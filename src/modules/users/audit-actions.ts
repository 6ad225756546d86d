import { defineAuditActions } from '../audit/catalogue.js';

/** What user administration records in the audit log, in words (audit/catalogue.ts). */
export const USERS_AUDIT_ACTIONS = defineAuditActions({
  'users.create': { zh: '创建用户', en: 'Create user' },
  'users.update': { zh: '修改用户', en: 'Update user' },
  'users.reset_password': { zh: '重置密码', en: 'Reset password' },
  'POST /api/users': { zh: '创建用户（未完成）', en: 'Create user (not completed)' },
  'PATCH /api/users/:id': { zh: '修改用户（未完成）', en: 'Update user (not completed)' },
  'POST /api/users/:id/reset-password': { zh: '重置密码（未完成）', en: 'Reset password (not completed)' },
});
