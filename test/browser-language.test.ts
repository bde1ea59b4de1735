import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { describeSchedule } from '../domain/opening-hours/describe.js';
import { ACCOUNT_STRINGS } from '../web/i18n/account-strings.js';
import { ANALYSIS_STRINGS } from '../web/i18n/analysis-strings.js';
import { BUSINESS_STRINGS } from '../web/i18n/business-strings.js';
import { LEVEL_STRINGS } from '../web/i18n/level-strings.js';
import { RESOURCE_STRINGS } from '../web/i18n/resource-strings.js';
import { SEARCH_STRINGS } from '../web/i18n/search-strings.js';
import { MAP_LOCALE, STRINGS } from '../web/i18n/strings.js';
import { openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { HANOI_DATA_DIR, type TestDb } from './engines.js';
import { seedAccount } from './http-client.js';

const PHONE = { width: 390, height: 844 };
const HERE = { longitude: 105.8522, latitude: 21.0287 };
const PASSWORD = 'language password 1';
type Lang = 'vi' | 'en';

/** Every string a dictionary can produce: plain values, and functions called with sample arguments. */
function texts(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'function') {
    try {
      out.push(String(value(3, 'x', 'x', 'x')));
    } catch {}
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) texts(v, out);
  return out;
}

const DICTIONARIES = [
  STRINGS,
  RESOURCE_STRINGS,
  LEVEL_STRINGS,
  BUSINESS_STRINGS,
  ANALYSIS_STRINGS,
  ACCOUNT_STRINGS,
  SEARCH_STRINGS,
  MAP_LOCALE,
] as Record<Lang, unknown>[];
const WORD = /[\p{L}]{3,}/gu;
const wordsOf = (list: string[]) => new Set(list.flatMap((s) => s.match(WORD) ?? []).map((w) => w.toLowerCase()));
/** Letters only Vietnamese writes (marks, đ): a word with one is Vietnamese. */
const VIETNAMESE_LETTER = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

describe.skipIf(BROWSER_SUITE_SKIPPED)('one language at a time in every view', () => {
  let db: TestDb;
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;
  /** words the other language's dictionary has and this one's does not, nor the data's names */
  const foreign: Record<Lang, Set<string>> = { vi: new Set(), en: new Set() };

  beforeAll(async () => {
    ({ db, origin, browser, close } = await startBrowserSuite(async (db) => {
      await loadDemoLevels(db);
      await loadDemoResources(db, HANOI_DATA_DIR);
      await seedAccount(db, 'officer@hanoi.gov.vn', 'district_officer', { level: 'district', code: '001' }, PASSWORD);
    }));
    const vi = DICTIONARIES.flatMap((d) => texts(d.vi));
    const en = DICTIONARIES.flatMap((d) => texts(d.en));
    // the opening-hours words, which live in domain/
    const week = {
      alwaysOpen: false,
      today: { date: '2022-02-08', weekday: 2, holiday: true, intervals: [] },
      week: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        intervals: [{ from: '22:00', to: '06:00', nextDay: true }],
      })),
      publicHolidays: [],
      comment: null,
    };
    for (const lang of ['vi', 'en'] as const) {
      const d = describeSchedule(week, lang);
      (lang === 'vi' ? vi : en).push(d.today, d.holidays ?? '', ...d.week.flatMap((w) => [w.days, w.hours]));
      (lang === 'vi' ? vi : en).push(describeSchedule({ ...week, alwaysOpen: true }, lang).today);
    }
    // names in the data (wards, places, streets, businesses) are Vietnamese proper names in both languages
    const names = await db.query<{ t: string }>(
      `SELECT full_name_vi || ' ' || full_name_en || ' ' || name_en AS t FROM admin_units
       UNION ALL SELECT name || ' ' || address FROM resources`,
    );
    const data = wordsOf(names.map((n) => n.t));
    const viWords = wordsOf(vi);
    const enWords = wordsOf(en);
    for (const w of enWords) if (!viWords.has(w) && !data.has(w) && !VIETNAMESE_LETTER.test(w)) foreign.vi.add(w);
    for (const w of viWords) if (!enWords.has(w) && !data.has(w) && VIETNAMESE_LETTER.test(w)) foreign.en.add(w);
    expect(foreign.vi.size).toBeGreaterThan(100);
    expect(foreign.en.size).toBeGreaterThan(100);
  }, 600_000);
  afterAll(() => close?.());

  /** Every visible text node and every aria-label, title, placeholder and alt of the page. */
  const pageTexts = (page: Page) =>
    page.evaluate(() => {
      const out: string[] = [];
      // a part marked in another language (a source cited in the language it is written in) is not UI text
      const page = document.documentElement.lang;
      const elsewhere = (el: Element) => {
        const marked = el.closest('[lang]');
        return marked !== null && marked !== document.documentElement && marked.getAttribute('lang') !== page;
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (!parent || parent.closest('script, style, [hidden]') || elsewhere(parent)) continue;
        if (n.textContent?.trim()) out.push(n.textContent.trim());
      }
      for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
        for (const a of ['aria-label', 'title', 'placeholder', 'alt'])
          if (el.getAttribute(a) && !elsewhere(el)) out.push(el.getAttribute(a) as string);
      // e-mail addresses are the people's own, in no language
      return out.map((t) => t.replace(/\S+@\S+/g, ''));
    });

  const views: { name: string; url: string; geo?: boolean; reach?(page: Page): Promise<void> }[] = [
    { name: 'map', url: '/' },
    {
      name: 'ward',
      url: '/?ward=00070&lat=21.03&lon=105.85&z=14',
      reach: async (p) => {
        await p.getByTestId('explanation').waitFor();
        await p.getByTestId('explanation').locator('summary').click();
      },
    },
    {
      name: 'near-card',
      url: '/?lat=21.03&lon=105.85&z=13',
      geo: true,
      reach: async (p) => {
        await p.getByTestId('near-me').click();
        await p.getByTestId('near-list').locator('li').first().click();
        await p.getByTestId('resource-card').waitFor();
      },
    },
    {
      name: 'search',
      url: '/',
      reach: async (p) => {
        await p.locator('input[role=combobox]').fill('hoan kiem');
        await p.getByRole('option').first().waitFor();
      },
    },
    {
      name: 'dashboard',
      url: '/',
      reach: async (p) => {
        await signInThroughUi(p, 'officer@hanoi.gov.vn', PASSWORD);
        await p.getByTestId('account').click();
        await p.getByTestId('menu-analysis').click();
        await p.getByTestId('ward-table').locator('tbody tr').first().waitFor({ timeout: 30_000 });
      },
    },
  ];

  for (const lang of ['vi', 'en'] as const) {
    it(`the ${lang === 'vi' ? 'Vietnamese' : 'English'} UI has no word of the other language, and its numbers`, async () => {
      const found: Record<string, string[]> = {};
      for (const view of views) {
        const { page } = await openMap(
          browser,
          `${origin}${view.url}${lang === 'en' ? `${view.url.includes('?') ? '&' : '?'}lang=en` : ''}`,
          PHONE,
          view.geo
            ? { geolocation: { latitude: HERE.latitude, longitude: HERE.longitude }, permissions: ['geolocation'] }
            : {},
        );
        await view.reach?.(page);
        await page.waitForTimeout(300);
        const all = await pageTexts(page);
        const bad = new Set<string>();
        for (const text of all)
          for (const w of text.match(/[\p{L}]{3,}/gu) ?? [])
            if (foreign[lang].has(w.toLowerCase())) bad.add(`${w} ← “${text.slice(0, 80)}”`);
        const joined = all.join('\n');
        // numbers: a decimal comma in Vietnamese, a point in English; dates dd/MM/yyyy; 24-hour times
        // (a dot before three digits is a Vietnamese thousands separator: 100.000)
        const number = lang === 'vi' ? /.{0,30}\b\d+\.\d{1,2}\b(?!\d).{0,10}/g : /.{0,30}\b\d+,\d{1,2}\b(?!\d).{0,10}/g;
        for (const m of joined.match(number) ?? []) bad.add(`number: “${m}”`);
        for (const m of joined.match(/.{0,30}(\b\d{4}-\d{2}-\d{2}\b(?!-W)|\b(AM|PM|SA|CH)\b).{0,10}/g) ?? [])
          bad.add(`date or time: “${m}”`);
        for (const d of joined.match(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g) ?? [])
          if (!/^\d{2}\/\d{2}\/\d{4}$/.test(d)) bad.add(`date: “${d}”`);
        found[view.name] = [...bad];
        await page.screenshot({ path: `${SHOTS}language-${lang}-${view.name}.png` });
        await page.close();
      }
      console.log(`foreign words in the ${lang} UI:`, JSON.stringify(found, null, 1));
      expect(found).toEqual(Object.fromEntries(views.map((v) => [v.name, []])));
    }, 600_000);
  }
});
