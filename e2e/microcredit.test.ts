/**
 * Microcredit in the browser (小额信贷): an overdue loan of a 大桥沟村 household shows in the warning bar and the list
 * with its red tag; the township reviewer records a repayment and an extension on the loan's page (then no further
 * extension is offered), and the report renders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { checkChar } from '../src/core/idcard.js';
import { signIn, useServer, withBrowser } from './helpers.js';

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

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
}

/** A day in China relative to today. */
function day(offset: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

const BORROWER = `贷款${RUN_ZH}`;

test('an overdue loan: warned, repaid in part and extended on its page; the report', T, async () => {
  const s = server();
  await withBrowser(s, 'microcredit', async ({ page, pageErrors }) => {
    await signIn(page, s, 'township');
    const token = await csrf(page);
    let res = await page.request.post('/api/households', {
      headers: { 'X-CSRF-Token': token },
      data: {
        householdNo: `XD${RUN}`, villageCode: '140430103207', category: 'exited', exitYear: 2019,
        members: [{ idNumber: idNumber('19800312', 'M'), name: BORROWER, relation: 'head', labourCapacity: 'normal' }],
      },
    });
    assert.equal(res.status(), 200, await res.text());
    const hh = (await res.json()) as { id: number; members: { id: number }[] };
    // Issued 13 months ago for 12 months: overdue by about a month.
    const issuedOn = day(-396);
    res = await page.request.post('/api/microcredit/loans', {
      headers: { 'X-CSRF-Token': token },
      data: { householdId: hh.id, memberId: hh.members[0]!.id, bank: '农村商业银行', amount: 20000, termMonths: 12, rate: 4.35, subsidized: true, subsidyRate: 4.35, purpose: '种植中药材', issuedOn },
    });
    assert.equal(res.status(), 200, await res.text());
    const loanId = ((await res.json()) as { id: number }).id;

    await page.getByTestId('side-nav').getByTestId('nav-microcredit').click();
    await page.getByTestId('loans-page').waitFor();
    await page.getByTestId('loans-warning').filter({ hasText: '逾期' }).waitFor();
    await page.getByTestId(`loan-link-${loanId}`).click();
    await page.getByTestId('loan-page').waitFor();
    await page.getByTestId('loan-status').filter({ hasText: '逾期' }).waitFor();

    // A repayment of part of the principal.
    await page.getByTestId('loan-repay').click();
    const repay = page.locator('.ant-modal').filter({ hasText: '登记还款' });
    await repay.locator('input').nth(1).fill('5000');
    await repay.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('loan-balance').filter({ hasText: '15000' }).waitFor();
    await page.getByTestId('repayments-table').getByText('5000').waitFor();

    // The extension: six months after the original due date; no longer overdue.
    const newDue = day(150);
    await page.getByTestId('loan-extend').click();
    const ext = page.locator('.ant-modal').filter({ hasText: '展期原因' });
    await ext.locator('input').first().fill(newDue);
    await ext.locator('input').first().press('Enter');
    await ext.locator('input').nth(1).fill('受灾减产');
    await ext.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('loan-due').filter({ hasText: newDue }).waitFor();
    await page.getByTestId('loan-extension').filter({ hasText: '受灾减产' }).waitFor();
    assert.equal(await page.getByTestId('loan-extend').count(), 0, 'extended once');

    await page.getByTestId('side-nav').getByTestId('nav-microcredit').click();
    await page.getByTestId('loans-report').click();
    await page.getByTestId('loans-report-table').getByText('大桥沟村委会').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
