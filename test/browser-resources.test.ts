import { distance, point } from '@turf/turf';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { HANOI_DATA_DIR, type TestDb } from './engines.js';
import { seedAccount } from './http-client.js';

const PHONE = { width: 390, height: 844 };
// Hoàn Kiếm Lake, central Hanoi
const HERE = { latitude: 21.0287, longitude: 105.8524 };

describe.skipIf(BROWSER_SUITE_SKIPPED)('resource locator in Chromium', () => {
  let db: TestDb;
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ db, origin, browser, close } = await startBrowserSuite(async (db) => {
      await loadDemoResources(db, HANOI_DATA_DIR);
      await seedAccount(
        db,
        'badinh@hanoi.gov.vn',
        'district_officer',
        { level: 'district', code: '001' },
        'officer password 1',
      );
    }));
  });
  afterAll(() => close?.());

  it('"Near me" with a granted location lists the 5 nearest, nearest first, with a call button and directions', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.85&z=13`, PHONE, {
      geolocation: HERE,
      permissions: ['geolocation'],
    });
    await page.getByTestId('near-me').click();
    const list = page.getByTestId('near-list');
    await expect.poll(() => list.locator('li').count()).toBe(5);
    const names = await list.locator('li strong').allTextContents();
    const all = await db.query<{ name: string; lon: number; lat: number }>(
      `SELECT name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM resources WHERE status <> 'closed'`,
    );
    const expected = all
      .map((r) => ({ name: r.name, m: distance(point([HERE.longitude, HERE.latitude]), point([r.lon, r.lat])) }))
      .sort((a, b) => a.m - b.m)
      .slice(0, 5)
      .map((r) => r.name);
    expect(names).toEqual(expected);
    expect(await page.getByTestId('near-panel').textContent()).toContain('Tính từ vị trí của bạn');
    expect(await list.textContent()).toMatch(/phút đi bộ/);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}near-me-phone.png` });

    await list.locator('li button').first().click();
    const card = page.getByTestId('resource-card');
    // its own number, or plainly none and the city hotline
    if ((await card.getByTestId('call').count()) > 0)
      expect(await card.getByTestId('call').getAttribute('href')).toMatch(/^tel:\d+/);
    else expect(await card.getByTestId('hotline').getAttribute('href')).toBe('tel:1022');
    expect(await card.getByTestId('directions-walk').getAttribute('href')).toMatch(
      /^https:\/\/www\.openstreetmap\.org\/directions\?engine=fossgis_osrm_foot&route=21\.0287\d*,105\.8524\d*;/,
    );
    expect(await card.locator('a[href^="geo:"]').count()).toBe(1);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}resource-card-phone.png` });
    expect(await page.locator('a[href="tel:1022"]').count()).toBeGreaterThan(0); // the hotline stays reachable
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so when the location is denied, and searches from a tapped point instead', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.85&z=13`, PHONE);
    await page.getByTestId('near-me').click();
    await page.getByTestId('location-denied').waitFor();
    expect(await page.getByTestId('location-denied').textContent()).toContain('chạm vào bản đồ');
    await page.mouse.click(195, 250);
    await expect.poll(() => page.getByTestId('near-list').locator('li').count()).toBe(5);
    expect(await page.getByTestId('near-panel').textContent()).toContain('Tính từ điểm bạn chọn');
    // type chips narrow the list
    await page
      .locator('.chips')
      .getByRole('button', { name: /Cây ATM ô xy/ })
      .click();
    await expect
      .poll(async () => (await page.getByTestId('near-list').textContent()) ?? '')
      .toMatch(/^(?:(?!Trạm y tế lưu động).)*$/s);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets a district officer add a station through the UI; it appears on the map at once', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.0352&lon=105.8195&z=16`, {
      width: 1440,
      height: 900,
    });
    await signInThroughUi(page, 'badinh@hanoi.gov.vn', 'officer password 1');
    await page.getByTestId('account').click();
    await page.getByRole('menuitem', { name: 'Thêm điểm hỗ trợ' }).click();
    const form = page.getByTestId('new-resource');
    await form.getByLabel('Tên').fill('Trạm y tế lưu động Liễu Giai');
    await form.getByLabel('Giờ mở cửa').fill('7h-17h');
    await form.getByRole('button', { name: 'Thêm điểm hỗ trợ' }).click();
    await expect.poll(() => form.textContent()).toContain('Giờ mở cửa sai cú pháp');
    await form.getByLabel('Giờ mở cửa').fill('Mo-Su 07:00-17:00');
    await form.getByRole('button', { name: 'Thêm điểm hỗ trợ' }).click();
    await expect.poll(() => form.textContent()).toContain('Đã thêm');
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng', exact: true }).click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          window
            .__safemap!.map.queryRenderedFeatures({ layers: ['resources-circle'] })
            .some((f) => f.properties.name === 'Trạm y tế lưu động Liễu Giai'),
        ),
      )
      .toBe(true);
    const [row] = await db.query<{ ward_code: string }>(
      `SELECT ward_code FROM resources WHERE name = 'Trạm y tế lưu động Liễu Giai'`,
    );
    expect(row.ward_code).toMatch(/^\d{5}$/);
    await page.screenshot({ path: `${SHOTS}resource-added-desktop.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
