/** Department screening's words (Chinese default, English). */
import { defineMessages } from '../../i18n';

const zh = {
  'menu.warnings': '筛查预警',
  'home.warningsDesc': '部门数据比对发现的预警：按期处理（发起监测、排除、更正信息库）',
  'warnings.title': '筛查预警',
  'warnings.state.open': '待处理',
  'warnings.state.case_opened': '已发起监测',
  'warnings.state.dismissed': '已排除',
  'warnings.state.corrected': '已更正',
  'warnings.due': '处理期限 {due}',
  'warnings.overdue': '已逾期',
  'warnings.openCase': '发起监测',
  'warnings.dismiss': '排除',
  'warnings.deceased': '标记死亡',
  'warnings.reason': '原因',
  'warnings.date': '死亡日期',
  'warnings.empty': '暂无预警',
  'warnings.done': '已处理',
};
const en: Record<keyof typeof zh, string> = {
  'menu.warnings': 'Screening warnings',
  'home.warningsDesc': 'Warnings from department data: handle by the due date (open a case, dismiss, correct the registry)',
  'warnings.title': 'Screening warnings',
  'warnings.state.open': 'Open',
  'warnings.state.case_opened': 'Case opened',
  'warnings.state.dismissed': 'Dismissed',
  'warnings.state.corrected': 'Corrected',
  'warnings.due': 'Due {due}',
  'warnings.overdue': 'Overdue',
  'warnings.openCase': 'Open a case',
  'warnings.dismiss': 'Dismiss',
  'warnings.deceased': 'Mark deceased',
  'warnings.reason': 'Reason',
  'warnings.date': 'Date of death',
  'warnings.empty': 'No warnings',
  'warnings.done': 'Handled',
};

export const { useT, label } = defineMessages(zh, en);
