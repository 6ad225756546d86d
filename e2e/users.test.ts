/**
 * Account administration in the browser: create (initial password shown once), placement errors, edit, reset,
 * disable with the disabled user's session ending, and the area import form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chooseOption, completeForcedChange, menuEntries, openBrowser, PHONE, signIn, submitLogin, useServer, withBrowser, type DemoAccount } from './helpers.js';

const server = useServer();
const T = { timeout: 180_000 };
const POLICY = (pwd: string) => pwd.length >= 10 && [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pwd)).length >= 3;

const choose = (page: Page, testId: string, label: string) => chooseOption(page, testId, label);
const chooseArea = (page: Page, testId: string, search: string, name: string) => chooseOption(page, testId, name, { search, tree: true });

async function openUsers(page: Page) {
  await page.getByTestId('side-nav').getByTestId('nav-users').click();
  await page.getByTestId('users-page').waitFor();
  await page.getByTestId('users-table').getByTestId('user-cell-username').first().waitFor();
}

/**
 * Closes the password dialog and waits until it is gone. A click that lands while the dialog is still zooming in can
 * miss its button (a CI run's dialog then stayed open and covered the table), so the click is repeated until the
 * dialog goes, three times at most.
 */
async function closeSecret(page: Page) {
  const secret = page.getByTestId('secret-password');
  for (let attempt = 1; ; attempt++) {
    // A repeated click may find the button gone (the dialog was only slow to close): that is no failure by itself.
    await page.getByTestId('secret-close').click({ timeout: 5_000 }).catch(() => {});
    try {
      await secret.waitFor({ state: 'detached', timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

const created: DemoAccount = { role: 'county_reviewer', username: 'zhang.san', password: '', changed: false };

test('(c) the admin creates a user in the UI; the initial password is shown once and works for the first sign-in', T, async () => {
  const s = server();
  await withBrowser(s, 'create-user', async ({ page, pageErrors }) => {
    await signIn(page, s, 'admin');
    await openUsers(page);
    // The demo accounts are listed.
    await page.getByTestId('users-table').getByText('dept_medical', { exact: true }).waitFor();

    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-username').waitFor();
    await page.getByTestId('user-form-username').fill(created.username);
    await page.getByTestId('user-form-displayName').fill('张三');
    await choose(page, 'user-form-role', '县级审定人员');
    await chooseArea(page, 'user-form-area', '沁县', '沁县');
    await page.getByTestId('user-form-phone').fill('13800000000');
    await page.getByTestId('user-form-submit').click();

    const secret = page.getByTestId('secret-password');
    await secret.waitFor();
    created.password = (await secret.innerText()).trim();
    assert.ok(POLICY(created.password), `initial password ${created.password} meets the policy`);
    await page.getByTestId('secret-copy').click();
    await closeSecret(page);

    const row = page.getByTestId('users-table').locator('tr', { hasText: created.username });
    await row.waitFor();
    assert.match(await row.innerText(), /张三[\s\S]*县级审定人员[\s\S]*沁县[\s\S]*13800000000/);
    assert.deepEqual(pageErrors, []);
  });

  // The new user signs in with the initial password and must change it.
  s.accounts.set(created.username, created);
  await withBrowser(s, 'created-user-first-login', async ({ page }) => {
    await page.goto('/login');
    await submitLogin(page, created.username, created.password);
    await completeForcedChange(page, created);
    assert.deepEqual(await menuEntries(page), ['nav-home', 'nav-inbox', 'nav-step-times', 'nav-warnings', 'nav-households', 'nav-assistance', 'nav-welfare-posts', 'nav-microcredit', 'nav-datasets', 'nav-runs', 'nav-review', 'nav-rules', 'nav-areas', 'nav-policy']);
    assert.match(await page.getByTestId('welcome-role').innerText(), /县级审定人员/);
  });
});

test('a placement the server refuses shows its message (village clerk on a county) and a department officer needs a department', T, async () => {
  const s = server();
  await withBrowser(s, 'create-user-errors', async ({ page }) => {
    await signIn(page, s, 'admin');
    await openUsers(page);
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-username').fill('li.si');
    await page.getByTestId('user-form-displayName').fill('李四');
    await choose(page, 'user-form-role', '村级信息员');
    await chooseArea(page, 'user-form-area', '沁县', '沁县');
    await page.getByTestId('user-form-submit').click();
    const msg = page.locator('.fp-api-error');
    await msg.waitFor();
    assert.match(await msg.innerText(), /不能设在县级区划上/);

    // Department officer: the department field appears and is required.
    await choose(page, 'user-form-role', '部门数据员');
    await page.getByTestId('user-form-department').waitFor();
    await page.getByTestId('user-form-submit').click();
    await page.getByTestId('user-form-modal').getByText('必填').first().waitFor();
    await choose(page, 'user-form-department', '民政');
    await page.getByTestId('user-form-submit').click();
    await page.getByTestId('secret-password').waitFor();
    await closeSecret(page);
    const row = page.getByTestId('users-table').locator('tr', { hasText: 'li.si' });
    await row.waitFor();
    assert.match(await row.innerText(), /部门数据员[\s\S]*民政/);
  });
});

test('edit, reset password, and disable: the disabled user is sent back to the login page with a notice', T, async () => {
  const s = server();
  assert.ok(created.changed, 'runs after the create test');
  const admin = await openBrowser(s);
  const victim = await openBrowser(s);
  try {
    // The created user is signed in in a second browser.
    await signIn(victim.page, s, created.username);

    await signIn(admin.page, s, 'admin');
    const page = admin.page;
    await openUsers(page);
    await page.getByTestId(`user-edit-${created.username}`).click();
    const name = page.getByTestId('user-form-displayName');
    await name.waitFor();
    assert.equal(await name.inputValue(), '张三');
    assert.equal(await page.getByTestId('user-form-username').isDisabled(), true);
    assert.match(await page.getByTestId('user-form-area').innerText(), /沁县/);
    await name.fill('张三丰');
    await page.getByTestId('user-form-submit').click();
    const row = page.getByTestId('users-table').locator('tr', { hasText: created.username });
    await row.getByText('张三丰').waitFor();

    // Reset: a new password, shown once.
    await page.getByTestId(`user-reset-${created.username}`).click();
    await page.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary').click();
    const secret = page.getByTestId('secret-password');
    await secret.waitFor();
    const reset = (await secret.innerText()).trim();
    assert.ok(POLICY(reset));
    assert.notEqual(reset, created.password);
    await closeSecret(page);
    // The reset ended the victim's session: the next request sends it to the login page with the server's notice.
    await victim.page.getByTestId('side-nav').getByTestId('nav-areas').click();
    await victim.page.getByTestId('login-notice').waitFor();
    assert.match(await victim.page.getByTestId('login-notice').innerText(), /登录已超时|请先登录/);
    created.password = reset;

    // Disable: the user cannot sign in any more.
    await page.getByTestId(`user-disable-${created.username}`).click();
    await page.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-dangerous').click();
    await row.getByText('已停用').waitFor();
    await submitLogin(victim.page, created.username, created.password);
    await victim.page.getByTestId('login-error').waitFor();
    assert.equal(await victim.page.getByTestId('login-error').getAttribute('data-code'), 'AUTH_DISABLED');

    // Enable again.
    await page.getByTestId(`user-enable-${created.username}`).click();
    await page.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary').click();
    await row.getByText('正常').waitFor();
  } finally {
    await admin.close();
    await victim.close();
  }
});

test('filters: by name and by role', T, async () => {
  const s = server();
  await withBrowser(s, 'user-filters', async ({ page }) => {
    await signIn(page, s, 'admin');
    await openUsers(page);
    const table = page.getByTestId('users-table');
    await page.getByTestId('user-filter-q').fill('village');
    await page.getByTestId('user-filter-submit').click();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="users-table"] [data-testid="user-cell-username"]')];
      return cells.length === 1 && cells[0]!.textContent === 'village';
    });
    await page.getByTestId('user-filter-q').fill('');
    await choose(page, 'user-filter-role', '纪检审计');
    await page.getByTestId('user-filter-submit').click();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="users-table"] [data-testid="user-cell-username"]')];
      return cells.length === 1 && cells[0]!.textContent === 'auditor';
    });
    assert.equal(await table.getByTestId('user-cell-username').count(), 1);
  });
});

test('the admin imports a township from the national data and sees the counts; a malformed code shows the server message', T, async () => {
  const s = server();
  await withBrowser(s, 'area-import', async ({ page }) => {
    await signIn(page, s, 'admin');
    await page.getByTestId('side-nav').getByTestId('nav-areas').click();
    await page.getByTestId('area-import').waitFor();
    await page.getByTestId('area-import-code').fill('140430103');
    await page.getByTestId('area-import-submit').click();
    await page.getByTestId('area-import-result').waitFor();
    assert.equal(await page.getByTestId('area-import-name').innerText(), '新店镇');
    const total = Number(await page.getByTestId('area-import-total').innerText());
    assert.ok(total > 1, `total ${total}`);
    // Already there from the first start: everything updated, nothing new.
    assert.equal(await page.getByTestId('area-import-inserted').innerText(), '0');
    assert.equal(Number(await page.getByTestId('area-import-updated').innerText()), total);

    await page.getByTestId('area-import-code').fill('999999');
    await page.getByTestId('area-import-submit').click();
    await page.getByTestId('area-import-error').waitFor();
    assert.match(await page.getByTestId('area-import-error').innerText(), /999999/);

    // The tree: county root, expand to the township, pick the village.
    const tree = page.getByTestId('area-tree');
    await tree.getByTestId('area-node-140430000000').waitFor();
    await tree.locator('.ant-tree-treenode', { has: page.getByTestId('area-node-140430000000') }).locator('.ant-tree-switcher').click();
    await tree.getByTestId('area-node-140430103000').waitFor();
    await tree.locator('.ant-tree-treenode', { has: page.getByTestId('area-node-140430103000') }).locator('.ant-tree-switcher').click();
    await tree.getByTestId('area-node-140430103207').click();
    await page.getByTestId('area-detail-code').getByText('140430103207').waitFor();
  });
});

test('at 1440×900 the users table fits its container with 停用 in view; on a phone users and audit are cards', T, async () => {
  const s = server();
  await withBrowser(
    s,
    'users-1440',
    async ({ page, pageErrors }) => {
      await signIn(page, s, 'admin');
      await openUsers(page);
      const row = page.getByTestId('users-table').locator('tr.ant-table-row', { hasText: 'village' }).first();
      const disable = row.getByTestId('user-disable-village');
      await disable.waitFor();
      // 停用 lies inside the table's visible box (pinned right), not scrolled out of it.
      const box = await page.getByTestId('users-table').boundingBox();
      const btn = await disable.boundingBox();
      assert.ok(box && btn && btn.x >= box.x && btn.x + btn.width <= box.x + box.width + 1, `停用 at ${JSON.stringify(btn)} outside ${JSON.stringify(box)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      assert.deepEqual(pageErrors, []);
    },
    { viewport: { width: 1440, height: 900 } },
  );
  await withBrowser(
    s,
    'users-phone',
    async ({ page, pageErrors }) => {
      await signIn(page, s, 'admin');
      await page.goto('/users');
      await page.getByTestId('user-cards').getByTestId('user-card').first().waitFor();
      assert.equal(await page.getByTestId('users-table').count(), 0);
      assert.ok((await page.getByTestId('user-cards').getByTestId('user-cell-username').allInnerTexts()).includes('village'));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `users page overflows by ${overflow}px`);
      assert.deepEqual(pageErrors, []);
    },
    { viewport: PHONE, mobile: true },
  );
  await withBrowser(
    s,
    'audit-phone',
    async ({ page, pageErrors }) => {
      await signIn(page, s, 'auditor');
      await page.goto('/audit');
      const card = page.getByTestId('audit-cards').getByTestId('audit-card').first();
      await card.waitFor();
      assert.equal(await page.getByTestId('audit-table').count(), 0);
      // The action in words.
      assert.doesNotMatch(await card.getByTestId('audit-cell-action').innerText(), /^[a-z_]+\.[a-z_]+$/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `audit page overflows by ${overflow}px`);
      assert.deepEqual(pageErrors, []);
    },
    { viewport: PHONE, mobile: true },
  );
});
