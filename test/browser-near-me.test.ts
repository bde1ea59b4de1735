import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { openMap } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { HANOI_DATA_DIR } from './engines.js';

const PHONE = { width: 390, height: 844 };
const PLACES = [
  { name: 'hoan-kiem', longitude: 105.8522, latitude: 21.0287 },
  { name: 'soc-son', longitude: 105.848, latitude: 21.257 },
  { name: 'times-city', longitude: 105.868, latitude: 20.995 },
];

/** Waits until the map has stopped moving and drawn what it moved to. */
async function settled(page: Page) {
  await page.waitForFunction(() => !window.__safemap?.map.isMoving(), null, { timeout: 10_000 });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__safemap!.map;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

/**
 * Where each numbered marker's place falls on the screen (map.project), against the visible map:
 * the map's box, above the sheet's top.
 */
function framing(page: Page) {
  return page.evaluate(() => {
    const map = window.__safemap!.map;
    const box = map.getContainer().getBoundingClientRect();
    const sheetTop = document.querySelector('[data-testid="near-panel"]')!.getBoundingClientRect().top;
    const markers = [...document.querySelectorAll<HTMLElement>('[data-testid="near-marker"]')].map((el) => {
      const id = el.dataset.id!;
      const marker = el.getBoundingClientRect();
      return { id, el, label: el.getAttribute('aria-label')!, number: el.textContent, marker };
    });
    const list = [...document.querySelectorAll<HTMLElement>('[data-testid="near-list"] li button')].map((b) => ({
      id: b.dataset.id!,
      name: b.querySelector('strong')!.textContent!,
    }));
    const points = list.map((r) => {
      const m = markers.find((x) => x.id === r.id)!;
      const centre = { x: m.marker.left + m.marker.width / 2, y: m.marker.top + m.marker.height / 2 };
      // the marker's own place, projected by the map
      const [lng, lat] = m.el.dataset.lngLat!.split(',').map(Number);
      const p = map.project([lng, lat]);
      return { id: r.id, x: box.left + p.x, y: box.top + p.y, centre };
    });
    return {
      box: { top: box.top, left: box.left, right: box.right },
      sheetTop,
      markers: markers.map(({ el: _, ...m }) => m),
      list,
      points,
      zoom: map.getZoom(),
    };
  });
}

describe.skipIf(BROWSER_SUITE_SKIPPED)('near me on a phone: the list framed and numbered on the map', () => {
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ origin, browser, close } = await startBrowserSuite((db) => loadDemoResources(db, HANOI_DATA_DIR)));
  });
  afterAll(() => close?.());

  for (const place of PLACES) {
    it(`${place.name}: every result above the sheet, numbered as listed; marker 3 opens result 3's card`, async () => {
      const warnings: string[] = [];
      const { page, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.85&z=11`, PHONE, {
        geolocation: { longitude: place.longitude, latitude: place.latitude },
        permissions: ['geolocation'],
      });
      page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
      await page.getByTestId('near-me').click();
      const list = page.getByTestId('near-list');
      await expect.poll(() => list.locator('li').count()).toBe(5);
      await expect.poll(() => page.getByTestId('near-marker').count()).toBe(5);
      await settled(page);
      const f = await framing(page);
      console.log(
        `${place.name}: zoom ${f.zoom.toFixed(2)}, map top ${f.box.top}, sheet top ${f.sheetTop}, results at`,
        f.points.map((p) => `(${p.x.toFixed(0)},${p.y.toFixed(0)})`).join(' '),
      );
      // the whole 44 px marker, not just its centre, inside the map above the sheet
      for (const p of f.points) {
        expect(p.y).toBeGreaterThan(f.box.top + 22);
        expect(p.y).toBeLessThan(f.sheetTop - 22);
        expect(p.x).toBeGreaterThan(f.box.left + 22);
        expect(p.x).toBeLessThan(f.box.right - 22);
        // the marker is drawn where the map puts its place
        expect(Math.abs(p.centre.x - p.x)).toBeLessThan(2);
        expect(Math.abs(p.centre.y - p.y)).toBeLessThan(2);
      }
      // the numbers on the map are the list's order
      expect(f.list.map((r, i) => `${i + 1}. ${r.name}`)).toEqual(
        f.list.map((r) => f.markers.find((m) => m.id === r.id)!.label),
      );
      expect(f.list.map((r) => f.markers.find((m) => m.id === r.id)!.number)).toEqual(['1', '2', '3', '4', '5']);
      await page.screenshot({ path: `${SHOTS}near-me-${place.name}-390.png` });

      await page.getByRole('button', { name: `3. ${f.list[2].name}` }).click();
      const card = page.getByTestId('resource-card');
      await card.waitFor();
      expect(await card.locator('h3').textContent()).toContain(f.list[2].name);
      expect(new URL(page.url()).searchParams.get('place')).toBe(f.list[2].id);
      await settled(page);
      await page.screenshot({ path: `${SHOTS}near-me-${place.name}-card-390.png` });
      expect(warnings.filter((w) => /cannot fit/i.test(w))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }

  it('the URL of a result card, opened in a fresh context, shows the same card and list', async () => {
    const here = { longitude: PLACES[0].longitude, latitude: PLACES[0].latitude };
    const first = await openMap(browser, `${origin}/?lat=21.03&lon=105.85&z=11`, PHONE, {
      geolocation: here,
      permissions: ['geolocation'],
    });
    await first.page.getByTestId('near-me').click();
    await expect.poll(() => first.page.getByTestId('near-marker').count()).toBe(5);
    const names = await first.page.getByTestId('near-list').locator('li strong').allTextContents();
    await first.page.getByTestId('near-list').locator('li button').nth(1).click();
    await first.page.getByTestId('resource-card').waitFor();
    const card = await first.page.getByTestId('resource-card').locator('h3').textContent();
    const url = first.page.url();
    await first.page.close();

    // a fresh browser context: nothing shared but the link (the location is asked again, never in the link)
    const context = await browser.newContext({
      viewport: PHONE,
      geolocation: here,
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    await page.goto(url);
    const opened = page.getByTestId('resource-card');
    await opened.waitFor({ timeout: 20_000 });
    expect(await opened.locator('h3').textContent()).toBe(card);
    await expect.poll(() => page.getByTestId('near-marker').count()).toBe(5);
    const labels = await page
      .getByTestId('near-marker')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(labels).toEqual(names.map((n, i) => `${i + 1}. ${n}`));
    // back to the list: the same list, the card's row marked
    await page.getByRole('button', { name: /Danh sách/ }).click();
    expect(await page.getByTestId('near-list').locator('li strong').allTextContents()).toEqual(names);
    expect(await page.getByTestId('near-list').locator('li.current strong').textContent()).toBe(names[1]);
    await page.screenshot({ path: `${SHOTS}near-me-fresh-context-390.png` });
    await context.close();
  }, 120_000);
});
