/**
 * Roles, the area levels they sit on, departments and their labels: data shared by the server and the web app. What
 * a role may do is not here: each module declares its permissions (src/modules/<name>/permissions.ts,
 * core/permissions.ts) and the web app learns a user's from the server (/api/auth/me). Nothing under src/shared
 * imports from src/modules (test/modules.test.ts).
 */
export const ROLES = [
  'county_admin', // 县级管理员 — owns the system, manages accounts
  'county_reviewer', // 县级审定人员
  'township_reviewer', // 乡镇审核人员
  'village_clerk', // 村级信息员 / 驻村工作队
  'helper', // 帮扶责任人
  'dept_officer', // 部门数据员
  'auditor', // 纪检 / 审计 (read-only)
  'security_admin', // 安全保密管理员 — manages the auditors' accounts, reads no business data and no audit log
] as const;
export type Role = (typeof ROLES)[number];

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
  security_admin: [1, 2, 3],
};

/**
 * Separation of duties (三员分立): whose accounts a role administers. The county administrator manages the working
 * accounts; the auditors' and the security administrators' only a security administrator, and their owners choose
 * their own passwords with a one-time activation code (ACTIVATION_ROLES): no administrator sets or sees them.
 */
export const MANAGED_ROLES: Partial<Record<Role, readonly Role[]>> = {
  county_admin: ['county_admin', 'county_reviewer', 'township_reviewer', 'village_clerk', 'helper', 'dept_officer'],
  security_admin: ['auditor', 'security_admin'],
};

/** The roles whose accounts a user of `role` manages (none for an unknown role or one that manages nobody). */
export function managedRoles(role: string | undefined): readonly Role[] {
  return (role && (MANAGED_ROLES as Record<string, readonly Role[] | undefined>)[role]) || [];
}

/** Roles whose accounts are opened and reset only by a one-time activation code. */
export const ACTIVATION_ROLES: readonly Role[] = ['auditor', 'security_admin'];

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
  'agriculture', // 农业农村
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  county_admin: { zh: '县级管理员', en: 'County administrator' },
  county_reviewer: { zh: '县级审定人员', en: 'County reviewer' },
  township_reviewer: { zh: '乡镇审核人员', en: 'Township reviewer' },
  village_clerk: { zh: '村级信息员', en: 'Village clerk' },
  helper: { zh: '帮扶责任人', en: 'Helper' },
  dept_officer: { zh: '部门数据员', en: 'Department data officer' },
  auditor: { zh: '纪检审计', en: 'Auditor' },
  security_admin: { zh: '安全保密管理员', en: 'Security administrator' },
};

export const LEVEL_LABELS: Record<AreaLevel, { zh: string; en: string }> = {
  1: { zh: '省', en: 'province' },
  2: { zh: '市', en: 'city' },
  3: { zh: '县', en: 'county' },
  4: { zh: '乡镇', en: 'township' },
  5: { zh: '村', en: 'village' },
};
