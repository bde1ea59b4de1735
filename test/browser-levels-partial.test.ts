import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { parseCsv } from '../data/import/csv.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';
import { scoreAnswers } from '../domain/rules/assessment/score.js';
import { STATUS_WORDS } from '../domain/rules/sources.js';
import { openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, type BrowserSuite, SHOTS, startBrowserSuite } from './browser-suite.js';
import type { TestDb } from './engines.js';
import { Client, seedAccount } from './http-client.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const PASSWORD = 'partial password 1';
// the whole city in view on a phone, so every ward's tile is loaded
const CITY = '/?lat=21.0&lon=105.75&z=8.4';

/** Every ward in the loaded `wards` tiles, once each: its level and week as the tile carries them. */
const wardFeatures = (page: Page) =>
  page.evaluate(() => {
    const map = window.__safemap!.map;
    const out: Record<string, { level: number | null; week: string | null }> = {};
    for (const f of map.querySourceFeatures('wards', { sourceLayer: 'wards' })) {
      const p = f.properties;
      out[String(p.code)] = { level: p.level == null ? null : Number(p.level), week: p.week ?? null };
    }
    return out;
  });

/** What the legend counts: wards per level, plus stale and no-figures wards when shown. */
const legendCounts = (page: Page) =>
  page.evaluate(() => {
    const count = (sel: string) => [...document.querySelectorAll(sel)].map((e) => Number(e.getAttribute('data-count')));
    return {
      levels: count('[data-testid="legend-count"]'),
      stale: count('[data-testid="legend-stale"]'),
      noFigures: count('[data-testid="legend-no-figures"]'),
    };
  });

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe.skipIf(BROWSER_SUITE_SKIPPED)('one district reports a newer week (Chromium)', { timeout: 150_000 }, () => {
  let db: TestDb;
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;
  let app: BrowserSuite['app'];
  let district: { code: string; name_vi: string };
  let wards: { code: string }[];

  beforeAll(async () => {
    ({ db, app, origin, browser, close } = await startBrowserSuite(async (db) => {
      await loadDemoLevels(db);
      // Cầu Giấy, a former district: its officer reports for its wards only
      [district] = await db.query<{ code: string; name_vi: string }>(
        `SELECT code, name_vi FROM admin_units WHERE level = 'district' AND name_vi LIKE '%Cầu Giấy'`,
      );
      await seedAccount(
        db,
        'caugiay@hanoi.gov.vn',
        'district_officer',
        { level: 'district', code: district.code },
        PASSWORD,
      );
      await seedAccount(db, 'city@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
      await seedAccount(db, 'cafe@caugiay.vn', 'business', null, PASSWORD);
    }));
    wards = await db.query<{ code: string }>(
      `SELECT code FROM admin_units WHERE level = 'ward' AND parent_code = $1 ORDER BY code`,
      [district.code],
    );
  }, 240_000);
  afterAll(() => close?.());

  /** The Cầu Giấy officer imports `week` for the district's wards (few cases), as the import dialog sends it. */
  async function importDistrictWeek(week: string) {
    const officer = new Client(app);
    expect((await officer.login('caugiay@hanoi.gov.vn', PASSWORD)).status).toBe(200);
    const template = (await (await officer.send('GET', `/api/indicators/template.csv?week=${week}`)).text()).replace(
      /^\uFEFF/,
      '',
    );
    const rows = parseCsv(template);
    expect(rows.map((r) => r.unit_code).sort()).toEqual(wards.map((w) => w.code));
    const header = Object.keys(rows[0]);
    const csv = [
      header.join(','),
      ...rows.map((r) => {
        const v: Record<string, string> = {
          ...r,
          unit_name: '',
          new_community_cases: '2',
          oxygen_cases: '0',
          deaths: '0',
          fully_vaccinated_pct: '85',
          high_risk_full_pct: '95',
        };
        return header.map((h) => v[h]).join(',');
      }),
    ].join('\n');
    const imported = await officer.send('POST', '/api/indicators/import', { csv });
    expect(imported.status, await imported.clone().text()).toBe(200);
  }

  it('after Cầu Giấy imports 2022-W13 for its 3 wards, the public map still draws every ward with its own latest level, and nothing answers 404', async () => {
    expect(wards).toHaveLength(3);
    const [{ n: wardsInCity }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward'`,
    );
    expect(wardsInCity).toBe(126);

    const before = await openMap(browser, `${origin}${CITY}`, PHONE);
    await before.page.getByTestId('demo-banner').waitFor();
    await before.page.screenshot({ path: `${SHOTS}levels-partial-before-phone.png` });
    await before.page.close();

    // the district officer's import, through the API as the import dialog sends it
    await importDistrictWeek('2022-W13');

    // the public map, nobody signed in
    const { page, errors, responses } = await openMap(browser, `${origin}${CITY}`, PHONE);
    await page.getByTestId('demo-banner').waitFor();
    await expect.poll(async () => Object.keys(await wardFeatures(page)).length).toBe(126);
    const features = Object.values(await wardFeatures(page));
    expect(features.filter((f) => f.level != null)).toHaveLength(126);
    expect(features.filter((f) => f.week === '2022-W12')).toHaveLength(123);
    expect(features.filter((f) => f.week === '2022-W13')).toHaveLength(3);
    // the legend counts what is drawn: every ward once
    await expect.poll(async () => sum((await legendCounts(page)).levels)).toBe(126);
    const counts = await legendCounts(page);
    expect(counts.noFigures).toEqual([]);
    expect(await page.getByTestId('week').inputValue()).toBe('');

    // Hoàn Kiếm has not reported W13: its W12 level, and the explanation of W12
    await page.locator('input[role=combobox]').fill('hoan kiem');
    await page.getByRole('option', { name: /^Phường Hoàn Kiếm/ }).click();
    const panel = page.getByTestId('ward-panel');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Phường Hoàn Kiếm');
    await expect.poll(() => panel.getByTestId('level-week').textContent()).toMatch(/^Cấp \d · tuần 2022-W12$/);
    await panel.getByText('Vì sao ở cấp này').click();
    const explanation = panel.getByTestId('explanation');
    await expect.poll(() => explanation.textContent()).toContain('Quyết định 218/QĐ-BYT');
    const text = (await explanation.textContent()) ?? '';
    // each value's source status in plain words; no English band codes in the Vietnamese UI
    expect(text).toContain(STATUS_WORDS['confirmed-by-official-secondary-source'].vi);
    expect(text).toContain(STATUS_WORDS.unverified.vi);
    expect(text).not.toMatch(/\[(met|not met|low|medium|high)\]/);
    expect(text).toContain('VnExpress International');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}levels-partial-after-phone.png` });
    expect(responses.filter((r) => r.url.includes('/api/units/00070/levels/'))).toEqual([
      { status: 200, url: `${origin}/api/units/00070/levels/2022-W12` },
    ]);
    expect(responses.filter((r) => r.status === 404)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();

    const desktop = await openMap(browser, `${origin}/?lat=21.03&lon=105.82&z=12&ward=00070`, DESKTOP);
    await desktop.page.getByTestId('demo-banner').waitFor();
    await expect.poll(() => desktop.page.getByTestId('level-week').textContent()).toMatch(/^Cấp \d · tuần 2022-W12$/);
    await desktop.page.waitForTimeout(500);
    await desktop.page.screenshot({ path: `${SHOTS}levels-partial-after-desktop.png` });
    expect(desktop.responses.filter((r) => r.status === 404)).toEqual([]);

    // the snapshot of W13: 123 wards without figures that week, drawn and said so
    await desktop.page.getByTestId('week').selectOption('2022-W13');
    await expect.poll(async () => (await legendCounts(desktop.page)).noFigures).toEqual([123]);
    expect(sum((await legendCounts(desktop.page)).levels)).toBe(3);
    await expect.poll(() => desktop.page.getByTestId('no-figures').textContent()).toBe('Không có số liệu tuần này');
    await desktop.page.waitForTimeout(500);
    await desktop.page.screenshot({ path: `${SHOTS}levels-partial-week13-desktop.png` });
    expect(desktop.responses.filter((r) => r.status === 404)).toEqual([]);
    expect(desktop.errors).toEqual([]);
    await desktop.page.close();
  });

  it('warns on the dashboard that hot spots of 2022-W13 are not computed, and gives no ward a hot or cold bin', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.8&z=11`, DESKTOP);
    await signInThroughUi(page, 'city@hanoi.gov.vn', PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-analysis').click();
    const dashboard = page.getByTestId('dashboard');
    await dashboard.getByTestId('dashboard-week').selectOption('2022-W13');
    await expect.poll(() => dashboard.getByTestId('dashboard-shown-week').textContent()).toBe('2022-W13');
    await expect
      .poll(() => dashboard.getByTestId('figures-warning').textContent())
      .toBe('Chỉ 3/126 phường có số liệu tuần 2022-W13 (dưới 80 %): chưa tính điểm nóng.');
    const bins = await dashboard
      .getByTestId('ward-bin')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-bin')));
    expect(bins).toHaveLength(126);
    expect(new Set(bins)).toEqual(new Set(['none']));
    // on the map too: no ward drawn hot or cold
    const states = await page.evaluate(() => {
      const map = window.__safemap!.map;
      return map
        .querySourceFeatures('wards', { sourceLayer: 'wards' })
        .map((f) => map.getFeatureState({ source: 'wards', sourceLayer: 'wards', id: f.id }));
    });
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => s.noBin === true)).toBe(true);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}dashboard-incomplete-desktop.png` });

    // the week before has every ward's figures: the statistic is computed, no warning
    await dashboard.getByTestId('dashboard-week').selectOption('2022-W12');
    await expect.poll(() => dashboard.getByTestId('dashboard-shown-week').textContent()).toBe('2022-W12');
    await expect.poll(() => dashboard.getByTestId('figures-warning').count()).toBe(0);
    const w12 = await dashboard
      .getByTestId('ward-bin')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-bin')));
    expect(w12.filter((b) => b === 'none')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows no index and no class in the questionnaire until every criterion is answered', async () => {
    const owner = new Client(app);
    expect((await owner.login('cafe@caugiay.vn', PASSWORD)).status).toBe(200);
    const created = await owner.send('POST', '/api/premises', {
      name: 'Cà phê Cầu Giấy',
      taxCode: '0101234567',
      sector: 'restaurant',
      address: '1 Phố Trần Thái Tông, Cầu Giấy',
      lon: 105.79,
      lat: 21.03,
      workers: 6,
      floorAreaM2: 60,
    });
    expect(created.status, await created.clone().text()).toBe(201);

    const { page, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.79&z=15`, PHONE);
    await signInThroughUi(page, 'cafe@caugiay.vn', PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-premises').click();
    await page.getByTestId('premises-item').getByTestId('assess').click();
    const form = page.getByTestId('assessment-form');
    await form.waitFor();
    const live = form.getByTestId('live-score');
    expect(await live.getByTestId('criteria-left').textContent()).toBe('còn 15 tiêu chí');
    expect(await live.getByTestId('class-badge').count()).toBe(0);

    const click = (criteria: typeof QUESTIONNAIRE_2194.criteria) =>
      page.evaluate(
        (picks) => {
          for (const [criterion, option] of picks)
            (document.querySelector(`input[name="${criterion}"][value="${option}"]`) as HTMLInputElement).click();
        },
        criteria.map((c) => [c.id, c.options[c.options.length - 1].id]),
      );
    const [last, ...first] = [...QUESTIONNAIRE_2194.criteria].reverse();
    await click(first);
    await expect.poll(() => live.getByTestId('criteria-left').textContent()).toBe('còn 1 tiêu chí');
    expect(await live.getByTestId('class-badge').count()).toBe(0);
    expect(await live.getAttribute('data-class')).toBeNull();
    expect(await live.getAttribute('data-index')).toBeNull();
    const soFar = first.reduce((n, c) => n + c.options[c.options.length - 1].points, 0);
    expect(await live.textContent()).toContain(`Điểm tạm tính: ${soFar}`);
    await page.screenshot({ path: `${SHOTS}assessment-14-of-15-phone.png` });

    await click([last]);
    await live.getByTestId('class-badge').waitFor();
    const all = Object.fromEntries(QUESTIONNAIRE_2194.criteria.map((c) => [c.id, c.options[c.options.length - 1].id]));
    expect(await live.getAttribute('data-class')).toBe(scoreAnswers(QUESTIONNAIRE_2194, all).riskClass);
    expect(await live.getByTestId('criteria-left').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}assessment-15-of-15-phone.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('when the district reports again three weeks later, the others are drawn stale, never as no data', async () => {
    await importDistrictWeek('2022-W15');
    const { page, errors, responses } = await openMap(
      browser,
      `${origin}/?lat=21.03&lon=105.82&z=12&ward=00070`,
      DESKTOP,
    );
    await page.getByTestId('demo-banner').waitFor();
    await expect
      .poll(() => page.getByTestId('level-week').textContent())
      .toMatch(/^Cấp \d · tuần 2022-W12 · số liệu cũ$/);
    await expect.poll(async () => (await legendCounts(page)).stale).toEqual([123]);
    const counts = await legendCounts(page);
    expect(sum(counts.levels)).toBe(126);
    expect(counts.noFigures).toEqual([]);
    const stale = await page.evaluate(() => {
      const map = window.__safemap!.map;
      const codes = new Set<string>();
      for (const f of map.querySourceFeatures('wards', { sourceLayer: 'wards' }))
        if (map.getFeatureState({ source: 'wards', sourceLayer: 'wards', id: f.id }).stale) codes.add(String(f.id));
      return [...codes];
    });
    expect(stale).toContain('00070');
    expect(stale).toHaveLength(new Set(stale).size);
    expect(wards.filter((w) => stale.includes(w.code))).toEqual([]);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}levels-partial-stale-desktop.png` });
    expect(responses.filter((r) => r.status === 404)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
