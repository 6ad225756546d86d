/**
 * The household registry in the browser, as the village clerk of 大桥沟村 uses it: register a household with two
 * members (ID numbers checked as typed), find it by pinyin initials, import a CSV with an error (dry run, problem row,
 * report download, import of the correct rows only), and the list as cards on a phone.
 * The first start fills the county with generated households in the background: every assertion looks for this
 * test's own unique names and numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { checkChar } from '../src/core/idcard.js';
import { chooseOption, PHONE, signIn, useServer, withBrowser } from './helpers.js';

const server = useServer();
const T = { timeout: 240_000 };
const RUN = crypto.randomBytes(3).toString('hex').toUpperCase();

/**
 * A valid ID number issued in 沁源县 (140431, next to 沁县: people marry and move in) with a random sequence (odd =
 * male). Not 沁县's own prefix: the demo households the server seeds there use sequences 100–999 too.
 */
function idNumber(birth: string, gender: 'M' | 'F'): string {
  let seq = crypto.randomInt(100, 998);
  if ((seq % 2 === 1) !== (gender === 'M')) seq += 1;
  const first17 = `140431${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}
/** The same number with a wrong check character. */
function badCheck(id: string): string {
  const right = id[17]!;
  return id.slice(0, 17) + (right === '1' ? '2' : '1');
}

async function openHouseholds(page: Page) {
  await page.getByTestId('side-nav').getByTestId('nav-households').click();
  await page.getByTestId('households-page').waitFor();
}

/** Searches and waits until the list follows (the address bar holds the query): the next step may not see the list of
 * the previous query, which may already show the row it waits for. */
async function search(page: Page, q: string) {
  await page.getByTestId('hh-search').fill(q);
  await page.getByTestId('hh-search').press('Enter');
  // Read from the page, not waitForURL: the list changes the address with history.pushState, and waitForURL also
  // waits for a load state, which a page that has started a file download may not report again (CI, once).
  await page.waitForFunction((want) => new URL(window.location.href).searchParams.get('q') === want, q);
}

/** Types a day into an antd DatePicker (its input carries the test id; YYYY-MM-DD, as the app's pickers take it) and
 * commits it with Enter. */
async function fillDate(page: Page, testId: string, day: string) {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await page.waitForFunction(([id, d]) => (document.querySelector(`input[data-testid="${id}"]`) as HTMLInputElement | null)?.value === d, [testId, day] as const);
}

const HEAD_ID = idNumber('19630517', 'M');
const SPOUSE_ID = idNumber('19650923', 'F');
const NEW_NO = `E2E${RUN}`;

test('the village clerk registers a household with two members, then finds it by pinyin initials', T, async () => {
  const s = server();
  await withBrowser(s, 'registry-create', async ({ page, pageErrors }) => {
    await signIn(page, s, 'village');
    // The home page sums up the clerk's village (the demo households may still be arriving: no fixed figures).
    await page.getByTestId('registry-overview').getByTestId('overview-households').waitFor();
    await openHouseholds(page);
    assert.match((await page.getByTestId('hh-search').getAttribute('placeholder')) ?? '', /姓名.*拼音.*首字母.*身份证号.*户编号/);
    await page.getByTestId('hh-create').click();
    await page.getByTestId('hh-create-page').waitFor();
    // The clerk's village's next number is suggested (village code + four-digit serial); the clerk may type another.
    await page.waitForFunction(() => /^140430103207\d{4}$/.test((document.querySelector('input[data-testid="hh-form-householdNo"]') as HTMLInputElement | null)?.value ?? ''));

    await page.getByTestId('hh-form-householdNo').fill(NEW_NO);
    // Incomes are last year's unless the clerk says otherwise.
    assert.equal(await page.getByTestId('hh-form-incomeYear').inputValue(), String(new Date().getFullYear() - 1));
    await page.getByTestId('hh-form-phone').fill('1380000');
    await page.getByText('11 位手机号或带区号的固定电话').first().waitFor(); // checked as typed
    await page.getByTestId('hh-form-phone').fill('13800001111');
    await page.getByTestId('hh-form-incomeWages').fill('20000');
    await page.getByTestId('hh-form-expenseBusiness').fill('2000');
    await page.waitForFunction(() => document.querySelector('[data-testid="hh-form-percapita-value"]')?.textContent === '18000.00');

    // The head: a wrong check digit is caught while typing; the right number shows gender and birth date.
    await page.getByTestId('member-0-idNumber').fill(badCheck(HEAD_ID));
    await page.getByTestId('member-0').getByText('校验位错误').waitFor();
    await page.getByTestId('member-0-idNumber').fill(HEAD_ID);
    await page.getByTestId('member-0').getByText('校验位错误').waitFor({ state: 'detached' });
    await page.getByTestId('member-0-derived').filter({ hasText: '男 · 1963-05-17' }).waitFor();
    await page.getByTestId('member-0-name').fill('欧阳翠微');

    await page.getByTestId('member-add').click();
    await page.getByTestId('member-1-idNumber').fill(SPOUSE_ID);
    await page.getByTestId('member-1-derived').filter({ hasText: '女 · 1965-09-23' }).waitFor();
    await page.getByTestId('member-1-name').fill('欧阳秋菊');
    await chooseOption(page, 'member-1-relation', '配偶');
    // Two members now: the per-capita income halves, live.
    await page.waitForFunction(() => document.querySelector('[data-testid="hh-form-percapita-value"]')?.textContent === '9000.00');

    await page.getByTestId('hh-create-submit').click();
    await page.getByTestId('hh-detail-page').waitFor();
    assert.match(await page.getByTestId('hh-detail-title').innerText(), new RegExp(`欧阳翠微 · ${NEW_NO}`));
    assert.match(await page.getByTestId('hh-facts-income').innerText(), /9,?000/);
    const names = await page.getByTestId('members-table').getByTestId('member-name').allInnerTexts();
    assert.equal(names.length, 2);
    // Masked ID numbers; the full one on request, with the notice that the view is recorded.
    const table = page.getByTestId('members-table');
    assert.match(await table.innerText(), new RegExp(`${HEAD_ID.slice(0, 6)}\\*{8}${HEAD_ID.slice(14)}`));
    assert.equal((await table.innerText()).includes(HEAD_ID), false);
    await table.locator('[data-testid^="member-reveal-"]').first().click();
    await table.locator('[data-testid^="member-id-full-"]').first().waitFor();
    assert.ok((await table.innerText()).includes(HEAD_ID));
    await page.getByText('查看完整身份证号的操作已记入审计日志').first().waitFor();

    // The timeline has the registration.
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('hh-timeline').getByText('新增农户').waitFor();

    // Back in the list: pinyin initials find it.
    await openHouseholds(page);
    await search(page, 'oycw');
    await page.getByTestId('hh-table').getByTestId('hh-cell-no').filter({ hasText: NEW_NO }).waitFor();
    assert.equal(await page.getByTestId('hh-table').locator('tr', { hasText: NEW_NO }).getByTestId('hh-cell-township').innerText(), '新店镇');
    const heads = await page.getByTestId('hh-table').getByTestId('hh-cell-head').allInnerTexts();
    assert.ok(heads.every((h) => h.startsWith('欧阳')), `initials search returns only 欧阳… households: ${heads.join(', ')}`);
    // The spouse's initials find the household too, and the row says whom they found.
    await search(page, 'oyqj');
    const row = page.getByTestId('hh-table').locator('tr', { hasText: NEW_NO });
    await row.getByTestId('hh-cell-matched').filter({ hasText: '查到：欧阳秋菊' }).waitFor();
    assert.equal(await row.getByTestId('hh-cell-head').innerText(), '欧阳翠微');
    assert.deepEqual(pageErrors, []);
  });
});

test('on the household page: edit with validation as typed, the head leaves with a new head named, timeline and as-of view', T, async () => {
  const s = server();
  await withBrowser(s, 'registry-detail', async ({ page, pageErrors }) => {
    await signIn(page, s, 'village');
    await openHouseholds(page);
    await search(page, NEW_NO);
    await page.getByTestId('hh-table').getByTestId('hh-cell-no').filter({ hasText: NEW_NO }).click();
    await page.getByTestId('hh-detail-page').waitFor();

    // Edit: 脱贫户 needs its exit year (asked for before anything is sent).
    await page.getByTestId('hh-edit').click();
    await page.getByTestId('hh-edit-form').waitFor();
    await chooseOption(page, 'hh-form-category', '脱贫户');
    await page.getByTestId('hh-edit-submit').click();
    await page.getByTestId('hh-edit-form').getByText('必填').first().waitFor();
    await page.getByTestId('hh-form-exitYear').fill('2019');
    await page.getByTestId('hh-edit-submit').click();
    await page.getByTestId('hh-edit-modal').waitFor({ state: 'hidden' });
    await page.getByTestId('hh-facts').getByText('脱贫年度 2019').waitFor();

    // Editing a member shows the stored gender and birth date; 民族 is chosen from the 56 groups.
    await page.getByTestId('members-table').locator('tr', { hasText: '欧阳秋菊' }).locator('[data-testid^="member-edit-"]').click();
    await page.getByTestId('member-form').waitFor();
    await page.getByTestId('member-form-derived').filter({ hasText: '女 · 1965-09-23' }).waitFor();
    await chooseOption(page, 'member-form-ethnicity', '回族', { search: '回' });
    await page.getByTestId('member-form-submit').click();
    await page.getByTestId('member-modal').waitFor({ state: 'hidden' });

    // The head dies; the spouse becomes head.
    const headRow = page.getByTestId('members-table').locator('tr', { hasText: '欧阳翠微' });
    await headRow.locator('[data-testid^="member-remove-"]').click();
    await page.getByTestId('remove-reason').waitFor();
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    // The date picker speaks Chinese (its panel: 今天, 一 二 三 …), not the browser's mm/dd/yyyy.
    await page.getByTestId('remove-date').click();
    await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').getByText('今天').waitFor();
    await fillDate(page, 'remove-date', day);
    await page.getByTestId('remove-reason').fill('病故');
    await chooseOption(page, 'remove-new-head', '欧阳秋菊');
    await page.getByTestId('remove-submit').click();
    await page.getByTestId('hh-detail-title').filter({ hasText: '欧阳秋菊' }).waitFor();
    assert.match(await page.getByTestId('members-table').locator('tr', { hasText: '欧阳翠微' }).innerText(), /死亡[\s\S]*病故/);

    // Timeline, newest first.
    await page.getByTestId('tab-timeline').click();
    const items = page.getByTestId('hh-timeline-item');
    await items.first().filter({ hasText: '成员减少' }).waitFor();
    assert.match(await items.last().innerText(), /新增农户/);
    // Each entry names who acted (name and role) and each field's old and new value in words.
    assert.match(await items.first().getByTestId('hh-timeline-actor').innerText(), /^村级信息员（.+）$/);
    const changes = (await page.getByTestId('hh-timeline-change').allInnerTexts()).join('\n');
    assert.match(changes, /户类型：一般农户 → 脱贫户/);
    assert.match(changes, /脱贫年度：未填 → 2019/);
    assert.match(changes, /欧阳秋菊 · 民族：未填 → 回族/);
    assert.match(changes, /欧阳翠微 · 状态：在户 → 死亡/);

    // As of today: the snapshot after the removal.
    await page.getByTestId('tab-asof').click();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await fillDate(page, 'hh-asof-date', today);
    await page.getByTestId('hh-asof-facts-no').filter({ hasText: NEW_NO }).waitFor();
    assert.match(await page.getByTestId('hh-asof-facts-head').innerText(), /欧阳秋菊/);
    assert.deepEqual(pageErrors, []);
  });
});

test('the county office filters by township (a column too), 重置 empties the form, the address and the table, and exports with full ID numbers by an explicit switch', T, async () => {
  const s = server();
  await withBrowser(s, 'registry-township', async ({ page, pageErrors }) => {
    await signIn(page, s, 'admin');
    await openHouseholds(page);
    await page.getByTestId('hh-table').getByTestId('hh-cell-no').first().waitFor();
    await chooseOption(page, 'hh-filter-township', '新店镇', { search: '新店' });
    await page.getByTestId('hh-search').fill(NEW_NO);
    await page.getByTestId('hh-filter-submit').click();
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('townshipCode') === '140430103');
    const row = page.getByTestId('hh-table').locator('tr', { hasText: NEW_NO });
    await row.waitFor();
    assert.equal(await row.getByTestId('hh-cell-township').innerText(), '新店镇');
    assert.equal(await page.getByTestId('hh-table').locator('tr.ant-table-row').count(), 1);

    // 重置: the form, the address bar and the table start again (from an empty list to one with rows).
    await search(page, '查无此人');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="hh-table"] tr.ant-table-row').length === 0);
    assert.equal(new URL(page.url()).searchParams.get('townshipCode'), '140430103');
    await page.getByTestId('hh-filter-reset').click();
    await page.waitForFunction(() => window.location.search === '');
    assert.equal(await page.getByTestId('hh-search').inputValue(), '');
    assert.equal(await page.getByTestId('hh-filter-township').innerText().then((t) => t.includes('新店镇')), false);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="hh-table"] tr.ant-table-row').length > 0);

    // Export: masked by default; the county admin may switch full ID numbers on, with a warning that it is audited.
    await search(page, NEW_NO);
    await row.waitFor();
    await page.getByTestId('hh-export').click();
    await page.getByTestId('hh-export-full').click();
    await page.getByTestId('hh-export-full-warning').waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('hh-export-ok').click()]);
    assert.match(file.suggestedFilename(), /\.xlsx$/);
    await page.getByText('已开始下载').first().waitFor();
    assert.deepEqual(pageErrors, []);
  });
  // The export was recorded as a full-ID export.
  const a = await s.db.db.selectFrom('audit_log').select(['action', 'username']).where('action', '=', 'registry.export_full').execute();
  assert.ok(a.some((e) => e.username === 'admin'), JSON.stringify(a));
});

// With a digit, always: the search box reads a term of letters only as pinyin, and RUN (hex) is sometimes letters
// only (ADFBBE failed CI once).
const IMPORT_OK = `IMP${RUN}1`;
const IMPORT_BAD = `IMP${RUN}2`;

test('import a CSV with an error: dry run, problem row, report download, then only the correct rows', T, async () => {
  const s = server();
  const header = ['户编号', '村', '姓名', '身份证号', '与户主关系', '户类型'];
  const rows = [
    [IMPORT_OK, '大桥沟村', '诸葛云舒', idNumber('19580211', 'M'), '户主', '一般农户'],
    [IMPORT_OK, '大桥沟村', '司马兰亭', idNumber('19600706', 'F'), '配偶', '一般农户'],
    [IMPORT_BAD, '大桥沟村', '上官明远', badCheck(idNumber('19710304', 'M')), '户主', '一般农户'],
  ];
  const csv = '\uFEFF' + [header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';

  await withBrowser(s, 'registry-import', async ({ page, pageErrors }) => {
    await signIn(page, s, 'village');
    await openHouseholds(page);
    await page.getByTestId('hh-import').click();
    await page.getByTestId('import-page').waitFor();
    // The blank template downloads, named after the clerk's village.
    const [tpl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('imp-template').click()]);
    assert.equal(tpl.suggestedFilename(), '农户导入模板-大桥沟村委会.xlsx');
    const tplPath = await tpl.path();
    assert.equal(fs.readFileSync(tplPath).subarray(0, 2).toString(), 'PK', 'an .xlsx (zip) file');
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles({ name: `大桥沟村-${RUN}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });

    const job = page.getByTestId('imp-job');
    await job.and(page.locator('[data-state="checked"]')).waitFor({ timeout: 60_000 });
    assert.equal((await page.getByTestId('imp-count-error').locator('.ant-statistic-content-value').innerText()).trim(), '1');
    assert.equal((await page.getByTestId('imp-count-new-hh').innerText()).trim().split(/\s/)[0], '1');
    const problems = await page.getByTestId('imp-problems').innerText();
    assert.match(problems, /4\s+身份证号\s+.*校验位错误/);
    // All-or-nothing is refused while there are errors, and says why.
    assert.equal(await page.getByTestId('imp-all-or-nothing').isDisabled(), true);
    assert.match(await page.getByTestId('imp-why-disabled').innerText(), /1 行有错误/);
    // The detected mapping is shown.
    assert.match(await page.getByTestId('imp-mapping').innerText(), /户编号[\s\S]*身份证号/);

    // The check report downloads as .xlsx.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('imp-report').click()]);
    assert.match(dl.suggestedFilename(), /\.xlsx$/);
    const file = await dl.path();
    assert.ok(file && fs.statSync(file).size > 0, 'the report is not empty');

    await page.getByTestId('imp-valid-only').click();
    await page.getByTestId('imp-valid-only-confirm').click();
    await job.and(page.locator('[data-state="done"]')).waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('imp-done').innerText(), /新增 1 户/);
    await page.getByTestId('imp-history').getByText(`大桥沟村-${RUN}.csv`).waitFor();

    // The valid household is in the list; the bad one is not.
    await openHouseholds(page);
    await search(page, IMPORT_OK);
    await page.getByTestId('hh-table').getByTestId('hh-cell-no').filter({ hasText: IMPORT_OK }).waitFor();
    assert.match(await page.getByTestId('hh-table').innerText(), /诸葛云舒/);
    await search(page, IMPORT_BAD);
    await page.getByTestId('hh-table').getByText('没有符合条件的农户').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});

test('on a phone (390×844) the list is a card list and a card opens the household', T, async () => {
  const s = server();
  await withBrowser(
    s,
    'registry-phone',
    async ({ page, pageErrors }) => {
      await signIn(page, s, 'village');
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('drawer-menu').getByTestId('nav-households').click();
      await page.getByTestId('households-page').waitFor();
      // The drawer closes first: while it is open its focus trap takes the keys typed into the page.
      await page.getByTestId('drawer-menu').waitFor({ state: 'hidden' });
      // The filters are folded away until asked for.
      assert.equal(await page.getByTestId('hh-filter-category').isVisible(), false);
      await page.getByTestId('hh-filter-toggle').click();
      await page.getByTestId('hh-filter-category').waitFor();
      await page.getByTestId('hh-filter-toggle').click();
      await page.getByTestId('hh-filter-category').waitFor({ state: 'hidden' });
      await search(page, NEW_NO);
      const card = page.getByTestId('hh-card').filter({ hasText: NEW_NO });
      await card.waitFor();
      assert.equal(await page.getByTestId('hh-table').count(), 0);
      assert.match(await card.innerText(), /欧阳秋菊[\s\S]*脱贫户[\s\S]*1 人/);
      // No horizontal scrolling of the page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      await card.click();
      await page.getByTestId('hh-detail-page').waitFor();
      // Members as cards: the relation, health and labour visible without scrolling sideways.
      const member = page.getByTestId('members-table').getByTestId('member-card').filter({ hasText: '欧阳秋菊' });
      await member.waitFor();
      assert.match(await member.innerText(), /欧阳秋菊[\s\S]*户主[\s\S]*在户[\s\S]*女 · 1965-09-23/);
      const detailOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(detailOverflow <= 1, `the household page overflows by ${detailOverflow}px`);
      assert.deepEqual(pageErrors, []);
    },
    { viewport: PHONE, mobile: true },
  );
});
