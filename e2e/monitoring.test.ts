/**
 * The monitoring chain in the browser (防止返贫致贫监测): the village clerk of 大桥沟村 opens a case from the household
 * page and records the home visit (per-capita net income computed live against the line); the county reviewer records
 * the data comparison; the clerk records the appraisal and the notice (printed without ID numbers or phones); the
 * township returns it with a reason; the clerk fixes the notice; the township approves (a second, stale tab gets the
 * server's conflict message) and the county approves; the household shows as monitored with a red card. Then the
 * public /apply page on a phone: declare, get a case number, look it up; and the clerk's inbox as cards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { checkChar } from '../src/core/idcard.js';
import { chooseOption, PHONE, signIn, useServer, withBrowser, type FangpinServer } from './helpers.js';

// The clock can be moved (POST /api/test/clock): risk elimination waits for months of stability.
const server = useServer({ FANGPIN_CLOCK_CONTROL: '1' });
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const T = { timeout: 300_000 };
const RUN = crypto.randomBytes(3).toString('hex').toUpperCase();
/** The run as Chinese characters (a registry name holds no digits). */
const RUN_ZH = [...RUN].map((h) => '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳'[parseInt(h, 16)]).join('');

/** A valid ID number issued in 沁源县 (140431; the demo seeds 沁县's own prefix). */
function idNumber(birth: string, gender: 'M' | 'F'): string {
  let seq = crypto.randomInt(100, 998);
  if ((seq % 2 === 1) !== (gender === 'M')) seq += 1;
  const first17 = `140431${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

/** A day in China relative to today (the server's clock is the real one here). */
function day(offset: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

const HEAD_ID = idNumber('19700314', 'M');
const SPOUSE_ID = idNumber('19720808', 'F');
const PHONE_NO = '13912345678';
const HEAD = `监测${RUN_ZH}`;

/** Signs another demo account in on the same page (a fresh session). */
async function as(page: Page, s: FangpinServer, username: string) {
  await page.context().clearCookies();
  await signIn(page, s, username);
}

/** Registers the test's household through the API with the signed-in clerk's session. */
async function registerHousehold(page: Page): Promise<number> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/households', {
    headers: { 'X-CSRF-Token': me.csrfToken },
    data: {
      householdNo: `JC${RUN}`,
      villageCode: '140430103207',
      category: 'exited',
      exitYear: 2019,
      phone: PHONE_NO,
      members: [
        { idNumber: HEAD_ID, name: HEAD, relation: 'head' },
        { idNumber: SPOUSE_ID, name: `配偶${RUN_ZH}`, relation: 'spouse' },
      ],
    },
  });
  assert.equal(res.status(), 200, await res.text());
  return ((await res.json()) as { id: number }).id;
}

async function openCase(page: Page, id: number) {
  await page.goto(`/monitoring/cases/${id}`);
  await page.getByTestId('case-page').waitFor();
}

async function stateIs(page: Page, label: string) {
  await page.getByTestId('case-state').filter({ hasText: label }).waitFor();
}

let caseId = 0;
let householdId = 0;

test('a case from the household page through visit, comparison, appraisal, notice, a return, and both approvals', T, async () => {
  const s = server();
  await withBrowser(s, 'monitoring-flow', async ({ page, pageErrors }) => {
    // ---- the village clerk opens a case from the household page
    await signIn(page, s, 'village');
    householdId = await registerHousehold(page);
    await page.goto(`/households/${householdId}`);
    await page.getByTestId('hh-monitoring-state').filter({ hasText: '未纳入监测' }).waitFor();
    await page.getByTestId('hh-open-case').click();
    await page.getByTestId('open-clue').fill('排查发现户主患病住院，家庭收入骤降');
    await page.getByTestId('open-submit').click();
    await page.getByTestId('case-page').waitFor();
    caseId = Number(/\/monitoring\/cases\/(\d+)/.exec(page.url())?.[1]);
    assert.ok(caseId > 0, page.url());
    await stateIs(page, '入户核实');
    assert.match(await page.getByTestId('case-title').innerText(), /监测识别案件/);

    // ---- home visit: the per-capita figure follows the form live, against the line
    const form = page.getByTestId('visit-form');
    await form.waitFor();
    // The household size comes from the registry (two members).
    await page.waitForFunction(() => (document.querySelector('input[data-testid="visit-householdSize"]') as HTMLInputElement | null)?.value === '2');
    await page.getByTestId('visit-wages').fill('30000');
    await page.waitForFunction(() => document.querySelector('[data-testid="visit-percapita-value"]')?.textContent === '15000.00');
    assert.equal(await page.getByTestId('visit-line-verdict').innerText(), '不低于监测范围');
    await page.getByTestId('visit-wages').fill('3000');
    await page.getByTestId('visit-selfPaidMedical').fill('1000');
    await page.waitForFunction(() => document.querySelector('[data-testid="visit-percapita-value"]')?.textContent === '1000.00');
    assert.equal(await page.getByTestId('visit-line-verdict').innerText(), '低于监测范围');
    await page.getByTestId('visit-date').fill(day(-12));
    await page.getByTestId('visit-risk-illness').click();
    // The signed authorisation is required: the form says so on its field before anything is sent.
    await page.getByTestId('act-recordVisit').click();
    await page.getByTestId('visit-form').getByText('请上传农户签字的授权承诺书').waitFor();
    // A text file named .jpg: the server judges the bytes and refuses it; the message is on the field, nothing kept.
    const auth = page.getByTestId('visit-authorisation');
    await auth.locator('input[type=file]').setInputFiles({ name: '承诺书.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是图片') });
    await page.getByTestId('visit-authorisation-error').filter({ hasText: '类型不允许' }).waitFor();
    assert.equal(await auth.getAttribute('data-count'), '0');
    await auth.locator('input[type=file]').setInputFiles({ name: '授权承诺书.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForFunction(() => document.querySelector('[data-testid="visit-authorisation"]')?.getAttribute('data-count') === '1');
    assert.equal(await page.getByTestId('visit-authorisation-error').count(), 0, 'the earlier refusal is cleared');
    // Two photos, one removed again before the form is submitted.
    const photos = page.getByTestId('visit-photos');
    await photos.locator('input[type=file]').setInputFiles([
      { name: '房屋.png', mimeType: 'image/png', buffer: PNG },
      { name: '多余.png', mimeType: 'image/png', buffer: PNG },
    ]);
    await page.waitForFunction(() => document.querySelector('[data-testid="visit-photos"]')?.getAttribute('data-count') === '2');
    await photos.locator('.ant-upload-list-item').last().hover();
    await photos.locator('.anticon-delete').last().click({ force: true });
    await page.waitForFunction(() => document.querySelector('[data-testid="visit-photos"]')?.getAttribute('data-count') === '1');
    await page.getByTestId('act-recordVisit').click();
    await stateIs(page, '信息比对');
    // The case shows what the visit carried: the authorisation and the photo as thumbnails the server serves.
    await page.getByTestId('record-visit-authorisation').locator('img').first().waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="record-visit-photos"] img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth === 1;
    });
    // The comparison is the county's: the clerk sees who acts now, no form.
    await page.getByTestId('case-not-yours').filter({ hasText: '县级审定人员' }).waitFor();
    await page.getByTestId('case-history').getByText('提交入户核实').waitFor();

    // ---- the county reviewer finds it in the inbox and records the comparison
    await as(page, s, 'reviewer');
    await page.getByTestId('side-nav').getByTestId('nav-inbox').click();
    await page.getByTestId('inbox-page').waitFor();
    await page.getByTestId('inbox-table').getByTestId('case-cell-head').filter({ hasText: HEAD }).waitFor();
    await page.getByTestId('side-nav').getByTestId('inbox-badge').waitFor();
    await page.getByTestId('inbox-table').locator('tr', { hasText: HEAD }).getByTestId('case-link').click();
    await page.getByTestId('comparison-form').waitFor();
    await page.getByTestId('comparison-finding').fill('医保数据显示住院自付较高，与入户核实一致');
    await page.getByTestId('act-recordComparison').click();
    await stateIs(page, '民主评议');

    // ---- the clerk: appraisal, then the notice (too short first: refused at its field)
    await as(page, s, 'village');
    await openCase(page, caseId);
    await page.getByTestId('appraisal-date').fill(day(-10));
    await page.getByTestId('appraisal-participants').fill('35');
    await page.getByTestId('appraisal-minutes').locator('input[type=file]').setInputFiles({ name: '评议会议记录.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.waitForFunction(() => document.querySelector('[data-testid="appraisal-minutes"]')?.getAttribute('data-count') === '1');
    await page.getByTestId('act-recordAppraisal').click();
    await stateIs(page, '村内公示');
    await page.getByTestId('record-appraisal-minutes-pdf').filter({ hasText: '评议会议记录.pdf' }).waitFor();
    await page.getByTestId('notice-start').fill(day(-8));
    await page.getByTestId('notice-end').fill(day(-6));
    await page.getByTestId('act-recordNotice').click();
    await page.getByTestId('notice-form').getByText('少于政策规定的 5 天').waitFor();
    await page.getByTestId('notice-end').fill(day(-3));
    await page.getByTestId('act-recordNotice').click();
    await stateIs(page, '乡镇审核');

    // The notice prints without ID numbers or phones.
    await page.getByTestId('case-print-link').click();
    const printed = page.getByTestId('notice-print');
    await printed.waitFor();
    await printed.getByText(HEAD).waitFor();
    const text = await printed.innerText();
    assert.match(text, /防止返贫致贫监测对象公示[\s\S]*新店镇大桥沟村[\s\S]*因病/);
    assert.match(text, new RegExp(`${day(-8)} 至 ${day(-3)}`));
    for (const secret of [HEAD_ID, SPOUSE_ID, PHONE_NO, HEAD_ID.slice(0, 6)]) assert.equal(text.includes(secret), false, `the notice shows ${secret}`);

    // ---- the township returns it with a reason
    await as(page, s, 'township');
    await openCase(page, caseId);
    await page.getByTestId('township-form').waitFor();
    await page.getByTestId('act-townshipReturn').click();
    await page.getByText('请填写理由').waitFor(); // a return needs its reason
    await page.getByTestId('act-reason').fill('公示期间的异议未记录答复');
    await page.getByTestId('act-townshipReturn').click();
    await stateIs(page, '村内公示');

    // ---- the clerk sees the reason and fixes the notice
    await as(page, s, 'village');
    await openCase(page, caseId);
    await page.getByTestId('case-returned').filter({ hasText: '公示期间的异议未记录答复' }).waitFor();
    await page.getByTestId('case-history').getByTestId('case-history-reason').filter({ hasText: '公示期间的异议未记录答复' }).waitFor();
    // The notice's earlier dates are kept; the clerk adds the objection and its answer.
    assert.equal(await page.getByTestId('notice-start').inputValue(), day(-8));
    await page.getByTestId('notice-add-objection').click();
    await page.getByTestId('notice-objection-0-text').fill('村民反映该户有私家车');
    await page.getByTestId('notice-objection-0-answer').fill('经核实车辆已于去年变卖');
    await page.getByTestId('act-recordNotice').click();
    await stateIs(page, '乡镇审核');

    // ---- the township approves; a second, stale tab gets the server's conflict message
    await as(page, s, 'township');
    await openCase(page, caseId);
    const stale = await page.context().newPage();
    await openCase(stale, caseId);
    await stale.getByTestId('township-form').waitFor();
    await page.getByTestId('act-townshipApprove').click();
    await stateIs(page, '县级审定');
    await stale.getByTestId('act-reason').fill('再核一次');
    await stale.getByTestId('act-townshipReturn').click();
    await stale.getByTestId('case-refusal').filter({ hasText: '操作未生效' }).waitFor();
    await stateIs(stale, '县级审定'); // reloaded: the case as it is now
    await stale.close();

    // ---- the county approves with a category
    await as(page, s, 'reviewer');
    await openCase(page, caseId);
    await page.getByTestId('county-form').waitFor();
    await chooseOption(page, 'county-category', '脱贫不稳定户');
    await page.getByTestId('act-countyApprove').click();
    await stateIs(page, '已审定');
    const history = await page.getByTestId('case-history').getByTestId('case-history-entry').allInnerTexts();
    assert.equal(history.length, 9, history.join('\n')); // opened, visit, comparison, appraisal, notice, return, notice, township, county
    assert.match(history[0]!, /发起案件/);
    assert.match(history.join('\n'), /乡镇审核员[\s\S]*县级审定员/);
    // The county's suspect-data checks (疑点) list nothing for this case: nothing here is suspect.
    await page.goto('/monitoring/inbox');
    await page.getByTestId('tab-suspects').click();
    await page.getByTestId('suspects-table').getByText('未发现疑点数据').waitFor();
    await page.getByTestId('suspects-xlsx').waitFor();
    // The county's time per step by township: this case's steps in a table and a bar chart.
    await page.getByTestId('side-nav').getByTestId('nav-step-times').click();
    await page.getByTestId('step-times-table').getByText('新店镇').first().waitFor();
    await page.getByTestId('step-times-chart').locator('canvas').waitFor();
    const steps = await page.getByTestId('step-times-table').locator('tbody tr.ant-table-row').allInnerTexts();
    assert.ok(steps.length >= 6 && steps.some((r) => /入户核实/.test(r)) && steps.some((r) => /县级审定/.test(r)), steps.join('\n'));

    // ---- the household is monitored, with a red card (income below the line)
    await as(page, s, 'village');
    await page.goto(`/households/${householdId}`);
    await page.getByTestId('hh-monitoring-state').filter({ hasText: '监测对象' }).waitFor();
    await page.getByTestId('hh-monitoring').getByTestId('card-red').waitFor();
    assert.equal(await page.getByTestId('hh-monitoring-category').innerText(), '脱贫不稳定户');
    assert.equal(await page.getByTestId('hh-monitoring-since').innerText(), day(0));
    // Risk elimination is not offered yet, and every reason is listed.
    assert.equal(await page.getByTestId('hh-eliminate').isDisabled(), true);
    const reasons = await page.getByTestId('hh-elimination-refusal').allInnerTexts();
    assert.ok(reasons.some((r) => /不满 6 个月/.test(r)), reasons.join('；'));
    assert.ok(reasons.some((r) => /低于监测范围/.test(r)), reasons.join('；'));

    // ---- seven months on, a follow-up visit records income above the line: risk elimination may start
    const moved = await page.request.post('/api/test/clock', { data: { clock: new Date(Date.now() + 214 * 86_400_000).toISOString() } });
    assert.equal(moved.status(), 200, await moved.text());
    try {
      await page.reload();
      await page.getByTestId('hh-elimination-refusal').first().waitFor();
      const later = await page.getByTestId('hh-elimination-refusal').allInnerTexts();
      assert.ok(!later.some((r) => /不满 6 个月/.test(r)), `no longer too early: ${later.join('；')}`);
      assert.ok(later.some((r) => /低于监测范围/.test(r)), later.join('；'));
      await page.getByTestId('hh-followup').click();
      await page.getByTestId('followup-form').waitFor();
      await page.waitForFunction(() => (document.querySelector('input[data-testid="followup-householdSize"]') as HTMLInputElement | null)?.value === '2');
      await page.getByTestId('followup-wages').fill('24000');
      await page.getByTestId('followup-percapita').getByText('不低于监测范围').waitFor();
      await page.getByTestId('followup-submit').click();
      await page.getByTestId('hh-elimination-refusals').waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('hh-eliminate').isDisabled(), false);
      await page.getByTestId('hh-eliminate').click();
      await page.getByTestId('open-clue').fill('务工收入稳定，风险已消除');
      await page.getByTestId('open-submit').click();
      await page.getByTestId('case-page').waitFor();
      assert.match(await page.getByTestId('case-title').innerText(), /风险消除案件/);
      await stateIs(page, '入户核实');
    } finally {
      await page.request.post('/api/test/clock', { data: { clock: null } });
    }
    assert.deepEqual(pageErrors, []);
  });
});

test('on a phone: /apply without an account gives a case number that the look-up finds; the clerk’s inbox is cards', T, async () => {
  const s = server();
  const applicant = idNumber('19850601', 'F');
  await withBrowser(
    s,
    'monitoring-apply',
    async ({ page, pageErrors }) => {
      await page.goto('/apply');
      await page.getByTestId('apply-form').waitFor();
      await page.getByTestId('apply-name').fill(`申报${RUN}`);
      await page.getByTestId('apply-id').fill(applicant.slice(0, 17) + (applicant[17] === '1' ? '2' : '1'));
      await page.getByTestId('apply-phone').fill('13700001111');
      await page.getByText('身份证号校验位错误').waitFor(); // checked as typed
      await page.getByTestId('apply-id').fill(applicant);
      await page.getByTestId('apply-village').click();
      for (const name of ['山西省', '长治市', '沁县', '新店镇', '大桥沟村委会']) {
        await page.locator('.ant-cascader-menu-item', { hasText: name }).first().click();
      }
      await page.getByTestId('apply-village').filter({ hasText: '大桥沟村委会' }).waitFor();
      await page.getByTestId('apply-description').fill('丈夫意外受伤，无法外出务工');
      // Without the consent nothing is sent.
      await page.getByTestId('apply-submit').click();
      await page.getByText('请阅读并勾选承诺').waitFor();
      await page.getByTestId('apply-consent').click();
      await page.getByTestId('apply-submit').click();
      const shown = await page.getByTestId('apply-case-no').innerText();
      const caseNo = /案件编号：(\S+)/.exec(shown)?.[1] ?? '';
      assert.match(caseNo, /^JC-/, shown);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `/apply overflows by ${overflow}px`);

      // Look-up: a wrong ID number reveals nothing; the right one shows the step.
      assert.equal(await page.getByTestId('lookup-case-no').inputValue(), caseNo);
      await page.getByTestId('lookup-id').fill(HEAD_ID);
      await page.getByTestId('lookup-submit').click();
      await page.getByTestId('lookup-error').filter({ hasText: '未找到' }).waitFor();
      await page.getByTestId('lookup-id').fill(applicant);
      await page.getByTestId('lookup-submit').click();
      await page.getByTestId('lookup-result').filter({ hasText: '入户核实' }).waitFor();

      // The clerk of that village finds it in the inbox, as cards on the phone.
      await signIn(page, s, 'village');
      await page.goto('/monitoring/inbox');
      const card = page.getByTestId('inbox-cards').getByTestId('case-card').filter({ hasText: caseNo });
      await card.waitFor();
      assert.equal(await page.getByTestId('inbox-table').count(), 0);
      const inboxOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(inboxOverflow <= 1, `the inbox overflows by ${inboxOverflow}px`);
      await card.click();
      await page.getByTestId('case-page').waitFor();
      // Not linked to a household yet: the visit form asks for it.
      await page.getByTestId('visit-household').waitFor();
      const caseOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(caseOverflow <= 1, `the case page overflows by ${caseOverflow}px`);
      assert.deepEqual(pageErrors, []);
    },
    { viewport: PHONE, mobile: true },
  );
});

test('the county administrator reads the policy in force and publishes a county version with its own line', T, async () => {
  const s = server();
  await withBrowser(s, 'monitoring-policy', async ({ page, pageErrors }) => {
    await signIn(page, s, 'admin');
    await page.getByTestId('side-nav').getByTestId('nav-policy').click();
    await page.getByTestId('policy-page').waitFor();
    assert.equal(await page.getByTestId('policy-line').innerText(), '6,000.00');
    assert.match(await page.getByTestId('policy-version').innerText(), /全国默认/);
    assert.equal(await page.getByTestId('policy-notice-days').innerText(), '5');
    await page.getByTestId('policy-new').click();
    await page.getByTestId('policy-form-line').fill('8700');
    // Seven notice days do not fit the notice step's six: the server's refusal is shown, nothing is published.
    await page.getByTestId('policy-form-notice').fill('7');
    await page.getByTestId('policy-save').click();
    await page.getByTestId('policy-error').filter({ hasText: '短于公示天数' }).waitFor();
    await page.getByTestId('policy-form-notice').fill('6');
    await page.getByTestId('policy-save').click();
    await page.getByTestId('policy-line').filter({ hasText: '8,700.00' }).waitFor();
    assert.match(await page.getByTestId('policy-version').innerText(), /第 1 版[\s\S]*县级/);
    assert.equal(await page.getByTestId('policy-notice-days').innerText(), '6');
    // Both versions are listed; the national default stays as it was.
    const versions = await page.getByTestId('policy-versions').locator('tbody tr').allInnerTexts();
    assert.ok(versions.some((v) => /6,000\.00/.test(v)) && versions.some((v) => /8,700\.00/.test(v)), versions.join('\n'));
    assert.deepEqual(pageErrors, []);
  });
});
