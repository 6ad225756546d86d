/**
 * Department screening in the browser: the medical-insurance officer uploads a month's settlements (a title row, one
 * row by ID number, one without ID under a homophone of a registry name) and submits; the county reviewer starts the
 * comparison (the server's pg-boss worker runs it), reads the finished run, confirms the homophone side by side; the
 * village clerk, on a phone, sees the warning with its due date and opens a case from it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { checkChar } from '../src/core/idcard.js';
import { chooseOption, PHONE, signIn, useServer, withBrowser, type FangpinServer } from './helpers.js';

const server = useServer();
const T = { timeout: 300_000 };
const RUN = crypto.randomBytes(3).toString('hex').toUpperCase();
const RUN_ZH = [...RUN].map((h) => '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳'[parseInt(h, 16)]).join('');

function idNumber(birth: string, gender: 'M' | 'F'): string {
  let seq = crypto.randomInt(100, 998);
  if ((seq % 2 === 1) !== (gender === 'M')) seq += 1;
  const first17 = `140431${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}
function day(offset: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

const HEAD = `筛查${RUN_ZH}`;
const HEAD_ID = idNumber('19700314', 'M');
const DAUGHTER_ID = idNumber('19980721', 'F');

async function as(page: Page, s: FangpinServer, username: string) {
  await page.context().clearCookies();
  await signIn(page, s, username);
}

async function post(page: Page, url: string, data: object) {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await page.request.post(url, { headers: { 'X-CSRF-Token': me.csrfToken }, data });
  assert.equal(res.status(), 200, await res.text());
  return res.json();
}

test('upload → submit → run → confirm a homophone → the village opens a case from the warning', T, async () => {
  const s = server();
  const month = day(-5).slice(0, 7);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fp-e2e-scr-')), 'settlements.csv');
  fs.writeFileSync(file, [
    `${month} 医保结算数据`,
    '姓名,身份证号,出生日期,结算日期,医疗总费用,个人自付',
    `${HEAD},${HEAD_ID},,${day(-5)},30000,12000`,
    `王秀瑛,,1998-07-21,${day(-5)},2000,800`,
  ].join('\r\n') + '\r\n');

  await withBrowser(s, 'screening-desktop', async ({ page, pageErrors }) => {
    await signIn(page, s, 'village');
    await post(page, '/api/households', {
      householdNo: `SC${RUN}`, villageCode: '140430103207', category: 'exited', exitYear: 2019,
      members: [{ idNumber: HEAD_ID, name: HEAD, relation: 'head' }, { idNumber: DAUGHTER_ID, name: '王秀英', relation: 'daughter' }],
    });

    // The officer: template, month, file; then the draft's submit.
    await as(page, s, 'dept_medical');
    await page.goto('/screening/datasets');
    await page.getByTestId('datasets-page').waitFor();
    await chooseOption(page, 'ds-template', '医保结算');
    await page.getByTestId('ds-period').fill(month);
    await page.locator('input[type=file]').setInputFiles(file);
    const row = page.locator('tr', { hasText: '草稿' }).first();
    await row.waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('ds-submit').click();
    await page.locator('tr', { hasText: '已提交' }).first().waitFor();
    // The officer sees no household anywhere.
    assert.ok(!(await page.content()).includes(`SC${RUN}`));

    // The county: compare, wait for the run, review the candidate.
    await as(page, s, 'reviewer');
    await page.goto('/screening/datasets');
    await page.locator('tr', { hasText: month }).first().locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('ds-run').click();
    await page.goto('/screening/runs');
    await page.getByRole('button', { name: '.xlsx' }).first().waitFor({ timeout: 60_000 });
    await page.goto('/screening/review');
    const card = page.locator('[data-testid^="candidate-"]', { hasText: '王秀瑛' }).first();
    await card.waitFor();
    assert.match(await card.innerText(), /王秀英/);
    await card.getByTestId('candidate-confirm').click();
    await card.waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors, []);
  });

  await withBrowser(s, 'screening-phone', async ({ page, pageErrors }) => {
    await signIn(page, s, 'village');
    await page.goto('/screening/warnings');
    const card = page.locator('[data-testid^="warning-"]', { hasText: HEAD }).first();
    await card.waitFor();
    assert.match(await card.innerText(), /12000\.00/);
    await card.getByTestId('warning-open-case').click();
    await card.getByText('已发起监测').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling on a phone (${width})`);
    assert.deepEqual(pageErrors, []);
  }, { viewport: PHONE, mobile: true });
});
