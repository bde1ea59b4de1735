import { existsSync, mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { type AppOptions, createApp } from '../api/app.js';
import { readConfig } from '../data/config.js';
import { prepareDerived } from '../data/derived.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { CHROMIUM, launchChromium, serveApp } from './browser.js';
import { HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { TEST_PASSWORD_PARAMS } from './http-client.js';

export const WEB_DIST = readConfig().webDist;
/** Where browser tests leave their screenshots. */
export const SHOTS = new URL('../test-results/', import.meta.url).pathname;

if (process.env.CI && !existsSync(CHROMIUM))
  throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
if (process.env.CI && !existsSync(`${WEB_DIST}/index.html`))
  throw new Error('CI needs the built web app (npm run build)');

/** Browser suites skip (outside CI) without the Hanoi data, Chromium or the built web app. */
export const BROWSER_SUITE_SKIPPED = !HANOI_DATA_DIR || !existsSync(CHROMIUM) || !existsSync(`${WEB_DIST}/index.html`);

export interface BrowserSuite {
  db: TestDb;
  app: ReturnType<typeof createApp>;
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * What every browser suite starts from: a PostgreSQL database with the real Hanoi data plus the
 * suite's own `seed` and the data derived from them, the whole app served on a loopback port,
 * and headless Chromium.
 */
export async function startBrowserSuite(
  seed: (db: TestDb) => Promise<unknown> = async () => {},
  options: Pick<AppOptions, 'now'> = {},
): Promise<BrowserSuite> {
  const db = await openTestDb('postgres');
  await importHanoi(db, HANOI_DATA_DIR as string);
  await seed(db);
  // the contiguity weights and the coverage grid, ready before serving, as after `npm start`
  await prepareDerived(db);
  const app = createApp(db, {
    dataDir: HANOI_DATA_DIR,
    webDist: WEB_DIST,
    passwordParams: TEST_PASSWORD_PARAMS,
    ...options,
  });
  const server = await serveApp(app);
  const browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
  return {
    db,
    app,
    origin: server.origin,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await db.dispose();
    },
  };
}
