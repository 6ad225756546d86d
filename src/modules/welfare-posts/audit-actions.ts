import { defineAuditActions } from '../audit/catalogue.js';

/** What the public-welfare posts record in the audit log, in words (audit/catalogue.ts). */
export const WELFARE_POST_AUDIT_ACTIONS = defineAuditActions({
  'welfare_posts.create': { zh: '设置公益岗位', en: 'Create a public-welfare post' },
  'welfare_posts.hire': { zh: '公益岗位上岗', en: 'Hire on a public-welfare post' },
  'welfare_posts.exit': { zh: '公益岗位离岗', en: 'Exit from a public-welfare post' },
  'welfare_posts.pay': { zh: '登记公益岗位补贴发放', en: 'Record public-welfare post pay' },
  'welfare_posts.export': { zh: '导出公益岗位报表', en: 'Export the public-welfare posts report' },
  // Refused or failed attempts, recorded by the audit net.
  'POST /api/welfare-posts': { zh: '设置公益岗位（未完成）', en: 'Create a public-welfare post (not completed)' },
  'POST /api/welfare-posts/:id/hires': { zh: '公益岗位上岗（未完成）', en: 'Hire on a public-welfare post (not completed)' },
  'POST /api/welfare-posts/hires/:id/exit': { zh: '公益岗位离岗（未完成）', en: 'Exit from a public-welfare post (not completed)' },
  'POST /api/welfare-posts/:id/pay': { zh: '登记公益岗位补贴发放（未完成）', en: 'Record public-welfare post pay (not completed)' },
});
