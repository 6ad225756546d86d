import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/database.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import { importAreas } from '../areas/import-areas.js';
import { recordAudit } from '../audit/repo.js';
import type { Role } from '../../shared/roles.js';
import { anyUser, insertUser } from '../users/repo.js';
import { firstAreaAt } from '../areas/repo.js';

/** One demo account per role in the demo county (沁县 by default): the township is 新店镇, the village 大桥沟村. */
function demoAccounts(county: string): { role: Role; username: string; displayName: string; area: string; department?: string }[] {
  const township = county === '140430' ? '140430103' : undefined;
  const village = county === '140430' ? '140430103207' : undefined;
  return [
    { role: 'county_admin', username: 'admin', displayName: '县级管理员', area: county },
    { role: 'county_reviewer', username: 'reviewer', displayName: '县级审定员', area: county },
    { role: 'township_reviewer', username: 'township', displayName: '乡镇审核员', area: township ?? '' },
    { role: 'village_clerk', username: 'village', displayName: '村级信息员', area: village ?? '' },
    { role: 'helper', username: 'helper', displayName: '帮扶责任人', area: village ?? county },
    { role: 'dept_officer', username: 'dept_medical', displayName: '医保局数据员', area: county, department: 'medical_insurance' },
    { role: 'auditor', username: 'auditor', displayName: '纪检审计员', area: county },
    { role: 'security_admin', username: 'secadmin', displayName: '安全保密管理员', area: county },
  ];
}

/**
 * First start on an empty database: load the demo county's real tree and make one account per role with a random
 * password, written once to `<dataDir>/demo-accounts.txt` (mode 600). Does nothing when any user exists.
 */
export async function seedDemoIfEmpty(db: Database, county: string, dataDir: string): Promise<{ username: string; role: string; password: string }[]> {
  if (await anyUser(db)) return [];
  await importAreas(db, null, county);
  const created: { username: string; role: string; password: string }[] = [];
  // Lower-level areas are resolved from the imported tree when the county is not 沁县 (first township/village).
  for (const a of demoAccounts(county)) {
    const area = a.area ? a.area.padEnd(12, '0') : await firstAreaAt(db, county, a.role === 'township_reviewer' ? 4 : 5);
    if (!area) continue;
    const password = generatePassword({ username: a.username, displayName: a.displayName });
    const id = await db.transaction().execute(async (trx) => {
      const id = await insertUser(trx, { username: a.username, displayName: a.displayName, passwordHash: await hashPassword(password), role: a.role, areaCode: area, department: a.department ?? null });
      await recordAudit(trx, { username: 'system', action: 'users.create', targetType: 'user', targetId: id, detail: { after: { username: a.username, role: a.role, areaCode: area }, demo: true } });
      return id;
    });
    if (id) created.push({ username: a.username, role: a.role, password });
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const file = path.join(dataDir, 'demo-accounts.txt');
  fs.writeFileSync(file, created.map((c) => `${c.role} ${c.username} ${c.password}`).join('\n') + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return created;
}
