import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { listen } from '../api/listen.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { ifNoneMatchHits } from '../tiles/conditional.js';
import { tileOf } from '../tiles/tile-math.js';
import { HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';

describe('If-None-Match per RFC 9110 §13.1.2', () => {
  const tag = '"wards-3-12-3255-1804-gz"';
  it.each([
    [tag, true],
    [`"a", ${tag}`, true],
    [`"a",${tag} , "b"`, true],
    [`W/${tag}`, true],
    ['*', true],
    [' * ', true],
    [`"a", "b"`, false],
    ['"wards-3-12-3255-1804"', false],
    [tag.slice(0, -1), false],
    ['', false],
    ['"a,b", "c"', false],
  ])('%j matches: %s', (field, hits) => {
    expect(ifNoneMatchHits(field, tag)).toBe(hits);
  });
  it('compares weakly whichever side is weak', () => {
    expect(ifNoneMatchHits('"x"', 'W/"x"')).toBe(true);
    expect(ifNoneMatchHits('"a,b", "c"', '"a,b"')).toBe(true);
  });
});

/**
 * Tiles answer as their TileJSON says (204 outside minzoom–maxzoom), honour conditional requests
 * through the Hono route and the fast path alike, and send nosniff with every /tiles answer.
 */
describe.skipIf(!HANOI_DATA_DIR)('tiles and fonts by the standards', () => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  let server: Server;
  let origin: string;
  const [, x12, y12] = tileOf(105.8524, 21.0287, 12);
  const path = `/tiles/wards/12/${x12}/${y12}.mvt`;

  beforeAll(async () => {
    db = await openTestDb('postgres');
    await importHanoi(db, HANOI_DATA_DIR as string);
    app = createApp(db, { dataDir: HANOI_DATA_DIR });
    ({ server, origin } = await listen(app, 0, '127.0.0.1'));
  }, 300_000);
  afterAll(async () => {
    server?.close();
    await db?.dispose();
  });

  /** Through Hono (app.request) or over the socket, where a cached tile takes the fast path. */
  const ways = {
    hono: (p: string, headers: Record<string, string> = {}) => app.request(p, { headers }),
    socket: (p: string, headers: Record<string, string> = {}) => fetch(`${origin}${p}`, { headers }),
  };

  it.each(Object.keys(ways) as (keyof typeof ways)[])(
    'answers 304 to a list, to *, to a weak tag, and 200 to others (%s)',
    async (way) => {
      const get = ways[way];
      const first = await get(path, { 'Accept-Encoding': 'gzip' });
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^"wards-/);
      for (const field of [etag, `"nope", ${etag}`, `W/${etag}`, '*']) {
        const res = await get(path, { 'Accept-Encoding': 'gzip', 'If-None-Match': field });
        expect(res.status, field).toBe(304);
        expect(res.headers.get('etag')).toBe(etag);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
      for (const field of ['"nope"', '"nope", "other"', etag.replace(/-gz"$/, '"')]) {
        expect((await get(path, { 'Accept-Encoding': 'gzip', 'If-None-Match': field })).status, field).toBe(200);
      }
    },
  );

  it('answers 204 outside the zoom range its TileJSON states, by either way', async () => {
    const tilejson = await (await app.request('/tiles/wards.json')).json();
    expect(tilejson.minzoom).toBeGreaterThan(0);
    const below = tilejson.minzoom - 1;
    const above = tilejson.maxzoom + 1;
    const [, xb, yb] = tileOf(105.8524, 21.0287, below);
    const [, xa, ya] = tileOf(105.8524, 21.0287, above);
    for (const get of Object.values(ways)) {
      for (const p of [`/tiles/wards/${below}/${xb}/${yb}.mvt`, `/tiles/wards/${above}/${xa}/${ya}.mvt`]) {
        const res = await get(p);
        expect(res.status, p).toBe(204);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }
    // inside the range the same place has a feature
    expect((await ways.socket(path)).status).toBe(200);
  });

  it('sends nosniff on every /tiles answer: tiles, TileJSON, versions and problems', async () => {
    for (const p of [
      path,
      '/tiles/wards.json',
      '/tiles/versions.json',
      '/tiles/nope.json',
      '/tiles/wards/99/0/0.mvt',
    ]) {
      const res = await ways.socket(p);
      expect(res.headers.get('x-content-type-options'), `${p} ${res.status}`).toBe('nosniff');
    }
  });

  it('answers fonts conditionally by the same rule', async () => {
    const font = '/fonts/Noto%20Sans%20Regular/0-255.pbf';
    const first = await app.request(font);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"/);
    expect((await app.request(font, { headers: { 'If-None-Match': `"x", W/${etag}` } })).status).toBe(304);
    expect((await app.request(font, { headers: { 'If-None-Match': '"x"' } })).status).toBe(200);
  });
});
