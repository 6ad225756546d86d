/**
 * Public-welfare posts in the browser (公益岗位): the township reviewer of 新店镇 opens a post of 大桥沟村 from the list,
 * hires a member of an exited household through the hire dialog's member picker (a member with no labour capacity
 * is shown but cannot be chosen), sees the place taken, and records the month's pay on the pay sheet; sending it
 * again changes nothing. The list and the post page also at a phone's width.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { checkChar } from '../src/core/idcard.js';
import { chooseOption, PHONE, signIn, useServer, withBrowser } from './helpers.js';

const server = useServer();
const T = { timeout: 300_000 };
const RUN = crypto.randomBytes(3).toString('hex').toUpperCase();
const RUN_ZH = [...RUN].map((h) => '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳'[parseInt(h, 16)]).join('');
const VILLAGE = '140430103207';

function idNumber(birth: string, gender: 'M' | 'F'): string {
  let seq = crypto.randomInt(100, 998);
  if ((seq % 2 === 1) !== (gender === 'M')) seq += 1;
  const first17 = `140431${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
}

const WORKER = `岗位${RUN_ZH}`;
const FRAIL = `体弱${RUN_ZH}`;

test('the township hires a member through the dialog and pays the month', T, async () => {
  const s = server();
  await withBrowser(s, 'welfare-posts', async ({ page, pageErrors }) => {
    await signIn(page, s, 'township');
    const token = await csrf(page);
    let res = await page.request.post('/api/households', {
      headers: { 'X-CSRF-Token': token },
      data: {
        householdNo: `GY${RUN}`,
        villageCode: VILLAGE,
        category: 'exited',
        exitYear: 2019,
        members: [
          { idNumber: idNumber('19750312', 'M'), name: WORKER, relation: 'head', labourCapacity: 'normal' },
          { idNumber: idNumber('19500808', 'F'), name: FRAIL, relation: 'mother', labourCapacity: 'lost' },
        ],
      },
    });
    assert.equal(res.status(), 200, await res.text());
    const startsOn = `${new Date().getUTCFullYear() - 1}-01-01`;
    res = await page.request.post('/api/welfare-posts', {
      headers: { 'X-CSRF-Token': token },
      data: { villageCode: VILLAGE, postType: 'cleaner', name: `保洁${RUN_ZH}`, monthlySubsidy: 500, places: 2, startsOn },
    });
    assert.equal(res.status(), 200, await res.text());
    const postId = ((await res.json()) as { id: number }).id;

    await page.getByTestId('side-nav').getByTestId('nav-welfare-posts').click();
    await page.getByTestId('posts-page').waitFor();
    await page.getByTestId(`post-link-${postId}`).click();
    await page.getByTestId('post-page').waitFor();
    await page.getByTestId('post-on-post').filter({ hasText: '0 / 2' }).waitFor();

    // The hire dialog: the frail mother is listed as not eligible; the head is chosen.
    await page.getByTestId('hire-open').click();
    await page.getByTestId('hire-member').click();
    await page.getByTestId('hire-member').locator('input').fill(FRAIL);
    await page.locator('.ant-select-item-option-disabled', { hasText: '劳动能力不足' }).first().waitFor();
    await chooseOption(page, 'hire-member', WORKER, { search: WORKER });
    await page.getByTestId('hire-save').click();
    await page.getByTestId('post-on-post').filter({ hasText: '1 / 2' }).waitFor();
    await page.getByTestId('hires-table').getByText(WORKER).waitFor();

    // The pay sheet of this month: the subsidy is the default amount; saved, then shown as paid.
    await page.getByTestId('pay-table').getByText(WORKER).waitFor();
    await page.getByTestId('pay-save').click();
    await page.getByTestId('pay-table').getByText('已发放').waitFor();
    const hireId = Number(
      (await page.getByTestId('pay-table').locator('[data-testid^="pay-amount-"]').first().getAttribute('data-testid'))?.replace('pay-amount-', ''),
    );
    assert.equal(await page.getByTestId(`pay-amount-${hireId}`).innerText(), '500');

    // Sent again through the API: nothing new.
    const month = ((await (await page.request.get(`/api/welfare-posts/${postId}/pay?month=${new Date().toISOString().slice(0, 7)}`)).json()) as { month: string }).month;
    res = await page.request.post(`/api/welfare-posts/${postId}/pay`, { headers: { 'X-CSRF-Token': token }, data: { month, items: [{ hireId, amount: 500 }] } });
    assert.equal(((await res.json()) as { created: number }).created, 0);

    // The report shows the village's pay.
    await page.getByTestId('side-nav').getByTestId('nav-welfare-posts').click();
    await page.getByTestId('posts-report').click();
    await page.getByTestId('posts-report-table').getByText('大桥沟村委会').waitFor();
    assert.deepEqual(pageErrors, []);
  });

  await withBrowser(s, 'welfare-posts-phone', async ({ page, pageErrors }) => {
    await signIn(page, s, 'village');
    await page.goto('/welfare-posts');
    await page.getByTestId('posts-table').getByText(`保洁${RUN_ZH}`).click();
    await page.getByTestId('post-page').waitFor();
    await page.getByTestId('hires-table').getByText(WORKER).waitFor();
    assert.equal(await page.getByTestId('hire-open').count(), 0, 'the village clerk reads, does not hire');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page fits 390 px (overflow ${overflow})`);
    assert.deepEqual(pageErrors, []);
  }, { viewport: PHONE, mobile: true });
});
