// npx tsx scripts/screenshot.ts <url> <out.png> [width height]: a look at what a person sees.
import { launchChromium, openMap } from '../test/browser.js';

const [url = 'http://localhost:8080/', out = 'screenshot.png', w = '1440', h = '900'] = process.argv.slice(2);
const browser = await launchChromium();
try {
  const { page, hosts, errors } = await openMap(browser, url, { width: Number(w), height: Number(h) });
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(JSON.stringify({ out, hosts: [...hosts], errors }));
} finally {
  await browser.close();
}
