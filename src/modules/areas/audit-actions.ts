import { defineAuditActions } from '../audit/catalogue.js';

/** What the areas module records in the audit log, in words (audit/catalogue.ts). */
export const AREAS_AUDIT_ACTIONS = defineAuditActions({
  'areas.import': { zh: '导入区划', en: 'Import areas' },
  'POST /api/areas/import': { zh: '导入区划（未完成）', en: 'Import areas (not completed)' },
});
