import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MODULES } from '../src/modules/index.js';
import { checkModules, checkPermissionsListed, permissionNames, type Module } from '../src/server/module.js';
import { AppError, CORE_ERRORS, knownErrors } from '../src/core/errors.js';
import { knownPermissions, permissionsOf } from '../src/core/permissions.js';
import { ROLES } from '../src/shared/roles.js';

const SRC = path.resolve(import.meta.dirname, '../src');

test('every folder under src/modules is one module of the list, under its own name', () => {
  const folders = fs.readdirSync(path.join(SRC, 'modules'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual(MODULES.map((m) => m.name).sort(), folders.sort());
  checkModules(MODULES);
});

test('the roles’ table assembled from the modules grants what it always granted', () => {
  assert.deepEqual([...knownPermissions().keys()].sort(), permissionNames(MODULES).sort());
  checkPermissionsListed(MODULES);
  // In any order: the registry's follows the order the modules load in.
  const ROLE_PERMISSIONS = Object.fromEntries(ROLES.map((r) => [r, permissionsOf(r).sort()]));
  assert.deepEqual(permissionNames(MODULES), ['users.read', 'users.manage', 'areas.read', 'areas.import', 'audit.read', 'registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.viewFullId', 'policy.read', 'policy.manage', 'files.upload', 'files.read', 'monitoring.read', 'monitoring.open', 'monitoring.suspects', 'monitoring.reports', 'monitoring.act', 'assistance.read', 'assistance.plan', 'assistance.configure', 'assistance.assign', 'assistance.visit', 'welfarePosts.read', 'welfarePosts.manage', 'microcredit.read', 'microcredit.manage', 'microcredit.settings', 'screening.datasets', 'screening.upload', 'screening.run', 'screening.rules', 'screening.warnings', 'screening.handle']);
  assert.deepEqual(ROLE_PERMISSIONS, sortedValues({
    county_admin: ['areas.read', 'areas.import', 'users.read', 'users.manage', 'registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.viewFullId', 'policy.read', 'policy.manage', 'monitoring.read', 'monitoring.suspects', 'files.read', 'welfarePosts.read', 'welfarePosts.manage', 'microcredit.read', 'microcredit.manage', 'microcredit.settings', 'assistance.read', 'assistance.configure', 'assistance.assign', 'screening.datasets', 'screening.run', 'screening.rules', 'screening.warnings', 'monitoring.reports'],
    county_reviewer: ['areas.read', 'registry.read', 'registry.export', 'registry.viewFullId', 'policy.read', 'files.upload', 'files.read', 'monitoring.read', 'monitoring.open', 'monitoring.suspects', 'monitoring.act', 'welfarePosts.read', 'welfarePosts.manage', 'microcredit.read', 'microcredit.manage', 'assistance.read', 'assistance.plan', 'assistance.assign', 'screening.datasets', 'screening.run', 'screening.rules', 'screening.warnings', 'screening.handle', 'monitoring.reports'],
    township_reviewer: ['areas.read', 'users.read', 'registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.viewFullId', 'policy.read', 'files.upload', 'files.read', 'monitoring.read', 'monitoring.open', 'monitoring.act', 'welfarePosts.read', 'welfarePosts.manage', 'microcredit.read', 'microcredit.manage', 'assistance.read', 'assistance.plan', 'assistance.assign', 'screening.warnings', 'screening.handle', 'monitoring.reports'],
    village_clerk: ['areas.read', 'registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.viewFullId', 'policy.read', 'files.upload', 'files.read', 'monitoring.read', 'monitoring.open', 'monitoring.act', 'welfarePosts.read', 'microcredit.read', 'assistance.read', 'assistance.plan', 'screening.warnings', 'screening.handle'],
    helper: ['areas.read', 'registry.read', 'policy.read', 'files.upload', 'files.read', 'monitoring.read', 'monitoring.open', 'assistance.read', 'assistance.plan', 'assistance.visit'],
    dept_officer: ['areas.read', 'screening.datasets', 'screening.upload'],
    auditor: ['areas.read', 'users.read', 'audit.read', 'registry.read', 'policy.read', 'files.read', 'monitoring.read', 'monitoring.suspects', 'welfarePosts.read', 'microcredit.read', 'assistance.read', 'monitoring.reports'],
    // 三员分立: the auditors' accounts, nothing of the registry, not the audit log.
    security_admin: ['areas.read', 'users.read', 'users.manage'],
  }));
});

test('a list the app cannot be assembled from is refused at start', () => {
  const dup: Module[] = [{ name: 'x' }, { name: 'x' }];
  assert.throws(() => checkModules(dup), /listed twice/);
  assert.throws(() => checkModules([{ name: 'x', permissions: { 'x.read': ['auditor'] } }]), /x\.read of module x is not registered/);
  assert.throws(() => checkModules([{ name: 'x', permissions: { 'audit.read': ['helper'] } }]), /registered otherwise/);
  // A module loaded (its permissions registered) but left out of the list: the app would grant what nobody lists.
  assert.throws(() => checkPermissionsListed(MODULES.filter((m) => m.name !== 'audit')), /audit\.read is registered by a module missing/);
  assert.throws(() => checkModules([{ name: 'x', errors: { X_UNKNOWN: { status: 400, zh: 'x', en: 'x' } } }]), /not registered/);
});

test('every module’s codes are registered once, none shadows a core code, and AppError reads them', () => {
  const seen = new Map<string, string>();
  for (const m of MODULES) {
    for (const code of Object.keys(m.errors ?? {})) {
      assert.ok(!(code in CORE_ERRORS), `${m.name} redeclares core code ${code}`);
      assert.ok(!seen.has(code), `${code} declared by ${seen.get(code)} and ${m.name}`);
      seen.set(code, m.name);
    }
  }
  assert.equal(knownErrors().size, Object.keys(CORE_ERRORS).length + seen.size);
  const e = new AppError('HOUSEHOLD_NO_TAKEN', { householdNo: '1404301032070001' });
  assert.equal(e.status, 409);
  assert.equal(e.toBody('zh').message, '户编号 1404301032070001 在本县已存在');
});

test('a file throwing a module’s code imports AppError from that module’s errors.ts (which loads the codes)', () => {
  const owner = new Map<string, string>();
  for (const m of MODULES) for (const code of Object.keys(m.errors ?? {})) owner.set(code, path.join(SRC, 'modules', m.name, 'errors.ts'));
  const wrong: string[] = [];
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    const from = /^import \{[^}]*\bAppError\b[^}]*\} from '(\.[^']+)'/m.exec(text)?.[1];
    const source = from && path.resolve(path.dirname(file), from).replace(/\.js$/, '.ts');
    for (const [, code] of text.matchAll(/new AppError\('([A-Z_]+)'/g)) {
      const declaredIn = owner.get(code!);
      if (declaredIn ? source !== declaredIn : !(code! in CORE_ERRORS)) wrong.push(`${path.relative(SRC, file)}: ${code}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('a module’s permissions need no shared file: nothing under src/shared (which the web app reads) imports a module, nor does the web app', () => {
  const shared = sourceFiles().filter((f) => f.startsWith(path.join(SRC, 'shared') + path.sep));
  assert.ok(shared.length > 0);
  const intoModules = (file: string) => importsOf(file).filter((t) => t.startsWith(path.join(SRC, 'modules') + path.sep)).map((t) => `${path.relative(SRC, file)} → ${path.relative(SRC, t)}`);
  assert.deepEqual(shared.flatMap(intoModules), []);
  const WEB = path.resolve(SRC, '../web/src');
  const web = fs.readdirSync(WEB, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.tsx?$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
  const wrong = web.filter((f) => /from '(\.\.\/)+src\/(modules|server)\//.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(wrong.map((f) => path.relative(WEB, f)), []);
});

function sortedValues(table: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, [...v].sort()]));
}

function sourceFiles(): string[] {
  return fs.readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Import statements of a source file, resolved to files (type-only imports included: they tie the files together). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)) {
    const target = path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, '.ts');
    if (fs.existsSync(target)) out.push(target);
  }
  return out;
}

test('no import loop between folders of src (a module, core, db, server, shared)', () => {
  const files = sourceFiles();
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  // Tarjan's strongly connected components: every loop lies inside one.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(path.relative(SRC, w));
      } while (w !== v);
      if (component.length > 1) loops.push(component.sort());
    }
  };
  for (const f of graph.keys()) if (!index.has(f)) visit(f);
  // A module is one folder however it is split inside (imports has parse/, map/, pipeline/, job/ …): what must not loop
  // is one module through another, or a module through core, db, server or shared.
  const folder = (f: string) => (f.startsWith(`modules${path.sep}`) ? f.split(path.sep).slice(0, 2).join(path.sep) : path.dirname(f));
  const across = loops.filter((c) => new Set(c.map(folder)).size > 1);
  assert.deepEqual(across, [], `import loops across folders:\n${across.map((c) => c.join(' → ')).join('\n')}`);
});
