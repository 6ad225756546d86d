/**
 * Assistance (帮扶) in the browser at a phone's width (390 px): the county pairs the demo helper with two households;
 * the helper opens 我的帮扶户, records a visit that reports a new risk and opens an identification case from it. Then a
 * visit written offline: the draft survives a reload, the save while offline waits in the outbox (shown), and it is
 * sent when the connection is back — once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { checkChar } from '../src/core/idcard.js';
import { PHONE, signIn, useServer, withBrowser } from './helpers.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

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

/** As the county administrator: registers a household of 大桥沟村 and pairs the demo helper with it. */
async function pairedHousehold(page: Page, no: string, head: string): Promise<number> {
  const token = await csrf(page);
  const res = await page.request.post('/api/households', {
    headers: { 'X-CSRF-Token': token },
    data: {
      householdNo: no,
      villageCode: '140430103207',
      category: 'exited',
      exitYear: 2019,
      members: [
        { idNumber: idNumber('19700314', 'M'), name: head, relation: 'head', labourCapacity: 'normal' },
        { idNumber: idNumber('19720808', 'F'), name: `配偶${RUN_ZH}`, relation: 'spouse' },
      ],
    },
  });
  assert.equal(res.status(), 200, await res.text());
  const id = ((await res.json()) as { id: number }).id;
  const helpers = (await (await page.request.get('/api/assistance/helpers?q=helper')).json()) as { id: number; username: string }[];
  const helper = helpers.find((h) => h.username === 'helper');
  assert.ok(helper, JSON.stringify(helpers));
  const paired = await page.request.post('/api/assistance/assignments', { headers: { 'X-CSRF-Token': token }, data: { householdId: id, helperId: helper.id } });
  assert.equal(paired.status(), 200, await paired.text());
  return id;
}

async function visitsOf(page: Page, id: number) {
  const r = await page.request.get(`/api/assistance/households/${id}/visits`);
  assert.equal(r.status(), 200, await r.text());
  return (await r.json()) as { id: number; clientId: string; met: string; caseNo: string | null; photos: { id: string; type: string }[] }[];
}

let first = 0;
let second = 0;

test('a helper on a phone logs a visit from 我的帮扶户 and opens an identification case from it', T, async () => {
  const s = server();
  await withBrowser(s, 'assistance-admin', async ({ page }) => {
    await signIn(page, s, 'admin');
    first = await pairedHousehold(page, `BF${RUN}1`, `帮扶${RUN_ZH}`);
    second = await pairedHousehold(page, `BF${RUN}2`, `离线${RUN_ZH}`);
  });

  await withBrowser(
    s,
    'assistance-helper-visit',
    async ({ page, pageErrors }) => {
      await signIn(page, s, 'helper');
      await page.goto('/assistance/mine');
      await page.getByTestId('mine-page').waitFor();
      const card = page.locator(`[data-testid="mine-item"][data-household="${first}"]`);
      await card.waitFor();
      assert.match(await card.innerText(), new RegExp(`帮扶${RUN_ZH}`));
      assert.match(await card.innerText(), /应走访/);
      // Nothing wider than the phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);

      await card.getByTestId('mine-visit').click();
      await page.getByTestId('visit-page').waitFor();
      await page.getByTestId('visit-met').fill('户主本人');
      await page.getByTestId('visit-situation').fill('户主上月务工受伤，暂时无法务工');
      await page.getByTestId('visit-income').fill('务工收入中断');
      await page.getByTestId('visit-health').fill('腰部骨折，住院两周');
      await page.getByTestId('visit-needs').fill('医疗救助、临时救助');
      await page.getByTestId('visit-new-risk').click();
      await page.getByTestId('visit-clue').fill('户主务工受伤，收入中断，医疗支出大');
      // A photo from the phone: a file that is not an image is refused on the field, a real one is kept.
      const photos = page.getByTestId('visit-photos');
      await photos.locator('input[type=file]').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是图片') });
      await page.getByTestId('visit-photos-error').waitFor();
      await photos.locator('input[type=file]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
      await page.waitForFunction(() => document.querySelector('[data-testid="visit-photos"]')?.getAttribute('data-count') === '1');
      await page.getByTestId('visit-save').click();
      await page.getByTestId('visit-result').waitFor();
      assert.match(await page.getByTestId('visit-case').innerText(), /已发起监测识别案件 JC-140430-\d{4}-\d{6}/);
      await page.getByTestId('visit-history-item').first().waitFor();

      await page.getByTestId('visit-case-link').click();
      await page.getByTestId('case-page').waitFor();
      assert.match(await page.getByTestId('case-page').innerText(), /干部排查/);

      const visits = await visitsOf(page, first);
      assert.equal(visits.length, 1);
      assert.equal(visits[0]!.photos.length, 1, 'the photo went with the visit');
      assert.equal(visits[0]!.photos[0]!.type, 'image/png');
      assert.match(visits[0]!.caseNo ?? '', /^JC-140430-/);
      assert.deepEqual(pageErrors, []);
    },
    { viewport: PHONE, mobile: true },
  );
});

test('a visit written offline is kept on the phone and sent once when the connection is back', T, async () => {
  const s = server();
  await withBrowser(
    s,
    'assistance-helper-offline',
    async ({ page, context, pageErrors }) => {
      await signIn(page, s, 'helper');
      await page.goto(`/assistance/households/${second}/visit`);
      await page.getByTestId('visit-page').waitFor();
      await page.getByTestId('visit-met').fill('户主妻子');
      // The draft survives a reload (a closed browser alike: it is in the phone's storage).
      await page.waitForTimeout(200);
      await page.reload();
      await page.getByTestId('visit-page').waitFor();
      assert.equal(await page.getByTestId('visit-met').inputValue(), '户主妻子');
      await page.getByTestId('visit-situation').fill('家中生产生活正常，无新增风险');

      await context.setOffline(true);
      await page.getByTestId('visit-save').click();
      await page.getByTestId('visit-kept').waitFor();
      await page.getByTestId('outbox').waitFor();
      assert.match(await page.getByTestId('outbox-count').innerText(), /待发送的走访 1 条/);
      const waiting = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fp_assist_outbox_')).map((k) => localStorage.getItem(k)));
      assert.equal(JSON.parse(waiting[0]!).length, 1, 'the outbox is in the phone’s storage');

      await context.setOffline(false);
      await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 20_000 });
      let visits = await visitsOf(page, second);
      assert.equal(visits.length, 1);
      assert.equal(visits[0]!.met, '户主妻子');

      // Load again (the outbox is sent on load): still one visit.
      await page.reload();
      await page.getByTestId('visit-page').waitFor();
      await page.getByTestId('visit-history-item').first().waitFor();
      visits = await visitsOf(page, second);
      assert.equal(visits.length, 1, 'sent once');
      assert.deepEqual(pageErrors, []);
    },
    { viewport: PHONE, mobile: true },
  );
});
