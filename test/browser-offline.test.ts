import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { HANOI_DATA_DIR, type TestDb } from './engines.js';

const PHONE = { width: 390, height: 844 };
// Hoàn Kiếm Lake, central Hanoi
const HERE = { latitude: 21.0287, longitude: 105.8524 };

/** `14:05` in Hanoi's time, as the page writes it. */
const hanoiClock = (date: string) =>
  new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' }).format(
    Date.parse(date),
  );

/** The map has loaded with ward polygons drawn from (possibly stored) tiles. */
async function mapDrawn(page: Page) {
  await page.waitForFunction(
    () => {
      const map = window.__safemap?.map;
      return !!map?.loaded() && map.queryRenderedFeatures({ layers: ['wards-fill'] }).length > 0;
    },
    null,
    { timeout: 120_000 },
  );
}

describe.skipIf(BROWSER_SUITE_SKIPPED)('offline in Chromium (service worker)', () => {
  let db: TestDb;
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;
  let ward: string;

  beforeAll(async () => {
    ({ db, origin, browser, close } = await startBrowserSuite(async (db) => {
      await loadDemoLevels(db);
      await loadDemoResources(db, HANOI_DATA_DIR);
    }));
    [{ ward }] = await db.query<{ ward: string }>(
      `SELECT code AS ward FROM admin_units
       WHERE level = 'ward' AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`,
      [HERE.longitude, HERE.latitude],
    );
  }, 600_000); // the Hanoi data and the derived grid, on busy cores
  afterAll(() => close?.());

  it('opens offline with the map, the ward panel and the last near-me list, marked as stored data; refreshes when back', async () => {
    const at = `lat=${HERE.latitude}&lon=${HERE.longitude}&z=14`;
    // not openMap: on 2 busy cores the first load (MapLibre from a cold cache) can take longer than its wait
    const page = await browser.newPage({
      viewport: PHONE,
      deviceScaleFactor: 1,
      geolocation: HERE,
      permissions: ['geolocation'],
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/?${at}&panel=ward&ward=${ward}`);
    await mapDrawn(page);
    // the first visit installs the service worker; from then on it sees (and stores) what the page fetches
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    const dates = new Set<string>();
    let withStock = -1; // places in the last near-me answer that have stock figures
    page.on('response', async (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/') && r.headers().date) dates.add(hanoiClock(r.headers().date));
      if (path === '/api/resources/nearest' && r.ok()) {
        const { resources } = (await r.json()) as { resources: { stock: object }[] };
        withStock = resources.filter((x) => Object.keys(x.stock).length > 0).length;
      }
    });
    await page.reload();
    await mapDrawn(page);
    await page.getByTestId('ward-panel').locator('#ward-title').waitFor();
    const wardName = await page.getByTestId('ward-panel').locator('#ward-title').textContent();
    await page.getByTestId('near-me').click();
    const list = page.getByTestId('near-list');
    await expect.poll(() => list.locator('li').count()).toBe(5);
    const names = await list.locator('li strong').allTextContents();
    const nearUrl = page.url();
    await page.waitForTimeout(1000); // the last tiles and glyphs of the framed list

    // nothing private or written is stored
    const stored = await page.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys())
        if (!name.startsWith('workbox-precache'))
          for (const req of await (await caches.open(name)).keys())
            out.push(`${req.method} ${new URL(req.url).pathname}`);
      return out;
    });
    expect(stored).toContain('GET /api/levels');
    expect(stored).toContain('GET /api/resources/nearest');
    expect(stored.filter((s) => s.includes('/api/auth') || !s.startsWith('GET '))).toEqual([]);
    expect(await page.evaluate(() => fetch('/api/auth/session').then((r) => r.ok))).toBe(true); // asked, not stored
    expect(stored.some((s) => s.includes('/api/auth'))).toBe(false);

    // offline: the same near-me list from the same place, its stock marked as stored
    await page.context().setOffline(true);
    await page.reload();
    await mapDrawn(page);
    await expect.poll(() => list.locator('li').count()).toBe(5);
    expect(await list.locator('li strong').allTextContents()).toEqual(names);
    const banner = page.getByTestId('offline-banner');
    await expect.poll(() => banner.textContent()).toMatch(/^Dữ liệu lúc \d\d:\d\d — đang ngoại tuyến$/);
    const shownTime = (await banner.textContent())?.match(/\d\d:\d\d/)?.[0] as string;
    expect([...dates]).toContain(shownTime);
    const marks = list.getByTestId('offline-stock');
    expect(await marks.count()).toBeGreaterThan(0);
    expect(await marks.count()).toBe(withStock);
    expect(await marks.first().textContent()).toBe(`Số lượng lúc ${shownTime}, có thể đã thay đổi`);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}offline-near-phone.png` });

    // offline: the ward panel, from the stored answers
    await page.goto(`${origin}/?${at}&panel=ward&ward=${ward}`);
    await mapDrawn(page);
    await expect.poll(() => page.getByTestId('ward-panel').locator('#ward-title').textContent()).toBe(wardName);
    await expect.poll(() => banner.textContent()).toMatch(/^Dữ liệu lúc \d\d:\d\d — đang ngoại tuyến$/);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}offline-ward-phone.png` });

    // back online: the banner goes and the page asks the server again
    await page.goto(nearUrl);
    await expect.poll(() => list.locator('li').count()).toBe(5);
    // refetchOnReconnect: the list asks the server again
    const refreshed = page.waitForResponse((r) => r.url().includes('/api/resources/nearest') && r.ok());
    await page.context().setOffline(false);
    await refreshed;
    await expect.poll(() => banner.count()).toBe(0);
    expect(await list.getByTestId('offline-stock').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 480_000);

  it('does not carry a service worker into another browser context', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    expect(await page.evaluate(() => caches.keys())).not.toContain('safemap-api');
    await page.close();
  });
});
