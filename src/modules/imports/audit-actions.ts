import { defineAuditActions } from '../audit/catalogue.js';

/** What the import records in the audit log, in words (audit/catalogue.ts): the job's steps and the requests. */
export const IMPORT_AUDIT_ACTIONS = defineAuditActions({
  'registry.import_check_start': { zh: '开始预检', en: 'Dry run started' },
  'registry.import_check': { zh: '重新预检', en: 'Dry run again' },
  'registry.import_checked': { zh: '预检完成', en: 'Dry run finished' },
  'registry.import_commit': { zh: '开始导入', en: 'Import started' },
  'registry.import_refused': { zh: '导入被拒绝', en: 'Import refused' },
  'registry.import_done': { zh: '导入完成', en: 'Import finished' },
  'registry.import_failed': { zh: '导入失败', en: 'Import failed' },
  'registry.import_cancel': { zh: '取消导入', en: 'Import cancelled' },
  'registry.import': { zh: '导入写入农户', en: 'Import wrote households' },
  'registry.import_report': { zh: '下载导入报告', en: 'Import report downloaded' },
  'POST /api/imports': { zh: '上传导入文件', en: 'Import file uploaded' },
  'POST /api/imports/:id/check': { zh: '重新预检（请求）', en: 'Dry run again (request)' },
  'POST /api/imports/:id/commit': { zh: '导入提交', en: 'Import submitted' },
  'POST /api/imports/:id/cancel': { zh: '取消导入（请求）', en: 'Cancel import (request)' },
  'POST /api/imports/templates': { zh: '保存导入映射', en: 'Import mapping saved' },
  'DELETE /api/imports/templates/:id': { zh: '删除导入映射', en: 'Import mapping deleted' },
});
