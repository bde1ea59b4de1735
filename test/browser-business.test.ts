import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../api/app.js';
import { seededRandom } from '../data/demo/random.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';
import { scoreAnswers } from '../domain/rules/assessment/score.js';
import { openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { Client, seedAccount } from './http-client.js';
import { decodeQrPng } from './qr.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const PASSWORD = 'business password 1';
// a street corner in Hoàn Kiếm, at zoom 16 in the middle of the map
const AT = { lon: 105.8516, lat: 21.0307 };

/** The premises on the businesses layer as the map has them (what the style draws). */
function businessFeatures(page: Page) {
  return page.evaluate(() => {
    const map = window.__safemap?.map;
    if (!map?.getSource('businesses')) return [];
    return map
      .querySourceFeatures('businesses', { sourceLayer: 'businesses' })
      .map((f) => ({ id: String(f.properties.id), risk_class: f.properties.risk_class, status: f.properties.status }));
  });
}

/** The live score the form shows. */
async function liveScore(page: Page) {
  const box = page.getByTestId('live-score');
  return {
    points: Number(await box.getAttribute('data-points')),
    riskIndex: Number(await box.getAttribute('data-index')),
    riskClass: (await box.getAttribute('data-class')) as string,
  };
}

/** Answers every criterion by tapping its radio button; `pick` chooses the option per criterion. */
async function answerAll(page: Page, pick: (options: number) => number) {
  const answers: Record<string, string> = {};
  for (const c of QUESTIONNAIRE_2194.criteria) answers[c.id] = c.options[pick(c.options.length)].id;
  // the clicks go through React's event handling like a finger's tap, without a round trip per radio
  await page.evaluate((a) => {
    for (const [criterion, option] of Object.entries(a)) {
      (document.querySelector(`input[name="${criterion}"][value="${option}"]`) as HTMLInputElement).click();
    }
  }, answers);
  return answers;
}

describe.skipIf(BROWSER_SUITE_SKIPPED)('business self-assessment in Chromium', () => {
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;
  let app: ReturnType<typeof createApp>;
  // starts at the real time and is moved forward to let assessments expire
  let clock = Date.now();
  let certificate: string;
  let premisesId: string;

  beforeAll(async () => {
    ({ origin, browser, close, app } = await startBrowserSuite(
      async (db) => {
        await seedAccount(db, 'pho@hangbong.vn', 'business', null, PASSWORD);
        await seedAccount(
          db,
          'hoankiem@hanoi.gov.vn',
          'district_officer',
          { level: 'district', code: '002' },
          PASSWORD,
        );
        await seedAccount(db, 'badinh@hanoi.gov.vn', 'district_officer', { level: 'district', code: '001' }, PASSWORD);
      },
      { now: () => clock },
    ));
  });
  afterAll(() => close?.());

  it('registers premises on the map, answers the questionnaire with a live score, submits, and the map shows the class', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=${AT.lat}&lon=${AT.lon}&z=16`, PHONE);
    await signInThroughUi(page, 'pho@hangbong.vn', PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-premises').click();
    const panel = page.getByTestId('my-premises');
    await panel.getByTestId('register-premises').click();
    const form = page.getByTestId('premises-form');
    await form.getByLabel('Tên cơ sở').fill('Phở Hàng Bông 36');
    await form.getByLabel('Mã số thuế').fill('0109876543');
    await form.getByLabel('Loại hình').selectOption('restaurant');
    await form.getByLabel('Địa chỉ').fill('36 Phố Hàng Bông, Hoàn Kiếm');
    await form.getByLabel('Số người lao động').fill('18');
    await form.getByLabel('Diện tích (m²)').fill('90');
    // tap the middle of the map: that is where the premises are
    const box = await page.getByTestId('map').boundingBox();
    if (!box) throw new Error('no map');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => form.getByTestId('pick-status').textContent()).toMatch(/Đã chọn 21\.03/);
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${SHOTS}dbg.png` });
    const item = panel.getByTestId('premises-item');
    await item.waitFor();
    expect(await item.textContent()).toContain('Chưa tự đánh giá');

    await item.getByTestId('assess').click();
    const questionnaire = page.getByTestId('assessment-form');
    await questionnaire.waitFor();
    expect(await questionnaire.locator('fieldset').count()).toBe(15);
    expect(await page.getByTestId('guidance').textContent()).toContain('bản đồ an toàn');
    const answers = await answerAll(page, () => 0);
    const live = await liveScore(page);
    expect(live).toEqual({ points: 1, riskIndex: 0.33, riskClass: 'very_low' });
    await page.screenshot({ path: `${SHOTS}assessment-form-phone.png` });
    await questionnaire.getByRole('button', { name: 'Nộp kết quả' }).click();
    const result = page.getByTestId('assessment-result');
    await result.waitFor();
    expect(await result.getByTestId('result-points').textContent()).toBe(`${live.points}/300`);
    expect(scoreAnswers(QUESTIONNAIRE_2194, answers).points).toBe(live.points);
    certificate = ((await result.getByTestId('certificate-link').textContent()) ?? '').match(/HN-[\w-]+/)?.[0] ?? '';
    expect(certificate).toMatch(/^HN-/);
    await page.screenshot({ path: `${SHOTS}assessment-result-phone.png` });
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng', exact: true }).click();

    // one tile refresh (the app re-reads the layer's TileJSON after submitting): the class is on the map
    await expect
      .poll(() => businessFeatures(page), { timeout: 15_000 })
      .toContainEqual(expect.objectContaining({ risk_class: 'very_low', status: 'valid' }));
    premisesId = (await businessFeatures(page))[0].id;
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SHOTS}business-on-map-phone.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the live score equal to the server’s for 50 random answer sets', async () => {
    const client = new Client(app);
    expect((await client.login('pho@hangbong.vn', PASSWORD)).status).toBe(200);
    const { page } = await openMap(browser, `${origin}/?lat=${AT.lat}&lon=${AT.lon}&z=16`, DESKTOP);
    await signInThroughUi(page, 'pho@hangbong.vn', PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-premises').click();
    await page.getByTestId('premises-item').getByTestId('assess').click();
    await page.getByTestId('assessment-form').waitFor();
    const random = seededRandom(2194);
    const classes = new Set<string>();
    for (let i = 0; i < 50; i++) {
      // skewed draws, so the sets span every class rather than clustering at the middle
      const bias = random();
      const answers = await answerAll(page, (n) => Math.min(n - 1, Math.floor(random() ** (bias * 3) * n)));
      const live = await liveScore(page);
      const res = await client.send('POST', `/api/premises/${premisesId}/assessments`, { answers });
      expect(res.status, await res.clone().text()).toBe(201);
      const server = await res.json();
      expect(live, `set ${i}: ${JSON.stringify(answers)}`).toEqual({
        points: server.points,
        riskIndex: server.riskIndex,
        riskClass: server.riskClass,
      });
      classes.add(server.riskClass);
    }
    expect(classes.size).toBeGreaterThanOrEqual(3);
    await page.close();
  });

  it('prints a certificate whose QR code leads to a public verification page, and shows expired premises as expired', async () => {
    // the first certificate was superseded by the 50 later ones: its verification page says so
    const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
    await page.goto(`${origin}/certificate/${certificate}`);
    await page.screenshot({ path: `${SHOTS}certificate.png` });
    const decoded = decodeQrPng(await page.screenshot());
    expect(decoded).toBe(`${origin}/verify/${certificate}`);
    await page.close();

    const anonymous = await browser.newContext(); // no cookies: nobody is signed in
    const verify = await anonymous.newPage();
    const response = await verify.goto(decoded as string);
    expect(response?.status()).toBe(200);
    expect(await verify.locator('[data-status]').getAttribute('data-status')).toBe('superseded');
    expect(await verify.textContent('body')).toContain('Phở Hàng Bông 36');
    expect(await verify.textContent('body')).not.toContain('0109876543');
    await verify.screenshot({ path: `${SHOTS}verify-superseded.png` });
    await anonymous.close();

    // months later every assessment has lapsed: the map greys the premises out, and never as safe
    clock += 400 * 86_400_000;
    const { page: map, errors } = await openMap(browser, `${origin}/?lat=${AT.lat}&lon=${AT.lon}&z=16`, PHONE);
    await expect
      .poll(() => businessFeatures(map), { timeout: 15_000 })
      .toContainEqual(expect.objectContaining({ id: premisesId, status: 'expired' }));
    expect((await businessFeatures(map)).filter((f) => f.status === 'valid')).toEqual([]);
    await map.waitForTimeout(600);
    await map.screenshot({ path: `${SHOTS}business-expired-phone.png` });
    // its public card says expired too
    const centre = await map.getByTestId('map').boundingBox();
    if (!centre) throw new Error('no map');
    await map.mouse.click(centre.x + centre.width / 2, centre.y + centre.height / 2);
    const card = map.getByTestId('business-card');
    await card.waitFor();
    expect(await card.getByTestId('class-badge').getAttribute('data-status')).toBe('expired');
    expect(await card.textContent()).toContain('Hết hiệu lực');
    await map.screenshot({ path: `${SHOTS}business-card-expired-phone.png` });
    expect(errors).toEqual([]);
  });

  it('lists the premises in an official’s scope by state, flags one for inspection, and the business sees the flag', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=${AT.lat}&lon=${AT.lon}&z=15`, DESKTOP);
    await signInThroughUi(page, 'hoankiem@hanoi.gov.vn', PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-premises').click();
    const panel = page.getByTestId('official-premises');
    await panel.getByTestId('official-premises-item').first().waitFor();
    await panel.getByTestId('filter-state').selectOption('valid');
    await expect.poll(() => panel.getByTestId('official-premises-item').count()).toBe(0);
    await panel.getByTestId('filter-state').selectOption('expired');
    await expect.poll(() => panel.getByTestId('official-premises-item').count()).toBe(1);
    const item = panel.getByTestId('official-premises-item');
    expect(await item.textContent()).toContain('Phở Hàng Bông 36');
    await item.getByTestId('flag').click();
    await item.getByLabel('Lý do kiểm tra').fill('Kết quả đã hết hạn, kiểm tra thực tế');
    await item.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => item.textContent()).toContain('đánh dấu cần kiểm tra');
    await page.screenshot({ path: `${SHOTS}official-premises-desktop.png` });
    expect(errors).toEqual([]);
    await page.close();

    // another district's officer sees none of it
    const client = new Client(app);
    await client.login('badinh@hanoi.gov.vn', PASSWORD);
    expect((await (await client.send('GET', '/api/premises')).json()).premises).toEqual([]);
    // the business sees the flag on its own page
    const own = new Client(app);
    await own.login('pho@hangbong.vn', PASSWORD);
    const history = (await (await own.send('GET', `/api/premises/${premisesId}/assessments`)).json()).assessments;
    expect(history[0].flag).toMatchObject({ note: 'Kết quả đã hết hạn, kiểm tra thực tế' });
  });
});
