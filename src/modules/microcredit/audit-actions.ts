import { defineAuditActions } from '../audit/catalogue.js';

/** What microcredit records in the audit log, in words (audit/catalogue.ts). */
export const MICROCREDIT_AUDIT_ACTIONS = defineAuditActions({
  'microcredit.loan_create': { zh: '登记小额信贷', en: 'Record a microcredit loan' },
  'microcredit.repay': { zh: '登记小额信贷还款', en: 'Record a loan repayment' },
  'microcredit.extend': { zh: '小额信贷展期', en: 'Extend a loan' },
  'microcredit.settings': { zh: '设置小额信贷限额', en: 'Set the microcredit limits' },
  'microcredit.export': { zh: '导出小额信贷报表', en: 'Export the microcredit report' },
  // Refused or failed attempts, recorded by the audit net.
  'POST /api/microcredit/loans': { zh: '登记小额信贷（未完成）', en: 'Record a microcredit loan (not completed)' },
  'POST /api/microcredit/loans/:id/repayments': { zh: '登记小额信贷还款（未完成）', en: 'Record a loan repayment (not completed)' },
  'POST /api/microcredit/loans/:id/extension': { zh: '小额信贷展期（未完成）', en: 'Extend a loan (not completed)' },
  'POST /api/microcredit/settings': { zh: '设置小额信贷限额（未完成）', en: 'Set the microcredit limits (not completed)' },
});
