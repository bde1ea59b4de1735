import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../api/app.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';
import { ACCOUNT_STRINGS } from '../web/i18n/account-strings.js';
import { ANALYSIS_STRINGS } from '../web/i18n/analysis-strings.js';
import { formatFixed } from '../web/lib/format.js';
import { emptyMapPoint, openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { HANOI_DATA_DIR } from './engines.js';
import { Client, seedAccount } from './http-client.js';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'state password 1';
const OFFICER = 'hoankiem@hanoi.gov.vn';
const ADMIN = 'admin@hanoi.gov.vn';
const SHOP = 'Phở Trạng Thái 12';
const PANELS = ['ward-panel', 'near-panel', 'resource-card', 'business-card', 'my-premises', 'official-premises'];

/** What the screen shows, as a person would describe it: which panel, its heading, what it lists. */
function shown(page: Page) {
  return page.evaluate((panels) => {
    const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? null;
    const all = (selector: string) => [...document.querySelectorAll(selector)].map((e) => e.textContent?.trim());
    return {
      panels: [...panels, 'dashboard'].filter((id) => document.querySelector(`[data-testid="${id}"]`)),
      heading: text('aside.panel h2'),
      subtitle: text('aside.panel .subtitle'),
      card: text('[data-testid="resource-card"] h3'),
      nearList: all('[data-testid="near-list"] li strong'),
      premises: all('[data-testid="official-premises-item"] b'),
      dashboardWeek: text('[data-testid="dashboard-shown-week"]'),
      tab: text('.dashboard [role="tab"][aria-selected="true"]'),
      pickedRow: text('[data-testid="ward-table"] tr.picked td'),
      rows: all('[data-testid="ward-table"] tbody tr td:first-child'),
      trend: text('.dashboard figcaption'),
      dialog: document.querySelector('[role="dialog"]')?.getAttribute('aria-label') ?? null,
      mapWeek: (document.querySelector('[data-testid="week"]') as HTMLSelectElement | null)?.value ?? null,
      lang: document.documentElement.lang,
    };
  }, PANELS);
}

/** A signed-out visitor opening a link that needs an account is asked to sign in, then sees the view. */
async function signInWhenAsked(page: Page, email: string) {
  const form = page.getByTestId('auth-form');
  await form.waitFor();
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Mật khẩu').fill(PASSWORD);
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('account').waitFor();
}

// each test is two page loads in two contexts, plus polls: on 2 busy cores that outgrows 60 s
describe.skipIf(BROWSER_SUITE_SKIPPED)('the view state in the URL, in Chromium', { timeout: 150_000 }, () => {
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ origin, browser, close, app } = await startBrowserSuite(async (db) => {
      await loadDemoLevels(db);
      await loadDemoResources(db, HANOI_DATA_DIR);
      await seedAccount(db, OFFICER, 'district_officer', { level: 'district', code: '002' }, PASSWORD);
      await seedAccount(db, ADMIN, 'city_admin', { level: 'city', code: '01' }, PASSWORD);
      await seedAccount(db, 'pho@trangthai.vn', 'business', null, PASSWORD);
    }));
    // published premises in Hoàn Kiếm, for the business card and the officials' list
    const shop = new Client(app);
    await shop.login('pho@trangthai.vn', PASSWORD);
    const res = await shop.send('POST', '/api/premises', {
      name: SHOP,
      taxCode: '0109876543',
      sector: 'restaurant',
      address: '12 Phố Tràng Thi',
      lon: 105.8492,
      lat: 21.0268,
      workers: 12,
      floorAreaM2: 80,
    });
    const { id } = await res.json();
    const answers = Object.fromEntries(QUESTIONNAIRE_2194.criteria.map((c) => [c.id, c.options[0].id]));
    const submitted = await shop.send('POST', `/api/premises/${id}/assessments`, {
      answers,
      questionnaireVersion: QUESTIONNAIRE_2194.version,
    });
    expect(submitted.status).toBe(201);
  }, 240_000);
  afterAll(() => close?.());

  /**
   * Reaches a view through the UI in one browser context, copies `location.href` into a fresh
   * context (signing in when the view needs it) and compares what both show.
   */
  async function roundTrip(
    name: string,
    reach: (page: Page) => Promise<void>,
    { account, start = '/?lat=21.0285&lon=105.8542&z=14' }: { account?: string; start?: string } = {},
  ) {
    const first = await openMap(browser, `${origin}${start}`, DESKTOP);
    if (account) await signInThroughUi(first.page, account, PASSWORD);
    await reach(first.page);
    await first.page.waitForTimeout(600);
    const seen = await shown(first.page);
    const href = first.page.url();
    await first.page.screenshot({ path: `${SHOTS}state-${name}-1440.png` });

    const fresh = await openMap(browser, href, DESKTOP);
    if (account) await signInWhenAsked(fresh.page, account);
    await expect.poll(() => shown(fresh.page), { timeout: 20_000 }).toEqual(seen);
    // the same view on a phone
    await fresh.page.setViewportSize(PHONE);
    await fresh.page.waitForTimeout(600);
    await fresh.page.screenshot({ path: `${SHOTS}state-${name}-phone.png` });
    expect(first.errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
    await first.page.close();
    await fresh.page.close();
    return { seen, href };
  }

  it('reproduces the map alone, in English, on another week', async () => {
    const { seen, href } = await roundTrip('map', async (page) => {
      await page.getByRole('button', { name: 'English' }).click();
      const weeks = await page.getByTestId('week').locator('option').allTextContents();
      expect(weeks.length).toBeGreaterThan(2);
      await page.getByRole('button', { name: 'Previous week' }).click();
    });
    expect(seen.panels).toEqual([]);
    expect(seen.lang).toBe('en');
    expect(href).toMatch(/week=\d{4}-W\d{2}/);
  });

  it('reproduces a ward', async () => {
    const { seen } = await roundTrip('ward', async (page) => {
      await page.locator('input[role=combobox]').fill('hoan kiem');
      await page.getByRole('option', { name: /^Phường Hoàn Kiếm/ }).click();
      await expect.poll(() => page.getByTestId('ward-panel').locator('h2').textContent()).toBe('Phường Hoàn Kiếm');
    });
    expect(seen.panels).toEqual(['ward-panel']);
  });

  it('reproduces the nearest list from a tapped point, filtered', async () => {
    const { seen, href } = await roundTrip('near', async (page) => {
      await page.getByTestId('near-me').click();
      await page.getByTestId('location-denied').waitFor();
      const empty = await emptyMapPoint(page, { x: 1000, y: 400 });
      await page.mouse.click(empty.x, empty.y);
      await expect.poll(() => page.getByTestId('near-list').locator('li').count()).toBe(5);
      await page.getByRole('checkbox', { name: /Chỉ nơi đang mở/ }).check();
      await page.waitForTimeout(800);
    });
    expect(seen.panels).toEqual(['near-panel']);
    expect(seen.subtitle).toBe('Tính từ điểm bạn chọn');
    expect(seen.nearList.length).toBeGreaterThan(0);
    expect(href).toMatch(/near=point&olon=[\d.]+&olat=[\d.]+.*open=1/);
  });

  it('reproduces a place’s card opened from the nearest list', async () => {
    // a nearest list from a point by Hoàn Kiếm Lake, as the test above leaves it in the URL
    let nearest = '';
    const { seen, href } = await roundTrip(
      'place',
      async (page) => {
        const first = page.getByTestId('near-list').locator('li').first();
        await first.waitFor();
        nearest = (await first.locator('strong').textContent())?.trim() ?? '';
        await first.locator('button').click();
        await page.getByTestId('resource-card').waitFor();
      },
      { start: '/?lat=21.0285&lon=105.8542&z=14&near=point&olon=105.8542&olat=21.0285' },
    );
    expect(seen.panels).toEqual(['near-panel', 'resource-card']);
    // the card takes the list's place in the panel
    expect(nearest).not.toBe('');
    expect(seen.card).toContain(nearest);
    expect(href).toMatch(/place=[0-9a-f-]{36}/);
  });

  it('reproduces a business card found by name', async () => {
    const { seen, href } = await roundTrip('business', async (page) => {
      await page.locator('input[role=combobox]').fill('pho trang thai');
      await page.getByRole('option', { name: new RegExp(SHOP) }).click();
      // the card's code arrives on demand: wait for its content, not only its frame
      await expect.poll(() => page.getByTestId('business-card').textContent()).toContain(SHOP);
    });
    expect(seen.panels).toEqual(['business-card']);
    expect(seen.heading).toBe(SHOP);
    expect(href).toMatch(/business=[0-9a-f-]{36}/);
  });

  it('reproduces an official’s premises list after sign-in', async () => {
    const { seen } = await roundTrip(
      'premises',
      async (page) => {
        await page.getByTestId('account').click();
        await page.getByTestId('menu-premises').click();
        await page.getByTestId('official-premises-item').first().waitFor();
      },
      { account: OFFICER },
    );
    expect(seen.panels).toEqual(['official-premises']);
    expect(seen.premises).toEqual([SHOP]);
  });

  it('reproduces the leaders’ dashboard with a week, a ward’s trend and a sort order after sign-in', async () => {
    const { seen, href } = await roundTrip(
      'dashboard',
      async (page) => {
        await page.getByTestId('account').click();
        await page.getByTestId('menu-analysis').click();
        const dashboard = page.getByTestId('dashboard');
        // the dashboard's code and its week list arrive after the menu opens it
        await expect.poll(() => dashboard.getByTestId('dashboard-week').locator('option').count()).toBeGreaterThan(3);
        const weeks = await dashboard.getByTestId('dashboard-week').locator('option').allTextContents();
        await dashboard.getByTestId('dashboard-week').selectOption(weeks[2]);
        await expect.poll(() => dashboard.getByTestId('dashboard-shown-week').textContent()).toBe(weeks[2]);
        await dashboard.getByTestId('sort-incidence').click();
        await dashboard.getByTestId('ward-table').locator('tbody tr').nth(1).click();
        await dashboard.getByTestId('trend-chart').locator('canvas').waitFor();
      },
      { account: OFFICER },
    );
    expect(seen.panels).toEqual(['dashboard']);
    expect(seen.dashboardWeek).toMatch(/^\d{4}-W\d{2}$/);
    expect(seen.pickedRow).toBe(seen.rows[1]);
    expect(seen.trend).toContain(seen.pickedRow);
    expect(href).toMatch(/panel=dashboard&aweek=\d{4}-W\d{2}&award=\d{5}&sort=incidence/);
  });

  it('reproduces the city admin’s account dialog after sign-in, and a signed-out visitor who declines sees the map', async () => {
    const { seen, href } = await roundTrip(
      'admin',
      async (page) => {
        await page.getByTestId('account').click();
        await page.getByRole('menuitem', { name: ACCOUNT_STRINGS.vi.admin }).click();
        await page.getByTestId('accounts').waitFor();
      },
      { account: ADMIN },
    );
    expect(seen.dialog).toBe(ACCOUNT_STRINGS.vi.admin);

    const declined = await openMap(browser, href, DESKTOP);
    await declined.page.getByTestId('auth-form').waitFor();
    await declined.page.getByRole('dialog').getByRole('button', { name: 'Đóng', exact: true }).click();
    await expect.poll(() => shown(declined.page)).toMatchObject({ panels: [], dialog: null });
    expect(declined.page.url()).not.toContain('dialog=');
    expect(declined.errors).toEqual([]);
    await declined.page.close();
  });

  it('shows only the chosen week’s figures when an earlier choice answers late', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.0285&lon=105.8542&z=13`, DESKTOP);
    await signInThroughUi(page, OFFICER, PASSWORD);
    await page.getByTestId('account').click();
    await page.getByTestId('menu-analysis').click();
    const dashboard = page.getByTestId('dashboard');
    await expect.poll(() => dashboard.getByTestId('dashboard-week').locator('option').count()).toBeGreaterThan(3);
    const weeks = await dashboard.getByTestId('dashboard-week').locator('option').allTextContents();
    const [slow, chosen, before] = [weeks[1], weeks[2], weeks[3]];
    await expect.poll(() => dashboard.getByTestId('dashboard-shown-week').textContent()).toBe(weeks[0]);

    // every analysis answer about the slow week comes 1.5 s late
    const aboutSlowWeek = (url: URL) =>
      url.pathname.startsWith('/api/analysis/') &&
      (url.searchParams.get('week') === slow || url.searchParams.get('until') === slow);
    await page.route(aboutSlowWeek, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue().catch(() => {}); // the app may have cancelled it meanwhile
    });
    await dashboard.getByTestId('dashboard-week').selectOption(slow);
    await dashboard.getByTestId('dashboard-week').selectOption(chosen);
    await expect.poll(() => dashboard.getByTestId('dashboard-shown-week').textContent()).toBe(chosen);
    await page.waitForTimeout(2500); // the slow week's answers have all arrived by now

    const get = async (path: string) => (await page.request.get(`${origin}${path}`)).json();
    const hot = await get(`/api/analysis/hotspots?week=${chosen}&fdr=false`);
    const previous = await get(`/api/analysis/hotspots?week=${before}&fdr=false`);
    const emerging = await get(`/api/analysis/emerging?until=${chosen}&weeks=8`);
    const was = new Map<string, number>(
      previous.wards.map((w: { code: string; incidence: number }) => [w.code, w.incidence]),
    );
    const category = new Map<string, string>(
      emerging.wards.map((w: { code: string; category: string }) => [w.code, w.category]),
    );
    const t = ANALYSIS_STRINGS.vi;
    const expected = Object.fromEntries(
      hot.wards.map((w: { code: string; name: string; incidence: number }) => {
        const change = w.incidence - (was.get(w.code) as number);
        return [
          w.name,
          [
            formatFixed(w.incidence, 'vi', 1),
            `${change > 0 ? '+' : ''}${formatFixed(change, 'vi', 1)}`,
            t.categories[(category.get(w.code) ?? 'none') as keyof typeof t.categories],
          ],
        ];
      }),
    );
    const cells = await dashboard
      .getByTestId('ward-table')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    const table = Object.fromEntries(cells.map((c) => [c[0], [c[2], c[3], c[5]]]));
    expect(table).toEqual(expected);
    expect(await dashboard.getByTestId('dashboard-shown-week').textContent()).toBe(chosen);
    expect(await dashboard.getByTestId('dashboard-week').inputValue()).toBe(chosen);

    // the oldest week has no earlier week: no change to show
    await page.unroute(aboutSlowWeek);
    const oldest = weeks[weeks.length - 1];
    await dashboard.getByTestId('dashboard-week').selectOption(oldest);
    await expect.poll(() => dashboard.getByTestId('dashboard-shown-week').textContent()).toBe(oldest);
    await expect
      .poll(
        async () =>
          new Set(await dashboard.locator('[data-testid="ward-table"] tbody tr td:nth-child(4)').allTextContents()),
      )
      .toEqual(new Set(['—']));
    expect(errors).toEqual([]);
    await page.close();
  });
});
