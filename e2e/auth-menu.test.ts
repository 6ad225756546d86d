/**
 * Sign-in, forced password change, the permission-built menu, the area tree's scope, the audit log, the language
 * switch and the phone layout — in a real Chromium against the real server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeForcedChange, menuEntries, PHONE, signIn, submitLogin, useServer, withBrowser } from './helpers.js';
import type { Page } from 'playwright-core';

const server = useServer();
const T = { timeout: 120_000 };

test('a wrong password shows the server message AUTH_INVALID on the login page', T, async () => {
  await withBrowser(server(), 'login-invalid', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('login-card').waitFor(); // not signed in: the app goes to /login
    assert.match(page.url(), /\/login$/);
    await submitLogin(page, 'reviewer', 'Not-the-password-1');
    const err = page.getByTestId('login-error');
    await err.waitFor();
    assert.equal(await err.getAttribute('data-code'), 'AUTH_INVALID');
    assert.match(await err.innerText(), /用户名或密码错误/);
  });
});

test('(a) admin signs in, must change the password first, then sees 首页/区划管理/用户管理 and not 审计日志', T, async () => {
  const s = server();
  const admin = s.account('admin');
  assert.equal(admin.role, 'county_admin');
  await withBrowser(s, 'admin-first-login', async ({ page, pageErrors }) => {
    await page.goto('/login');
    await submitLogin(page, 'admin', admin.password);
    await page.getByTestId('change-password').waitFor();
    assert.match(page.url(), /\/change-password$/);
    assert.match(await page.getByTestId('pwd-policy').innerText(), /10/);
    // Nothing else is reachable before the change.
    await page.goto('/users');
    await page.getByTestId('change-password').waitFor();
    assert.match(page.url(), /\/change-password$/);
    // The policy checklist follows what is typed.
    await page.getByTestId('pwd-new').fill('short');
    assert.equal(await page.getByTestId('pwd-check-length').getAttribute('data-ok'), 'false');
    // A wrong current password is refused by the server with its own message.
    await page.getByTestId('pwd-current').fill('Wrong-current-1');
    await page.getByTestId('pwd-new').fill('Fine#Passw0rd2025');
    await page.getByTestId('pwd-confirm').fill('Fine#Passw0rd2025');
    await page.getByTestId('pwd-submit').click();
    await page.getByTestId('pwd-error').waitFor();
    assert.match(await page.getByTestId('pwd-error').innerText(), /原密码不正确/);
    await page.getByTestId('pwd-current').fill('');

    await completeForcedChange(page, admin);
    const entries = await menuEntries(page);
    assert.deepEqual(entries, ['nav-home', 'nav-inbox', 'nav-step-times', 'nav-warnings', 'nav-households', 'nav-assistance', 'nav-welfare-posts', 'nav-microcredit', 'nav-datasets', 'nav-runs', 'nav-review', 'nav-rules', 'nav-areas', 'nav-users', 'nav-policy']);
    const nav = page.getByTestId('side-nav');
    assert.equal(await nav.getByTestId('nav-home').innerText(), '首页');
    assert.equal(await nav.getByTestId('nav-areas').innerText(), '区划管理');
    assert.equal(await nav.getByTestId('nav-users').innerText(), '用户管理');
    assert.equal(await nav.getByText('审计日志').count(), 0);
    // Header: user, role and area.
    assert.match(await page.getByTestId('current-role-area').innerText(), /县级管理员.*沁县/);
    assert.match(await page.getByTestId('welcome-area').innerText(), /沁县/);
    // The audit page is refused in the app too.
    await page.goto('/audit');
    await page.getByTestId('no-permission').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});

test('(b) the village clerk has no 用户管理 and the area tree has only 大桥沟村委会 as root', T, async () => {
  await withBrowser(server(), 'village-tree', async ({ page, pageErrors }) => {
    await signIn(page, server(), 'village');
    assert.deepEqual(await menuEntries(page), ['nav-home', 'nav-inbox', 'nav-warnings', 'nav-households', 'nav-assistance', 'nav-welfare-posts', 'nav-microcredit', 'nav-areas', 'nav-policy']);
    assert.equal(await page.getByTestId('side-nav').getByText('用户管理').count(), 0);
    assert.match(await page.getByTestId('current-role-area').innerText(), /村级信息员.*大桥沟村委会/);

    await page.getByTestId('side-nav').getByTestId('nav-areas').click();
    await page.getByTestId('areas-page').waitFor();
    const tree = page.getByTestId('area-tree');
    await tree.getByTestId('area-node-140430103207').waitFor();
    const nodes = tree.locator('[data-testid^="area-node-"]');
    assert.equal(await nodes.count(), 1);
    assert.equal(await nodes.first().innerText(), '大桥沟村委会');
    // Details with the full path.
    await tree.getByTestId('area-node-140430103207').click();
    await page.getByTestId('area-detail-name').waitFor();
    assert.match(await page.getByTestId('area-detail-path').innerText(), /沁县[\s\S]*新店镇[\s\S]*大桥沟村委会/);
    // Searching stays in scope: the township is not found from the village.
    await page.getByTestId('area-search').locator('input').fill('新店');
    await page.getByTestId('area-search').locator('input').press('Enter');
    await page.getByTestId('area-search-results').waitFor();
    assert.equal(await page.getByTestId('area-search-results').locator('[data-testid^="area-hit-"]').count(), 0);
    // No import form without areas.import.
    assert.equal(await page.getByTestId('area-import').count(), 0);
    // /users directly: refused.
    await page.goto('/users');
    await page.getByTestId('no-permission').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});

/** Chooses actions by name in the audit filter's multi-select (typing filters; Enter takes the first match). */
async function pickActions(page: Page, labels: string[]) {
  const select = page.getByTestId('audit-filter-actions');
  for (const label of labels) {
    await select.click();
    await select.locator('input').fill(label);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
    await select.locator('.ant-select-selection-item', { hasText: label }).first().waitFor();
  }
  await page.keyboard.press('Escape');
}

test('(b) the auditor sees 审计日志, the log lists the sign-ins, and the hash chain verifies', T, async () => {
  await withBrowser(server(), 'auditor-log', async ({ page, pageErrors }) => {
    await signIn(page, server(), 'auditor');
    assert.deepEqual(await menuEntries(page), ['nav-home', 'nav-inbox', 'nav-step-times', 'nav-households', 'nav-assistance', 'nav-welfare-posts', 'nav-microcredit', 'nav-areas', 'nav-users', 'nav-audit', 'nav-policy']);
    assert.equal(await page.getByTestId('side-nav').getByTestId('nav-audit').innerText(), '审计日志');
    await page.getByTestId('side-nav').getByTestId('nav-audit').click();
    await page.getByTestId('audit-page').waitFor();

    // Only sign-ins: chosen by name from the catalogue of actions (a multi-select), shown in words.
    await pickActions(page, ['登录']);
    await page.getByTestId('audit-filter-submit').click();
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('actions') === 'auth.login');
    const table = page.getByTestId('audit-table');
    await table.locator('[data-action="auth.login"]').first().waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-cell-action"]')].every((e) => e.getAttribute('data-action') === 'auth.login'),
    );
    const users = await table.getByTestId('audit-cell-username').allInnerTexts();
    for (const u of ['admin', 'village', 'auditor']) assert.ok(users.includes(u), `a sign-in of ${u} in ${JSON.stringify(users)}`);
    // The failed sign-in of the first test is there too.
    assert.ok((await table.locator('[data-outcome="fail"]').count()) >= 1);

    assert.match(await table.locator('[data-action="auth.login"]').first().innerText(), /^登录\s*auth\.login/);

    // Two actions at once; a user-change entry shows its fields in words with their values after.
    await page.getByTestId('audit-filter-reset').click();
    await page.waitForFunction(() => !new URL(window.location.href).searchParams.get('actions'));
    await pickActions(page, ['创建用户', '退出登录']);
    await page.getByTestId('audit-filter-submit').click();
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('actions') === 'users.create,auth.logout');
    await table.locator('[data-action="users.create"]').first().waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-cell-action"]')].every((e) => ['users.create', 'auth.logout'].includes(e.getAttribute('data-action') ?? '')),
    );
    const createRow = table.locator('tr.ant-table-row', { has: page.locator('[data-action="users.create"]') }).first();
    assert.match(await createRow.getByTestId('audit-cell-target').innerText(), /^用户 /);
    await createRow.locator('.ant-table-row-expand-icon').click();
    const changes = table.getByTestId('audit-detail-changes').first();
    await changes.waitFor();
    assert.match(await changes.innerText(), /用户名/);
    assert.equal(await table.getByText('无详细信息').count(), 0);

    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true');
    assert.match(await result.innerText(), /哈希链完整/);
    assert.deepEqual(pageErrors, []);
  });
});

test('(d) the English switch changes the menu, header and server messages to English, and is remembered', T, async () => {
  await withBrowser(server(), 'english', async ({ page, pageErrors }) => {
    await signIn(page, server(), 'admin');
    const nav = page.getByTestId('side-nav');
    assert.equal(await nav.getByTestId('nav-users').innerText(), '用户管理');
    await page.getByTestId('lang-en').click();
    await nav.getByText('Users', { exact: true }).waitFor();
    assert.equal(await nav.getByTestId('nav-home').innerText(), 'Home');
    assert.equal(await nav.getByTestId('nav-areas').innerText(), 'Areas');
    assert.equal(await nav.getByTestId('nav-users').innerText(), 'Users');
    assert.match(await page.getByTestId('current-role-area').innerText(), /County administrator/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

    // Server messages come back in English (Accept-Language: en).
    await nav.getByTestId('nav-areas').click();
    await page.getByTestId('area-import-code').fill('12345');
    await page.getByTestId('area-import-submit').click();
    await page.getByTestId('area-import-error').waitFor();
    assert.match(await page.getByTestId('area-import-error').innerText(), /malformed/);

    // Kept across a reload.
    await page.reload();
    await nav.getByTestId('nav-users').waitFor();
    assert.equal(await nav.getByTestId('nav-users').innerText(), 'Users');
    await page.getByTestId('lang-zh').click();
    await nav.getByText('用户管理', { exact: true }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});

test('(e) at phone width (390x844) a hamburger opens the menu in a drawer and the users are cards', T, async () => {
  await withBrowser(
    server(),
    'phone',
    async ({ page, pageErrors }) => {
      await signIn(page, server(), 'admin');
      const toggle = page.getByTestId('menu-toggle');
      await toggle.waitFor();
      assert.equal(await page.getByTestId('side-nav').count(), 0);
      assert.ok(await page.getByTestId('lang-switch').isVisible());
      await toggle.click();
      const drawer = page.getByTestId('drawer-menu');
      await drawer.getByTestId('nav-users').waitFor();
      assert.equal(await drawer.getByTestId('nav-home').innerText(), '首页');
      await drawer.getByTestId('nav-users').click();
      await page.getByTestId('users-page').waitFor();
      await drawer.waitFor({ state: 'hidden' });
      // The users are cards on a phone (no wide table), and the page does not scroll sideways.
      await page.getByTestId('user-cards').getByTestId('user-cell-username').first().waitFor();
      assert.equal(await page.getByTestId('users-table').count(), 0);
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(pageWidth <= 390, `the page itself does not scroll sideways (${pageWidth})`);
      assert.deepEqual(pageErrors, []);
    },
    { viewport: PHONE, mobile: true },
  );
});

test('the password can be changed later from the user menu, and sign-out returns to the login page', T, async () => {
  const s = server();
  await withBrowser(s, 'voluntary-change', async ({ page, pageErrors }) => {
    const helper = await signIn(page, s, 'helper');
    await page.getByTestId('user-menu').click();
    assert.match(await page.getByTestId('user-info').innerText(), /帮扶责任人/);
    await page.getByTestId('menu-change-password').click();
    await page.getByTestId('change-password').waitFor();
    assert.match(page.url(), /\/account\/password$/);
    assert.equal(await page.getByTestId('pwd-forced').count(), 0);
    await page.getByTestId('side-nav').getByTestId('nav-home').waitFor(); // inside the normal layout
    const next = `${helper.password.slice(0, 6)}Yy7!x${Date.now() % 1000}`;
    await page.getByTestId('pwd-current').fill(helper.password);
    await page.getByTestId('pwd-new').fill(next);
    await page.getByTestId('pwd-confirm').fill(next);
    await page.getByTestId('pwd-submit').click();
    await page.getByTestId('home-page').waitFor();
    helper.password = next;

    await page.getByTestId('logout').click();
    await page.getByTestId('login-card').waitFor();
    // Signed out for real: the app shell goes back to the login page.
    await page.goto('/areas');
    await page.getByTestId('login-card').waitFor();
    await submitLogin(page, 'helper', next);
    // …and after signing in again, the page that was asked for.
    await page.getByTestId('areas-page').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
