import { defineAuditActions } from '../audit/catalogue.js';

/** What assistance records in the audit log, in words (audit/catalogue.ts). */
export const ASSISTANCE_AUDIT_ACTIONS = defineAuditActions({
  'assistance.catalogue_add': { zh: '新增帮扶措施目录项', en: 'Add measure catalogue item' },
  'assistance.catalogue_update': { zh: '修改帮扶措施目录项', en: 'Update measure catalogue item' },
  'assistance.settings_update': { zh: '修改走访频次', en: 'Update visit schedule' },
  'assistance.measure_add': { zh: '新增帮扶措施', en: 'Add assistance measure' },
  'assistance.measure_update': { zh: '修改帮扶措施', en: 'Update assistance measure' },
  'assistance.assign': { zh: '结对帮扶责任人', en: 'Pair helper with household' },
  'assistance.assign_import': { zh: '批量结对帮扶责任人', en: 'Pair helpers from a file' },
  'assistance.visit': { zh: '记录走访', en: 'Record visit' },
  'assistance.export': { zh: '导出帮扶清单', en: 'Export assistance list' },
  'POST /api/assistance/catalogue': { zh: '新增帮扶措施目录项（未完成）', en: 'Add measure catalogue item (not completed)' },
  'PATCH /api/assistance/catalogue/:id': { zh: '修改帮扶措施目录项（未完成）', en: 'Update measure catalogue item (not completed)' },
  'PATCH /api/assistance/settings': { zh: '修改走访频次（未完成）', en: 'Update visit schedule (not completed)' },
  'POST /api/assistance/households/:id/measures': { zh: '新增帮扶措施（未完成）', en: 'Add assistance measure (not completed)' },
  'PATCH /api/assistance/measures/:id': { zh: '修改帮扶措施（未完成）', en: 'Update assistance measure (not completed)' },
  'POST /api/assistance/assignments': { zh: '结对帮扶责任人（未完成）', en: 'Pair helper with household (not completed)' },
  'POST /api/assistance/assignments/import': { zh: '批量结对帮扶责任人（未完成）', en: 'Pair helpers from a file (not completed)' },
  'POST /api/assistance/households/:id/visits': { zh: '记录走访（未完成）', en: 'Record visit (not completed)' },
});
