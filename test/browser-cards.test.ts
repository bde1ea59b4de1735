import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { openMap } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { HANOI_DATA_DIR, type TestDb } from './engines.js';

const PHONE = { width: 390, height: 844 };

describe.skipIf(BROWSER_SUITE_SKIPPED)('a place’s card and search on a phone', () => {
  let db: TestDb;
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;
  /** an oxygen ATM on a pharmacy with a street address and no phone of its own */
  let atm: { name: string; address: string; lon: number; lat: number };

  beforeAll(async () => {
    ({ db, origin, browser, close } = await startBrowserSuite((db) => loadDemoResources(db, HANOI_DATA_DIR)));
    [atm] = await db.query(
      `SELECT name, address, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM resources
       WHERE type = 'oxygen_atm' AND phone IS NULL AND address ~ '^[0-9]+ Phố' ORDER BY name LIMIT 1`,
    );
  }, 600_000);
  afterAll(() => close?.());

  for (const lang of ['vi', 'en'] as const) {
    it(`shows the street, hours in words, three ways to go and no borrowed number (${lang})`, async () => {
      // standing ~30 m from the ATM: it is the first result
      const here = { latitude: atm.lat + 0.0002, longitude: atm.lon + 0.0002 };
      const { page, errors } = await openMap(
        browser,
        `${origin}/?lat=${here.latitude}&lon=${here.longitude}&z=15${lang === 'en' ? '&lang=en' : ''}`,
        PHONE,
        { geolocation: here, permissions: ['geolocation'] },
      );
      await page.getByTestId('near-me').click();
      const list = page.getByTestId('near-list');
      await list.getByText(atm.name).click();
      const card = page.getByTestId('resource-card');
      await card.waitFor();
      expect(await card.getByTestId('address').textContent()).toContain(atm.address);
      const hours = await card.getByTestId('hours').textContent();
      expect(hours).toMatch(lang === 'vi' ? /Đang mở.*Mở cửa 24 giờ/ : /Open now.*Open 24 hours/);
      expect(hours).not.toContain('24/7');
      for (const [mode, href] of [
        ['walk', /^https:\/\/www\.openstreetmap\.org\/directions\?engine=fossgis_osrm_foot&route=21\.\d+,105\.\d+;/],
        ['motorbike', /^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&origin=.+&travelmode=two-wheeler$/],
        ['car', /^https:\/\/www\.openstreetmap\.org\/directions\?engine=fossgis_osrm_car&route=/],
      ] as const) {
        const link = card.getByTestId(`directions-${mode}`);
        expect(await link.getAttribute('href')).toMatch(href);
        expect(await link.textContent()).toMatch(lang === 'vi' ? /\d+ phút$/ : /\d+ min$/);
        const box = await link.boundingBox();
        expect(box?.height).toBeGreaterThanOrEqual(44);
      }
      expect(await card.getByTestId('travel-note').textContent()).toBe(
        lang === 'vi'
          ? 'Thời gian ước tính: đi bộ 4,5 km/h, xe máy 25 km/h, ô tô 20 km/h; quãng đường thực tế tính bằng 1,3 lần đường chim bay.'
          : 'Estimated times: on foot 4.5 km/h, motorbike 25 km/h, car 20 km/h; the route taken as 1.3 times the straight line.',
      );
      // no number of its own: said plainly, and 1022 offered as the city hotline, not as the place's number
      expect(await card.getByTestId('call').count()).toBe(0);
      expect(await card.getByTestId('no-phone').textContent()).toBe(
        lang === 'vi' ? 'Điểm này chưa có số điện thoại.' : 'No phone number for this place.',
      );
      const hotline = card.getByTestId('hotline');
      expect(await hotline.getAttribute('href')).toBe('tel:1022');
      expect(await hotline.textContent()).toMatch(lang === 'vi' ? /đường dây nóng/ : /city hotline/);
      await card.evaluate((el) => el.scrollIntoView());
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SHOTS}card-phone-${lang}.png` });
      await hotline.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}card-phone-${lang}-phone.png` });
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  }

  it('a vaccination point shows today first, then the week and holidays', async () => {
    const [vp] = await db.query<{ name: string; lon: number; lat: number }>(
      `SELECT name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM resources WHERE type = 'vaccination_point'
       AND opening_hours LIKE 'Mo-Fr 07:30-11:30,13:30-17:00%' ORDER BY name LIMIT 1`,
    );
    const here = { latitude: vp.lat + 0.0001, longitude: vp.lon };
    const { page } = await openMap(browser, `${origin}/?lat=${here.latitude}&lon=${here.longitude}&z=15`, PHONE, {
      geolocation: here,
      permissions: ['geolocation'],
    });
    await page.getByTestId('near-me').click();
    await page.getByTestId('near-list').getByText(vp.name, { exact: true }).first().click();
    const hours = page.getByTestId('resource-card').getByTestId('hours');
    // innerText, not textContent: the rows are blocks, and the words of two rows must not run together
    // biome-ignore lint/performance/useDomNodeTextContent: see above
    const text = (await hours.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/Hôm nay \(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Hôm nay \(Chủ nhật/);
    expect(text).toContain('Thứ Hai – Thứ Sáu 07:30–11:30, 13:30–17:00');
    expect(text).toContain('Thứ Bảy 07:30–11:30');
    expect(text).toContain('Chủ nhật đóng cửa');
    expect(text).toContain('Ngày lễ: đóng cửa');
    await hours.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}card-phone-hours.png` });
    await page.close();
  }, 180_000);

  it('search finds short forms and streets, and says what found nothing', async () => {
    const { page } = await openMap(browser, `${origin}/?lat=21.03&lon=105.85&z=12`, PHONE);
    const box = page.locator('input[role=combobox]');
    const options = page.getByRole('listbox').getByRole('option');
    const search = async (q: string) => {
      await box.fill(q);
      await page.waitForTimeout(400); // the debounce
      await expect
        .poll(() => page.evaluate(() => document.querySelector('.search-status')?.textContent ?? ''))
        .not.toBe('');
    };
    await search('oxy');
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator(`#${await box.getAttribute('aria-controls')}`).count()).toBe(1);
    const oxy = await options.allInnerTexts();
    expect(oxy.length).toBeGreaterThan(0);
    expect(oxy.some((o) => /ô xy/.test(o))).toBe(true);
    for (const o of await options.all()) expect((await o.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: `${SHOTS}search-oxy-phone.png` });
    await search('tyt');
    expect((await options.allInnerTexts()).some((o) => /Trạm y tế/i.test(o))).toBe(true);
    const street = atm.address.replace(/^[0-9]+ Phố /, '').split(',')[0];
    await search(
      street
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[đĐ]/g, 'd'),
    );
    expect((await options.allInnerTexts()).some((o) => o.includes(atm.address))).toBe(true);
    await page.screenshot({ path: `${SHOTS}search-street-phone.png` });
    await search('zzqx');
    expect(await options.count()).toBe(0);
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.getAttribute('aria-controls')).toBeNull(); // no reference to a list not in the page
    expect(await page.locator('.search-status').textContent()).toBe(
      'Không tìm thấy phường/xã, địa điểm hay cơ sở nào khớp «zzqx».',
    );
    await page.screenshot({ path: `${SHOTS}search-none-phone.png` });
    await page.close();
  }, 180_000);
});
