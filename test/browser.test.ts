import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMap } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';

describe.skipIf(BROWSER_SUITE_SKIPPED)('the map in Chromium', () => {
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ origin, browser, close } = await startBrowserSuite());
  });
  afterAll(() => close?.());

  it.each([
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1440, height: 900 }],
  ])('draws the wards with Vietnamese names on a %s, from this server only', async (name, viewport) => {
    const { page, hosts, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.85&z=13`, viewport);
    const rendered = await page.evaluate(() => {
      const map = window.__safemap!.map;
      const wards = map.queryRenderedFeatures({ layers: ['wards-fill'] }).map((f) => String(f.properties.code));
      const labels = map.queryRenderedFeatures({ layers: ['wards-label'] }).map((f) => String(f.properties.name_vi));
      return { wards: [...new Set(wards)], labels };
    });
    await page.screenshot({ path: `${SHOTS}map-${name}.png` });
    expect(rendered.wards).toContain('00070');
    expect(rendered.wards.length).toBeGreaterThan(5);
    expect(rendered.labels).toContain('Hoàn Kiếm');
    expect([...hosts]).toEqual(['127.0.0.1']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the ward panel from the URL and switches to English', async () => {
    const { page } = await openMap(browser, `${origin}/?ward=00070&lat=21.03&lon=105.85&z=13`, {
      width: 390,
      height: 844,
    });
    const panel = page.getByTestId('ward-panel');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Phường Hoàn Kiếm');
    expect(await panel.textContent()).toMatch(/Dân số\s*[\d.]+ người/);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Hoan Kiem Ward');
    expect(page.url()).toContain('lang=en');
    await page.screenshot({ path: `${SHOTS}ward-panel-phone-en.png` });
    await page.close();
  });

  it('finds a ward typed without diacritics', async () => {
    const { page } = await openMap(browser, `${origin}/`, { width: 1440, height: 900 });
    await page.locator('input[role=combobox]').fill('dong da');
    await page.getByRole('option', { name: /Phường Đống Đa/ }).click();
    await expect.poll(() => page.getByTestId('ward-panel').locator('h2').textContent()).toBe('Phường Đống Đa');
    expect(page.url()).toMatch(/ward=\d{5}/);
    await page.close();
  });
});
