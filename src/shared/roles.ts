/**
 * Roles and what they may do. Shared by the server (which enforces) and the web app (which only shows or hides).
 */
export const ROLES = [
  'county_admin', // 县级管理员 — owns the system, manages accounts
  'county_reviewer', // 县级审定人员
  'township_reviewer', // 乡镇审核人员
  'village_clerk', // 村级信息员 / 驻村工作队
  'helper', // 帮扶责任人
  'dept_officer', // 部门数据员
  'auditor', // 纪检 / 审计 (read-only)
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'areas.read',
  'areas.import',
  'users.read',
  'users.manage',
  'audit.read',
  'registry.read', // 农户信息库: see households and members (masked ID numbers)
  'registry.write',
  'registry.import',
  'registry.export',
  'registry.viewFullId', // see a full ID number (audited)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  county_admin: ['areas.read', 'areas.import', 'users.read', 'users.manage', 'registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.viewFullId'],
  county_reviewer: ['areas.read', 'registry.read', 'registry.export', 'registry.viewFullId'],
  township_reviewer: ['areas.read', 'users.read', 'registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.viewFullId'],
  village_clerk: ['areas.read', 'registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.viewFullId'],
  helper: ['areas.read', 'registry.read'],
  dept_officer: ['areas.read'],
  // Separation of duties (三员分立): the auditor reads everything in scope and changes nothing.
  auditor: ['areas.read', 'users.read', 'audit.read', 'registry.read'],
};

/** Area levels: 1 province 省, 2 city 市, 3 county 县, 4 township 乡镇, 5 village 村. */
export type AreaLevel = 1 | 2 | 3 | 4 | 5;

/** Which levels of the tree a role may sit on. */
export const ROLE_LEVELS: Record<Role, readonly AreaLevel[]> = {
  county_admin: [1, 2, 3],
  county_reviewer: [1, 2, 3],
  township_reviewer: [4],
  village_clerk: [5],
  helper: [3, 4, 5],
  dept_officer: [1, 2, 3],
  auditor: [1, 2, 3, 4],
};

export const DEPARTMENTS = [
  'medical_insurance', // 医保
  'civil_affairs', // 民政
  'education', // 教育
  'housing', // 住建
  'disability', // 残联
  'human_resources', // 人社
  'public_security', // 公安
  'emergency', // 应急
  'water', // 水利
  'health', // 卫健
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  county_admin: { zh: '县级管理员', en: 'County administrator' },
  county_reviewer: { zh: '县级审定人员', en: 'County reviewer' },
  township_reviewer: { zh: '乡镇审核人员', en: 'Township reviewer' },
  village_clerk: { zh: '村级信息员', en: 'Village clerk' },
  helper: { zh: '帮扶责任人', en: 'Helper' },
  dept_officer: { zh: '部门数据员', en: 'Department data officer' },
  auditor: { zh: '纪检审计', en: 'Auditor' },
};

export const LEVEL_LABELS: Record<AreaLevel, { zh: string; en: string }> = {
  1: { zh: '省', en: 'province' },
  2: { zh: '市', en: 'city' },
  3: { zh: '县', en: 'county' },
  4: { zh: '乡镇', en: 'township' },
  5: { zh: '村', en: 'village' },
};
