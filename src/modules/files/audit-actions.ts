import { defineAuditActions } from '../audit/catalogue.js';

/** What the attachments module records in the audit log, in words (audit/catalogue.ts). */
export const FILES_AUDIT_ACTIONS = defineAuditActions({
  'files.upload': { zh: '上传附件', en: 'Attachment uploaded' },
  'POST /api/files': { zh: '上传附件（未完成）', en: 'Attachment upload (not completed)' },
});
