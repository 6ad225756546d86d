import { defineAuditActions } from '../audit/catalogue.js';

/** What department screening records in the audit log, in words (audit/catalogue.ts). */
export const SCREENING_AUDIT_ACTIONS = defineAuditActions({
  'screening.dataset_upload': { zh: '上传部门数据', en: 'Department dataset uploaded' },
  'screening.dataset_remap': { zh: '调整部门数据列映射', en: 'Department dataset mapping changed' },
  'screening.dataset_submit': { zh: '提交部门数据', en: 'Department dataset submitted' },
  'screening.run_start': { zh: '发起数据比对', en: 'Screening run started' },
  'screening.report': { zh: '下载匹配报告', en: 'Matching report downloaded' },
  'screening.policy_list': { zh: '导出政策找人名单', en: 'Entitled-not-receiving list exported' },
  'screening.candidate_confirm': { zh: '确认候选匹配', en: 'Candidate confirmed' },
  'screening.candidate_reject': { zh: '排除候选匹配', en: 'Candidate rejected' },
  'screening.rule_change': { zh: '修改预警规则', en: 'Screening rule changed' },
  'screening.warning_handle': { zh: '处理筛查预警', en: 'Screening warning handled' },
  'POST /api/screening/datasets': { zh: '上传部门数据（请求）', en: 'Department dataset upload (request)' },
  'PATCH /api/screening/datasets/:id/mapping': { zh: '调整列映射（请求）', en: 'Mapping change (request)' },
  'POST /api/screening/datasets/:id/submit': { zh: '提交部门数据（请求）', en: 'Dataset submit (request)' },
  'POST /api/screening/datasets/:id/runs': { zh: '发起比对（请求）', en: 'Run start (request)' },
  'POST /api/screening/candidates/:id/:decision': { zh: '候选确认/排除（请求）', en: 'Candidate decision (request)' },
  'PATCH /api/screening/rules/:rule': { zh: '修改规则（请求）', en: 'Rule change (request)' },
  'POST /api/screening/rules/:rule/preview': { zh: '规则试算', en: 'Rule what-if' },
  'POST /api/screening/warnings/:id/handle': { zh: '处理预警（请求）', en: 'Warning handling (request)' },
});
