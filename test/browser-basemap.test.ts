import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { prepareDerived } from '../data/derived.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { launchChromium, openMap, serveApp } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, WEB_DIST } from './browser-suite.js';
import { HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { buildFixtureBasemaps, hasTilemaker } from './fixtures/basemap/build.js';
import { TEST_PASSWORD_PARAMS } from './http-client.js';

if (!hasTilemaker() && process.env.CI)
  throw new Error('tilemaker is not installed, and CI must build the test basemap with it');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const STREETS = ['Phố Đinh Tiên Hoàng', 'Phố Hàng Khay', 'Phố Lê Thái Tổ'];
/** Hoàn Kiếm Lake, street zoom */
const LAKE = '/?lat=21.0285&lon=105.8525&z=16';

/** Waits for the map to settle and paint again: the canvas is complete for a screenshot. */
const idle = (page: import('playwright-core').Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__safemap!.map;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );

/** The names a rendered symbol layer shows on screen now. */
const rendered = (layer: string) =>
  `(() => { const map = window.__safemap.map; if (!map.getLayer('${layer}')) return null;
    return map.queryRenderedFeatures({ layers: ['${layer}'] }).map((f) => f.properties.name ?? f.properties['name:latin']); })()`;

describe.skipIf(BROWSER_SUITE_SKIPPED || !hasTilemaker())('basemap in the browser', () => {
  let db: TestDb;
  let browser: Browser;
  const servers: { origin: string; close(): Promise<void> }[] = [];
  let withBasemap: string;
  let without: string;
  let corrupt: string;

  beforeAll(async () => {
    const { pmtiles } = buildFixtureBasemaps();
    db = await openTestDb('postgres');
    await importHanoi(db, HANOI_DATA_DIR as string);
    await loadDemoLevels(db);
    await loadDemoResources(db, HANOI_DATA_DIR);
    await prepareDerived(db);
    const broken = join(mkdtempSync(join(tmpdir(), 'safemap-corrupt-')), 'hanoi.pmtiles');
    writeFileSync(broken, 'PMTiles? no: a download cut off after a few bytes');
    const common = { dataDir: HANOI_DATA_DIR, webDist: WEB_DIST, passwordParams: TEST_PASSWORD_PARAMS };
    for (const basemap of [pmtiles, undefined, broken])
      servers.push(await serveApp(createApp(db, { ...common, basemap })));
    [withBasemap, without, corrupt] = servers.map((s) => s.origin);
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
    await db?.dispose();
  });

  it('renders the fixture basemap under the levels and finds a named street with queryRenderedFeatures', async () => {
    for (const [name, size] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const { page, errors, hosts } = await openMap(browser, `${withBasemap}${LAKE}`, size);
      await page.waitForFunction(`${rendered('basemap-street-name')}?.length > 0`, null, { timeout: 30_000 });
      const streets = (await page.evaluate(rendered('basemap-street-name'))) as string[];
      console.log(`${name}: street labels on screen: ${[...new Set(streets)].join(', ')}`);
      expect(streets.some((s) => STREETS.includes(s))).toBe(true);
      // the lake is drawn, under the level fill, which is lighter over a basemap
      const state = await page.evaluate(() => {
        const map = window.__safemap!.map;
        const ids = map.getStyle().layers.map((l) => l.id);
        return {
          water: map.queryRenderedFeatures({ layers: ['basemap-water'] }).length,
          order: [
            ids.indexOf('basemap-water'),
            ids.indexOf('wards-fill'),
            ids.indexOf('basemap-street-name'),
            ids.indexOf('wards-label'),
          ],
          opacity: JSON.stringify(map.getPaintProperty('wards-fill', 'fill-opacity')),
          attribution: document.querySelector('.maplibregl-ctrl-attrib')?.textContent ?? '',
        };
      });
      expect(state.water).toBeGreaterThan(0);
      expect(state.order[0]).toBeLessThan(state.order[1]);
      expect(state.order[2]).toBeLessThan(state.order[3]);
      expect(state.opacity).toContain('0.38');
      expect(state.attribution).toContain('OpenStreetMap');
      expect(state.attribution).toContain('Tilemaker');
      expect([...hosts]).toEqual(['127.0.0.1']);
      expect(errors).toEqual([]);
      await idle(page);
      await page.screenshot({ path: `${SHOTS}basemap-${name}.png` });
      await page.close();
    }
  }, 300_000);

  it('without a basemap: landmark labels at street zoom, none above it', async () => {
    for (const [name, size] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      // Việt Đức hospital and the pharmacies west of the lake
      const { page, errors } = await openMap(browser, `${without}/?lat=21.0285&lon=105.8490&z=16`, size);
      await page.waitForFunction(`${rendered('landmarks-label')}?.length > 0`, null, { timeout: 30_000 });
      const names = (await page.evaluate(rendered('landmarks-label'))) as string[];
      console.log(`${name}: landmarks on screen: ${names.join(', ')}`);
      expect(names.length).toBeGreaterThan(0);
      expect(await page.evaluate(() => window.__safemap!.map.getLayer('basemap-water'))).toBeUndefined();
      await idle(page);
      await page.screenshot({ path: `${SHOTS}basemap-none-${name}.png` });
      // below street zoom the landmarks give way
      await page.evaluate(() => window.__safemap!.map.jumpTo({ zoom: 12 }));
      await page.evaluate(() => new Promise((r) => window.__safemap!.map.once('idle', r)));
      expect(await page.evaluate(rendered('landmarks-label'))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 300_000);

  it('a corrupt basemap file: the app still serves the map, with landmarks', async () => {
    const { page, errors } = await openMap(browser, `${corrupt}/?lat=21.0285&lon=105.8490&z=16`, PHONE);
    await page.waitForFunction(`${rendered('landmarks-label')}?.length > 0`, null, { timeout: 30_000 });
    expect(
      await page.evaluate(() => window.__safemap!.map.queryRenderedFeatures({ layers: ['wards-fill'] }).length),
    ).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
