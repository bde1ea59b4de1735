import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setGridLimits } from '../data/analysis/queries.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { HANOI_DATA_DIR, type TestDb } from './engines.js';
import { seedAccount } from './http-client.js';

const DESKTOP = { width: 1440, height: 900 };
const PASSWORD = 'dashboard password 1';

describe.skipIf(BROWSER_SUITE_SKIPPED)('leaders’ dashboard in Chromium', () => {
  let db: TestDb;
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ db, origin, browser, close } = await startBrowserSuite(async (db) => {
      await loadDemoLevels(db);
      await loadDemoResources(db, HANOI_DATA_DIR);
      // Sóc Sơn (former district 016): rural, large, far from many stations
      await seedAccount(db, 'socson@hanoi.gov.vn', 'district_officer', { level: 'district', code: '016' }, PASSWORD);
      await seedAccount(db, 'ward@hanoi.gov.vn', 'ward_officer', { level: 'ward', code: '00004' }, PASSWORD);
      await seedAccount(db, 'admin@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    }));
  }, 240_000);
  afterAll(() => close?.());

  it('shows a district officer the hotspots, a ward’s trend and a siting proposal for their district', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.25&lon=105.83&z=11`, DESKTOP);
    await signInThroughUi(page, 'socson@hanoi.gov.vn', PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-analysis').click();
    const dashboard = page.getByTestId('dashboard');
    await expect.poll(() => dashboard.getByTestId('dashboard-scope').textContent()).toBe('Sóc Sơn');
    const table = dashboard.getByTestId('ward-table');
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward' AND parent_code = '016'`,
    );
    await expect.poll(() => table.locator('tbody tr').count()).toBe(n);
    // the wards layer now shows Gi* bins
    expect(await page.evaluate(() => window.__safemap?.map.getLayoutProperty('wards-hotspots', 'visibility'))).toBe(
      'visible',
    );
    // sorted by incidence, highest first
    await dashboard.getByTestId('sort-incidence').click();
    const incidences = (await table.locator('tbody tr td:nth-child(3)').allTextContents()).map(Number);
    expect(incidences).toEqual([...incidences].sort((a, b) => b - a));
    await table.locator('tbody tr').first().click();
    await dashboard.getByTestId('trend-chart').locator('canvas').waitFor();

    await dashboard.getByTestId('tab-coverage').click();
    await expect
      .poll(() => dashboard.getByTestId('coverage-summary').textContent(), { timeout: 60_000 })
      .toMatch(/người/);
    await dashboard.getByTestId('propose').click();
    const result = dashboard.getByTestId('siting-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.locator('li').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(() => window.__safemap?.map.querySourceFeatures('analysis-sites').length ?? 0))
      .toBeGreaterThan(0);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}dashboard-siting-1440.png` });
    await dashboard.getByTestId('tab-hotspots').click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}dashboard-hotspots-1440.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a ward officer only their own ward', async () => {
    const { page } = await openMap(browser, `${origin}/?lat=21.03&lon=105.83&z=13`, DESKTOP);
    await signInThroughUi(page, 'ward@hanoi.gov.vn', PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-analysis').click();
    const table = page.getByTestId('ward-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    const [{ name }] = await db.query<{ name: string }>(
      `SELECT name_vi AS name FROM admin_units WHERE level = 'ward' AND code = '00004'`,
    );
    expect(await table.locator('tbody tr td').first().textContent()).toBe(name);
    await page.close();
  });

  it('lets a city admin see the whole city or narrow it to one former district', async () => {
    const { page } = await openMap(browser, `${origin}/?lat=21.03&lon=105.83&z=11`, DESKTOP);
    await signInThroughUi(page, 'admin@hanoi.gov.vn', PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-analysis').click();
    const table = page.getByTestId('ward-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(126);
    await page.getByTestId('dashboard-district').selectOption('002');
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward' AND parent_code = '002'`,
    );
    await expect.poll(() => table.locator('tbody tr').count()).toBe(n);
    await page.close();
  });

  it('tells a city admin in both languages when the scope is too large for coverage, and answers for a district', async () => {
    // a cap at one district's cells: the whole city is over it (as the whole country is at national size)
    const [{ cells }] = await db.query<{ cells: number }>(
      `SELECT count(*)::int AS cells FROM coverage_cells c JOIN admin_units w ON w.level = 'ward' AND w.code = c.ward_code
       WHERE w.parent_code = '002'`,
    );
    setGridLimits({ sharedMaxCells: 0, scopeMaxCells: cells });
    try {
      const { page, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.83&z=11`, DESKTOP);
      await signInThroughUi(page, 'admin@hanoi.gov.vn', PASSWORD);
      await page.getByTestId('account').click();
      await page.getByTestId('menu-analysis').click();
      const dashboard = page.getByTestId('dashboard');
      await dashboard.getByTestId('tab-coverage').click();
      const problem = dashboard.getByTestId('coverage-problem');
      await expect.poll(() => problem.textContent(), { timeout: 30_000 }).toMatch(/Phạm vi quá lớn.*quận\/huyện/);
      expect(await problem.getAttribute('role')).toBe('alert');
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SHOTS}dashboard-scope-too-large-1440.png` });
      await page.getByTestId('dashboard-district').selectOption('002');
      await expect
        .poll(() => dashboard.getByTestId('coverage-summary').textContent(), { timeout: 60_000 })
        .toMatch(/người/);
      expect(await problem.count()).toBe(0);
      await page.getByTestId('dashboard-district').selectOption('');
      await page.locator('button.lang').click();
      await expect.poll(() => problem.textContent(), { timeout: 30_000 }).toMatch(/too large.*choose a district/);
      expect(errors.filter((e) => !/422/.test(e))).toEqual([]);
      await page.close();
    } finally {
      setGridLimits();
    }
  });
});
