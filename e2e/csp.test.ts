/**
 * The Content-Security-Policy the server sends (src/server/security-headers.ts): the built web app and the Swagger UI
 * work under it in a real Chromium — no page loads anything the policy refuses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { signIn, useServer, withBrowser } from './helpers.js';

const server = useServer();
const T = { timeout: 180_000 };

/** Collects what the browser refused under the policy: its console errors and the page's violation events. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  // Injected by the browser driver, not by the page: the policy does not apply to it.
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => {
    const events = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []);
    return [...seen, ...events.map((e) => `event: ${e}`)];
  };
}

test('the web app runs under its policy: sign-in, password change and every page of the administrator and a village clerk', T, async () => {
  const s = server();
  const res = await fetch(`${s.baseUrl}/login`);
  assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  for (const [username, pages] of [
    ['admin', [['/', 'home-page'], ['/households', 'households-page'], ['/areas', 'areas-page'], ['/users', 'users-page']]],
    ['village', [['/households/new', 'hh-create-page'], ['/households/import', 'import-page']]],
    ['auditor', [['/audit', 'audit-page']]],
  ] as const) {
    await withBrowser(s, `csp-${username}`, async ({ page, pageErrors }) => {
      const violations = await watchViolations(page);
      await signIn(page, s, username);
      for (const [url, testId] of pages) {
        await page.goto(url);
        await page.getByTestId(testId).waitFor();
        await page.waitForLoadState('networkidle');
        assert.deepEqual(await violations(), [], `${username} ${url}`);
      }
      assert.deepEqual(pageErrors, []);
    });
  }
});

test('the Swagger UI at /api/docs renders under its policy', T, async () => {
  await withBrowser(server(), 'csp-docs', async ({ page }) => {
    const violations = await watchViolations(page);
    const res = await page.goto('/api/docs');
    assert.ok(res?.headers()['content-security-policy'], 'the docs page has a policy');
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.locator('.opblock-tag').first().waitFor(); // the operations, from the OpenAPI document
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await violations(), []);
  });
});
