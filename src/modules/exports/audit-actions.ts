import { defineAuditActions } from '../audit/catalogue.js';

/** What the export records in the audit log, in words (audit/catalogue.ts). */
export const EXPORT_AUDIT_ACTIONS = defineAuditActions({
  'registry.export': { zh: '导出农户信息', en: 'Export households' },
  'registry.export_full': { zh: '导出农户信息（完整证件号）', en: 'Export households (full ID numbers)' },
});
