import { defineAuditActions } from '../audit/catalogue.js';

/** What the registry records in the audit log, in words (audit/catalogue.ts). */
export const REGISTRY_AUDIT_ACTIONS = defineAuditActions({
  'registry.household_create': { zh: '新建户', en: 'Register household' },
  'registry.household_update': { zh: '修改户信息', en: 'Update household' },
  'registry.member_add': { zh: '添加成员', en: 'Add member' },
  'registry.member_update': { zh: '修改成员', en: 'Update member' },
  'registry.member_remove': { zh: '成员减少', en: 'Member leaves' },
  'registry.reveal_id': { zh: '查看完整身份证号', en: 'Reveal full ID number' },
  'POST /api/households': { zh: '新建户（未完成）', en: 'Register household (not completed)' },
  'PATCH /api/households/:id': { zh: '修改户信息（未完成）', en: 'Update household (not completed)' },
  'POST /api/households/:id/members': { zh: '添加成员（未完成）', en: 'Add member (not completed)' },
  'PATCH /api/households/:id/members/:memberId': { zh: '修改成员（未完成）', en: 'Update member (not completed)' },
  'POST /api/households/:id/members/:memberId/remove': { zh: '成员减少（未完成）', en: 'Member leaves (not completed)' },
  'POST /api/households/:id/members/:memberId/reveal-id': { zh: '查看完整身份证号（未完成）', en: 'Reveal full ID number (not completed)' },
});
