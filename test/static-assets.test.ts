import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { readConfig } from '../data/config.js';
import { openTestDb, type TestDb } from './engines.js';

const WEB_DIST = readConfig().webDist;
const BUILT = existsSync(join(WEB_DIST, 'index.html'));
if (process.env.CI && !BUILT) throw new Error('CI needs the built web app (npm run build)');

/** The built app as the server sends it: precompressed by Accept-Encoding, cached by kind of file. */
describe.skipIf(!BUILT)('the built web app over HTTP', () => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  const html = BUILT ? readFileSync(join(WEB_DIST, 'index.html'), 'utf8') : '';
  const entry = html.match(/<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/)?.[1] as string;
  const raw = (path: string) => readFileSync(join(WEB_DIST, path));
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

  beforeAll(async () => {
    db = await openTestDb('postgres');
    app = createApp(db, { webDist: WEB_DIST });
  });
  afterAll(() => db?.dispose());

  it('sends a hashed script as brotli, gzip or plain by Accept-Encoding, immutable for a year', async () => {
    expect(entry).toBeDefined();
    const br = await get(entry, { 'Accept-Encoding': 'gzip, deflate, br' });
    const gz = await get(entry, { 'Accept-Encoding': 'gzip, deflate, br;q=0' });
    const plain = await get(entry);
    for (const res of [br, gz, plain]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
      expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('Vary')).toMatch(/Accept-Encoding/);
    }
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    const file = raw(entry);
    const brBytes = Buffer.from(await br.arrayBuffer());
    const gzBytes = Buffer.from(await gz.arrayBuffer());
    expect(brotliDecompressSync(brBytes).equals(file)).toBe(true);
    expect(gunzipSync(gzBytes).equals(file)).toBe(true);
    expect(Buffer.from(await plain.arrayBuffer()).equals(file)).toBe(true);
    // compressed, and brotli smaller than gzip
    expect(brBytes.length).toBeLessThan(gzBytes.length);
    expect(gzBytes.length).toBeLessThan(file.length / 2);
    // each encoding is its own representation
    expect(new Set([br, gz, plain].map((r) => r.headers.get('ETag'))).size).toBe(3);
  });

  it('revalidates index.html (no-cache + ETag → 304), and serves it for a page path', async () => {
    const first = await get('/', { 'Accept-Encoding': 'br' });
    expect(first.status).toBe(200);
    expect(first.headers.get('Cache-Control')).toBe('no-cache');
    expect(first.headers.get('Content-Type')).toMatch(/^text\/html/);
    const etag = first.headers.get('ETag') as string;
    expect(etag).toMatch(/^"/);
    const again = await get('/', { 'Accept-Encoding': 'br', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('Cache-Control')).toBe('no-cache');
    expect(await again.text()).toBe('');
    // a link into the app is a navigation: the same page
    const page = await get('/?panel=near&near=you', { Accept: 'text/html' });
    expect(await page.text()).toBe(html);
    const deep = await get('/ward/01234', { Accept: 'text/html', 'Accept-Encoding': 'gzip' });
    expect(deep.headers.get('Cache-Control')).toBe('no-cache');
    expect(deep.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await deep.arrayBuffer())).toString()).toBe(html);
  });

  it('revalidates the service worker and the manifest; names the app in Vietnamese', async () => {
    const sw = await get('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('Cache-Control')).toBe('no-cache');
    expect(sw.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    const manifest = await get('/manifest.webmanifest');
    expect(manifest.headers.get('Content-Type')).toBe('application/manifest+json');
    expect(manifest.headers.get('Cache-Control')).toBe('no-cache');
    const body = await manifest.json();
    expect(body.name).toBe('Bản đồ an toàn COVID-19 Hà Nội');
    for (const icon of body.icons) {
      const res = await get(icon.src);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get('Content-Type')).toBe(icon.type);
    }
  });

  it('answers 404 for a missing asset and leaves the API its own 404', async () => {
    const asset = await get('/assets/nothing-123.js', { Accept: 'text/html' });
    expect(asset.status).toBe(404);
    const api = await get('/api/nothing', { Accept: 'text/html' });
    expect(api.status).toBe(404);
    expect(api.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
  });
});
