/**
 * Separation of duties in the browser (三员分立): the security administrator opens an auditor's account and sees a
 * one-time activation code (never a password); the auditor activates it at the sign-in page's "激活账号" with a
 * password of his own and signs in; the code does not work twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseOption, newPassword, signIn, submitLogin, useServer, withBrowser } from './helpers.js';

const server = useServer();
const T = { timeout: 180_000 };

test('the security administrator issues an activation code; the auditor activates with his own password and signs in', T, async () => {
  const s = server();
  let code = '';
  await withBrowser(s, 'activation-issue', async ({ page }) => {
    await signIn(page, s, 'secadmin');
    assert.match(await page.getByTestId('welcome-role').innerText(), /安全保密管理员/);
    await page.getByTestId('side-nav').getByTestId('nav-users').click();
    await page.getByTestId('users-page').waitFor();
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-username').fill('li.audit');
    await page.getByTestId('user-form-displayName').fill('李审计');
    await chooseOption(page, 'user-form-role', '纪检审计');
    await chooseOption(page, 'user-form-area', '沁县', { search: '沁县', tree: true });
    await page.getByTestId('user-form-submit').click();
    const shown = page.getByTestId('activation-code');
    await shown.waitFor();
    code = (await shown.innerText()).trim();
    assert.match(code, /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    assert.match(await page.getByTestId('activation-steps').innerText(), /\/activate/);
    assert.equal(await page.getByTestId('secret-password').count(), 0, 'no password is shown');
    await page.getByTestId('activation-close').click();
    await shown.waitFor({ state: 'detached' });
  });

  const password = newPassword();
  await withBrowser(s, 'activation-use', async ({ page }) => {
    await page.goto('/login');
    await page.getByTestId('login-activate').click();
    await page.getByTestId('activate-page').waitFor();
    await page.getByTestId('activate-username').fill('li.audit');
    await page.getByTestId('activate-code').fill(code);
    await page.getByTestId('activate-password').fill(password);
    await page.getByTestId('activate-confirm').fill(password);
    await page.getByTestId('activate-submit').click();
    await page.getByTestId('activate-done').waitFor();

    // Used once: a second activation with the same code is refused.
    await page.goto('/activate');
    await page.getByTestId('activate-username').fill('li.audit');
    await page.getByTestId('activate-code').fill(code);
    await page.getByTestId('activate-password').fill(`${password}x`);
    await page.getByTestId('activate-confirm').fill(`${password}x`);
    await page.getByTestId('activate-submit').click();
    await page.getByTestId('activate-error').waitFor();

    await page.goto('/login');
    await submitLogin(page, 'li.audit', password);
    await page.getByTestId('home-page').waitFor();
    assert.match(await page.getByTestId('welcome-role').innerText(), /纪检审计/);
  });
});
