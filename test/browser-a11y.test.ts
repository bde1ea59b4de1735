import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import { HANOI_DATA_DIR } from './engines.js';
import { seedAccount } from './http-client.js';

const PHONE = { width: 390, height: 844 };
const PHONES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
  { width: 412, height: 915 },
];
const PASSWORD = 'a11y password 1';
// Hoàn Kiếm Lake
const HERE = { longitude: 105.8522, latitude: 21.0287 };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WARD = '00070'; // Phường Hoàn Kiếm

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** axe-core's violations of the page as it is now. */
async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Violation[] }> } })
      .axe.run;
    const { violations } = await run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** Every visible interactive element smaller than 44×44 CSS px, except inline text links (WCAG 2.5.8 "inline"). */
function smallTargets(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    const all = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])',
    );
    for (const el of all) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
      // a link inside a sentence: its size is the text's (WCAG 2.5.8 exception "inline")
      if (el.tagName === 'A' && el.closest('p, li, .maplibregl-ctrl-attrib-inner') && !el.classList.contains('button'))
        continue;
      // a checkbox or radio is hit through its label: the label is the target
      const target = (el.tagName === 'INPUT' && el.closest('label')) || el;
      const t = target.getBoundingClientRect();
      if (t.width < 44 - 0.5 || t.height < 44 - 0.5) {
        const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? '';
        out.push(`${el.tagName.toLowerCase()}.${el.className} "${name}" ${t.width.toFixed(0)}×${t.height.toFixed(0)}`);
      }
    }
    return out;
  });
}

/** Pairs of the phone chrome that overlap (demo banner, attribution, hotline, legend, near me, sheet). */
function overlaps(page: Page) {
  return page.evaluate(() => {
    const parts: Record<string, string> = {
      banner: '[data-testid="demo-banner"]',
      attribution: '.maplibregl-ctrl-attrib',
      hotline: '.hotline',
      legend: '[data-testid="legend"]',
      nearMe: '[data-testid="near-me"]',
      sheet: '.main > .panel',
      scale: '.maplibregl-ctrl-scale',
    };
    const boxes = Object.entries(parts).flatMap(([name, sel]) => {
      const el = document.querySelector(sel);
      const r = el?.getBoundingClientRect();
      return r && r.width > 0 ? [{ name, r }] : [];
    });
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          out.push(`${boxes[i].name} × ${boxes[j].name}`);
      }
    return out;
  });
}

describe.skipIf(BROWSER_SUITE_SKIPPED)(
  'accessibility of every citizen view (axe-core, tap targets, phone layout)',
  () => {
    let origin: string;
    let close: () => Promise<void>;
    let browser: Browser;

    beforeAll(async () => {
      ({ origin, browser, close } = await startBrowserSuite(async (db) => {
        await loadDemoLevels(db);
        await loadDemoResources(db, HANOI_DATA_DIR);
        await seedAccount(db, 'officer@hanoi.gov.vn', 'district_officer', { level: 'district', code: '001' }, PASSWORD);
        await seedAccount(db, 'shop@hangbong.vn', 'business', null, PASSWORD);
      }));
    }, 240_000);
    afterAll(() => close?.());

    /** Each view: how to reach it from a fresh page. */
    const views: { name: string; url: string; geo?: boolean; reach?(page: Page): Promise<void> }[] = [
      { name: 'map', url: '/' },
      { name: 'map-en', url: '/?lang=en' },
      { name: 'ward', url: `/?ward=${WARD}&lat=21.03&lon=105.85&z=14` },
      { name: 'ward-en', url: `/?ward=${WARD}&lat=21.03&lon=105.85&z=14&lang=en` },
      {
        name: 'ward-groups',
        url: `/?ward=${WARD}&lat=21.03&lon=105.85&z=15`,
        reach: (p) => p.getByTestId('ward-panel').locator('h2').waitFor(),
      },
      {
        name: 'near-list',
        url: '/?lat=21.03&lon=105.85&z=13',
        geo: true,
        reach: async (p) => {
          await p.getByTestId('near-me').click();
          await p.getByTestId('near-marker').nth(4).waitFor();
        },
      },
      {
        name: 'near-list-en',
        url: '/?lat=21.03&lon=105.85&z=13&lang=en',
        geo: true,
        reach: async (p) => {
          await p.getByTestId('near-me').click();
          await p.getByTestId('near-marker').nth(4).waitFor();
        },
      },
      {
        name: 'near-card',
        url: '/?lat=21.03&lon=105.85&z=13',
        geo: true,
        reach: async (p) => {
          await p.getByTestId('near-me').click();
          // from the list: on the smallest phone two markers 60 m apart overlap (tapping markers is test/browser-near-me.test.ts)
          await p.getByTestId('near-list').locator('li button').nth(2).click();
          await p.getByTestId('resource-card').waitFor();
        },
      },
      {
        name: 'search',
        url: '/',
        reach: async (p) => {
          await p.locator('.search input').fill('hoan kiem');
          await p.locator('.search-results [role=option]').first().waitFor();
        },
      },
      { name: 'legend-open', url: '/', reach: (p) => p.getByTestId('legend-toggle').click() },
      { name: 'sign-in', url: '/?dialog=signIn', reach: (p) => p.getByTestId('auth-form').waitFor() },
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
      {
        name: 'business',
        url: '/',
        reach: async (p) => {
          await signInThroughUi(p, 'shop@hangbong.vn', PASSWORD);
          await p.getByTestId('account').click();
          await p.getByTestId('menu-premises').click();
          await p.getByTestId('my-premises').waitFor();
        },
      },
    ];

    it('axe-core: no critical or serious violation in any view at 390×844', async () => {
      const report: Record<string, { critical: number; serious: number; moderate: number; minor: number }> = {};
      const failures: string[] = [];
      for (const view of views) {
        const { page } = await openMap(browser, `${origin}${view.url}`, PHONE, {
          bypassCSP: true,
          ...(view.geo ? { geolocation: HERE, permissions: ['geolocation'] } : {}),
        });
        await view.reach?.(page);
        await page.waitForTimeout(300);
        const found = await axe(page);
        const count = (impact: string) => found.filter((v) => v.impact === impact).length;
        report[view.name] = {
          critical: count('critical'),
          serious: count('serious'),
          moderate: count('moderate'),
          minor: count('minor'),
        };
        for (const v of found.filter((v) => v.impact === 'critical' || v.impact === 'serious'))
          failures.push(`${view.name}: ${v.impact} ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        await page.screenshot({ path: `${SHOTS}a11y-${view.name}-390.png` });
        await page.close();
      }
      console.table(report);
      if (failures.length) console.log(failures.join('\n'));
      expect(failures).toEqual([]);
    }, 600_000);

    for (const size of PHONES) {
      it(`every visible control is at least 44×44 px and the chrome does not overlap at ${size.width}×${size.height}`, async () => {
        const small: string[] = [];
        const overlapping: string[] = [];
        for (const view of views.filter((v) =>
          ['map', 'ward', 'near-list', 'near-card', 'legend-open'].includes(v.name),
        )) {
          const { page } = await openMap(browser, `${origin}${view.url}`, size, {
            ...(view.geo ? { geolocation: HERE, permissions: ['geolocation'] } : {}),
          });
          await view.reach?.(page);
          await page.waitForTimeout(300);
          small.push(...(await smallTargets(page)).map((s) => `${view.name}: ${s}`));
          if (view.name !== 'legend-open') overlapping.push(...(await overlaps(page)).map((s) => `${view.name}: ${s}`));
          await page.screenshot({ path: `${SHOTS}phone-${view.name}-${size.width}.png` });
          await page.close();
        }
        console.log(`${size.width}×${size.height}: ${small.length} small targets, ${overlapping.length} overlaps`);
        if (small.length || overlapping.length) console.log([...small, ...overlapping].join('\n'));
        expect(small).toEqual([]);
        expect(overlapping).toEqual([]);
      }, 300_000);
    }
  },
);
