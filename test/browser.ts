import { type Browser, chromium, type Page } from 'playwright-core';
import type { createApp } from '../api/app.js';
import { listen } from '../api/listen.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that phones home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Opens `url` at the given viewport, records every request's host and every response's status, and waits until the map has
 * loaded and gone idle with ward features rendered.
 */
export async function openMap(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  context: Omit<NonNullable<Parameters<Browser['newPage']>[0]>, 'viewport'> = {},
) {
  // a service worker would answer slow API calls from its cache: only the offline suite lets it run
  const page: Page = await browser.newPage({ viewport, deviceScaleFactor: 1, serviceWorkers: 'block', ...context });
  const hosts = new Set<string>();
  const errors: string[] = [];
  /** every response of the page, in order: `404 /api/units/…` */
  const responses: { status: number; url: string }[] = [];
  page.on('response', (r) => responses.push({ status: r.status(), url: r.url() }));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol.startsWith('http')) hosts.add(u.hostname);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.__safemap?.map.loaded() && window.__safemap.map.areTilesLoaded(), null, {
    timeout: 90_000,
  });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__safemap!.map;
        if (map.loaded() && !map.isMoving()) map.once('idle', () => resolve());
        else map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
  return { page, hosts, errors, responses };
}

/** Serves an app on a free loopback port, as `npm start` would. */
export async function serveApp(app: ReturnType<typeof createApp>) {
  const { server, origin } = await listen(app, 0, '127.0.0.1');
  return {
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs in through the header's dialog (in either language) and waits for the account button. */
export async function signInThroughUi(page: Page, email: string, password: string) {
  await page.getByTestId('sign-in').click();
  const form = page.getByTestId('auth-form');
  await form.locator('input[type=email]').fill(email);
  await form.locator('input[type=password]').fill(password);
  await form.locator('button[type=submit]').click();
  await page.getByTestId('account').waitFor();
}

/**
 * A point of the map's canvas (page coordinates) with no place or business symbol within `margin`
 * pixels (the app looks 8 px around a tap), nearest to `near`: a tap there picks a point, not a place.
 */
export async function emptyMapPoint(page: Page, near: { x: number; y: number }, margin = 10) {
  return page.evaluate(
    ({ near, margin }) => {
      const map = window.__safemap!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      const layers = ['resources-circle', 'businesses-circle'].filter((id) => map.getLayer(id));
      for (let r = 0; r < 400; r += 10)
        for (let a = 0; a < 360; a += r === 0 ? 360 : 30) {
          const x = near.x + r * Math.cos((a * Math.PI) / 180) - rect.left;
          const y = near.y + r * Math.sin((a * Math.PI) / 180) - rect.top;
          if (x < margin || y < margin || x > rect.width - margin || y > rect.height - margin) continue;
          // (no such layer: nothing to avoid; an empty list would ask for every layer)
          const hits = !layers.length
            ? []
            : map.queryRenderedFeatures(
                [
                  [x - margin, y - margin],
                  [x + margin, y + margin],
                ],
                { layers },
              );
          if (hits.length === 0) return { x: x + rect.left, y: y + rect.top };
        }
      throw new Error('no empty point of the map near the one asked for');
    },
    { near, margin },
  );
}
