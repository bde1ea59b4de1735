import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { parseCsv } from '../data/import/csv.js';
import { emptyMapPoint, openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, type BrowserSuite, SHOTS, startBrowserSuite } from './browser-suite.js';
import { Client, seedAccount } from './http-client.js';

const DESKTOP = { width: 1440, height: 900 };
const PASSWORD = 'levels password 1';

/** Levels of the wards MapLibre has drawn, from their feature state (the week shown). */
const renderedLevels = (page: Page) =>
  page.evaluate(() => {
    const map = window.__safemap!.map;
    const out: Record<string, number> = {};
    for (const f of map.queryRenderedFeatures({ layers: ['wards-fill'] })) {
      out[String(f.properties.code)] = Number(f.state.level ?? f.properties.level ?? 0);
    }
    return out;
  });

describe.skipIf(BROWSER_SUITE_SKIPPED)('epidemic levels in Chromium', () => {
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;
  let app: BrowserSuite['app'];

  beforeAll(async () => {
    ({ app, origin, browser, close } = await startBrowserSuite(async (db) => {
      await loadDemoLevels(db);
      await seedAccount(db, 'city@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    }));
  });
  afterAll(() => close?.());

  it('shows the demo scenario with several levels at once, and the ward’s explanation names the rule set', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.02&lon=105.84&z=12`, DESKTOP);
    await page.getByTestId('demo-banner').waitFor();
    await expect.poll(async () => new Set(Object.values(await renderedLevels(page))).size).toBeGreaterThanOrEqual(3);
    const api = await (await app.request('/api/levels')).json();
    const rendered = await renderedLevels(page);
    for (const [code, level] of Object.entries(rendered)) {
      expect(level, code).toBe(api.levels.find((l: { code: string }) => l.code === code).level);
    }
    expect(await page.getByTestId('legend').textContent()).toContain('Nguy cơ rất cao');
    await page.screenshot({ path: `${SHOTS}levels-demo-desktop.png` });

    const empty = await emptyMapPoint(page, { x: 720, y: 450 });
    await page.mouse.click(empty.x, empty.y);
    const panel = page.getByTestId('ward-panel');
    await panel.getByTestId('level-section').waitFor();
    await panel.getByText('Vì sao ở cấp này').click();
    await expect.poll(() => panel.getByTestId('explanation').textContent()).toContain('Quyết định 218/QĐ-BYT');
    expect(await panel.getByTestId('level-status').textContent()).toContain('Tư vấn');
    await page.screenshot({ path: `${SHOTS}levels-explanation-desktop.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports a CSV through the UI: a bad row is reported and changes nothing; the fixed file recolours the map', async () => {
    const admin = new Client(app);
    await admin.login('city@hanoi.gov.vn', PASSWORD);
    const template = (await (await admin.send('GET', '/api/indicators/template.csv?week=2022-W13')).text()).replace(
      /^\uFEFF/,
      '',
    );
    const rows = parseCsv(template);
    const header = Object.keys(rows[0]);
    const csv = (bad: boolean) =>
      [
        header.join(','),
        ...rows.map((r, i) => {
          const cases = Math.round((Number(r.population) * ((i % 4) * 200 + 10)) / 100_000);
          const v: Record<string, string> = {
            ...r,
            unit_name: '',
            new_community_cases: bad && i === 9 ? '-5' : String(cases),
            oxygen_cases: '0',
            deaths: '0',
            fully_vaccinated_pct: '85',
            high_risk_full_pct: '95',
          };
          return header.map((h) => v[h]).join(',');
        }),
      ].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'safemap-csv-'));
    writeFileSync(join(dir, 'bad.csv'), csv(true));
    writeFileSync(join(dir, 'fixed.csv'), csv(false));

    const { page, errors } = await openMap(browser, `${origin}/?lat=21.02&lon=105.84&z=12`, DESKTOP);
    await signInThroughUi(page, 'city@hanoi.gov.vn', PASSWORD);
    const before = await renderedLevels(page);
    await page.screenshot({ path: `${SHOTS}import-before-desktop.png` });

    await page.getByTestId('account').click();
    await page.getByRole('menuitem', { name: 'Nhập số liệu từ CSV' }).click();
    await page.getByLabel('Chọn tệp CSV').setInputFiles(join(dir, 'bad.csv'));
    await page.getByRole('button', { name: 'Tải lên' }).click();
    const report = page.getByTestId('import-errors');
    await expect.poll(() => report.textContent()).toContain('Dòng 11, cột new_community_cases');
    expect(await report.textContent()).toContain('Không có dòng nào được nhập');
    await page.screenshot({ path: `${SHOTS}import-bad-row-desktop.png` });
    expect((await (await app.request('/api/levels')).json()).week).toBe('2022-W12');

    await page.getByLabel('Chọn tệp CSV').setInputFiles(join(dir, 'fixed.csv'));
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await expect
      .poll(() => page.getByTestId('import-result').textContent())
      .toBe('Đã nhập 126 dòng; 126 cấp độ thay đổi.');
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng', exact: true }).click();
    // the current view (each ward's latest), whose newest week is now W13
    await expect.poll(() => page.getByTestId('week').locator('option').nth(1).textContent()).toContain('2022-W13');
    expect(await page.getByTestId('week').inputValue()).toBe('');
    const api = await (await app.request('/api/levels')).json();
    await expect
      .poll(async () => (await renderedLevels(page))['00070'])
      .toBe(api.levels.find((l: { code: string }) => l.code === '00070').level);
    const after = await renderedLevels(page);
    expect(Object.keys(after).some((code) => after[code] !== before[code])).toBe(true);
    await page.screenshot({ path: `${SHOTS}import-after-desktop.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
