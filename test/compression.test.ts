import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { MIN_COMPRESS_BYTES, negotiateEncoding } from '../api/compress.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { tileOf } from '../tiles/tile-math.js';
import { decodeTile } from './decode-tile.js';
import { HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const PASSWORD = 'compression password 1';

describe('Accept-Encoding negotiation', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0.8, br;q=0.8', 'br'],
    ['br;q=0, gzip;q=0', undefined],
    ['x-gzip', 'gzip'],
    ['*', 'br'],
    ['gzip;q=0, *;q=0.5', 'br'],
    ['identity', undefined],
    ['', undefined],
  ])('%j → %s', (field, expected) => {
    expect(negotiateEncoding(field)).toBe(expected);
  });
});

/** The body as the client reads it, decoded as its Content-Encoding says. */
async function decoded(res: Response) {
  const bytes = Buffer.from(await res.arrayBuffer());
  const encoding = res.headers.get('content-encoding');
  return {
    encoding,
    sent: bytes.length,
    text: (encoding === 'br'
      ? brotliDecompressSync(bytes)
      : encoding === 'gzip'
        ? gunzipSync(bytes)
        : bytes
    ).toString(),
  };
}

describe.skipIf(!HANOI_DATA_DIR)('compressed answers', () => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  let official: Client;
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

  beforeAll(async () => {
    db = await openTestDb('postgres');
    await importHanoi(db, HANOI_DATA_DIR as string);
    await loadDemoLevels(db);
    await seedAccount(db, 'city@compress.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    official = new Client(app);
    expect((await official.login('city@compress.vn', PASSWORD)).status).toBe(200);
  }, 600_000);
  afterAll(async () => {
    await db?.dispose();
  });

  it.each(['/api/levels', '/api/levels.geojson', '/api/wards.geojson', '/api/wards'])(
    '%s: brotli or gzip as accepted, the same content as plain, Vary: Accept-Encoding',
    async (path) => {
      const asIs = await get(path);
      // sent as it is, but a cache must still tell it from the encoded answers
      expect(asIs.headers.get('vary')).toMatch(/accept-encoding/i);
      const plain = await decoded(asIs);
      expect(plain.encoding).toBeNull();
      const sizes = [`plain ${plain.sent}`];
      for (const accept of ['gzip', 'br', 'gzip, deflate, br']) {
        const res = await get(path, { 'Accept-Encoding': accept });
        expect(res.status).toBe(200);
        expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
        const body = await decoded(res);
        expect(body.encoding).toBe(accept === 'gzip' ? 'gzip' : 'br');
        expect(JSON.parse(body.text)).toEqual(JSON.parse(plain.text));
        expect(body.sent).toBeLessThan(plain.sent / 3);
        sizes.push(`${accept} ${body.sent}`);
      }
      console.log(`[compression] ${path}: ${sizes.join(', ')} bytes`);
    },
  );

  it('compresses CSV downloads, keeping their file name', async () => {
    const res = await official.send('GET', '/api/indicators/template.csv', undefined, { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=/);
    const body = await decoded(res);
    expect(body.encoding).toBe('gzip');
    expect(body.text.split('\r\n').length).toBeGreaterThan(126);
  });

  it(`leaves answers under ${MIN_COMPRESS_BYTES} bytes and tiles (already gzip) as they are`, async () => {
    const health = await get('/api/health', { 'Accept-Encoding': 'br, gzip' });
    expect(health.headers.get('content-encoding')).toBeNull();
    expect((await health.arrayBuffer()).byteLength).toBeLessThan(MIN_COMPRESS_BYTES);
    const missing = await get('/api/units/99999/levels/2022-W05', { 'Accept-Encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-encoding')).toBeNull();
    expect((await missing.json()).status).toBe(404);
    const [z, x, y] = tileOf(105.8524, 21.0287, 12);
    const tile = await get(`/tiles/wards/${z}/${x}/${y}.mvt`, { 'Accept-Encoding': 'br, gzip' });
    expect(tile.headers.get('content-encoding')).toBe('gzip');
    expect(decodeTile(gunzipSync(Buffer.from(await tile.arrayBuffer()))).wards.length).toBeGreaterThan(0);
  });

  it('gives versioned answers a weak ETag, the same for every encoding, and 304 while the data holds', async () => {
    for (const path of ['/api/levels', '/api/levels.geojson', '/api/wards.geojson']) {
      const [plain, br] = [await get(path), await get(path, { 'Accept-Encoding': 'br' })];
      const etag = plain.headers.get('etag');
      expect(etag, path).toMatch(/^W\/"/);
      expect(br.headers.get('etag')).toBe(etag);
      const again = await get(path, { 'Accept-Encoding': 'br', 'If-None-Match': etag as string });
      expect(again.status, path).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
    }
    // a write of levels moves the version: the old ETag no longer matches
    const before = (await get('/api/levels')).headers.get('etag') as string;
    await db.query(`UPDATE layer_versions SET version = version + 1 WHERE layer = 'wards'`);
    const after = await get('/api/levels', { 'If-None-Match': before });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('answers HEAD with the headers a GET would have and no body', async () => {
    const res = await app.request('/api/levels.geojson', { method: 'HEAD', headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('streams the exports a batch at a time: more than one chunk, a valid FeatureCollection end to end', async () => {
    const res = await get('/api/levels.geojson');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      text += Buffer.from(r.value).toString();
    }
    const fc = JSON.parse(text);
    expect(fc.features).toHaveLength(126);
    expect(chunks).toBeGreaterThan(1);
    expect(fc).toMatchObject({ type: 'FeatureCollection', demo: true, ruleSet: { id: expect.any(String) } });
  });

  it('ends an export unfinished when the data changes under it, rather than mixing two versions', async () => {
    // a copy of every ward under another code: three batches, so one is still to be read after the write
    await db.query(
      `INSERT INTO admin_units (level, code, province_code, parent_code, name_vi, name_en, full_name_vi, full_name_en,
         search_name, population, geom, geom_3857, valid_from)
       SELECT level, '9' || right(code, 4), province_code, parent_code, name_vi, name_en, full_name_vi, full_name_en,
         search_name, population, geom, geom_3857, valid_from FROM admin_units WHERE level = 'ward'`,
    );
    const res = await get('/api/wards.geojson');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    await db.query(`UPDATE layer_versions SET version = version + 1 WHERE layer = 'boundaries'`);
    await expect(
      (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read());
      })(),
    ).rejects.toThrow(/boundaries changed/);
  });
});
