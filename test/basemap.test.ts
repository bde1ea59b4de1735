import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { openBasemap } from '../tiles/basemap/archive.js';
import { findBasemap, loadBasemap } from '../tiles/basemap/load.js';
import { tileOf as tileAt } from '../tiles/tile-math.js';
import { decodeTile } from './decode-tile.js';
import { HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { buildFixtureBasemaps, hasTilemaker } from './fixtures/basemap/build.js';

const tileOf = (z: number, lon: number, lat: number) => {
  const [, x, y] = tileAt(lon, lat, z);
  return { x, y };
};

const TILEMAKER = hasTilemaker();
// CI installs tilemaker (.ci/run): there a missing one is a failure, never a skip
if (!TILEMAKER && process.env.CI)
  throw new Error('tilemaker is not installed, and CI must build the test basemap with it');

const STREETS = ['Phố Đinh Tiên Hoàng', 'Phố Hàng Khay', 'Phố Lê Thái Tổ'];
/** The z14 tile over Hoàn Kiếm Lake (the fixture's centre). */
const LAKE = tileOf(14, 105.852, 21.028);

/** The street names in a tile, whichever name field the writer used (tilemaker: name:latin). */
const streetNames = (bytes: Uint8Array) =>
  (decodeTile(bytes).transportation_name ?? []).map((f) => String(f.properties.name ?? f.properties['name:latin']));

describe.skipIf(!TILEMAKER)('basemap', () => {
  let db: TestDb;
  let files: ReturnType<typeof buildFixtureBasemaps>;

  beforeAll(async () => {
    files = buildFixtureBasemaps();
    db = await openTestDb('postgres');
  }, 120_000);
  afterAll(() => db?.dispose());

  for (const format of ['mbtiles', 'pmtiles'] as const) {
    describe(format, () => {
      let app: ReturnType<typeof createApp>;
      beforeAll(() => {
        app = createApp(db, { basemap: files[format] });
      });

      it('says a basemap is there, its schema and versioned TileJSON', async () => {
        const status = await (await app.request('/api/basemap')).json();
        expect(status).toMatchObject({ available: true, schema: 'openmaptiles', format });
        const res = await app.request(status.url);
        expect(res.status).toBe(200);
        expect(res.headers.get('Cache-Control')).toBe('no-cache');
        const json = await res.json();
        const archive = await openBasemap(files[format]);
        expect(json.tiles).toEqual([`http://localhost/tiles/basemap/{z}/{x}/{y}.mvt?v=${archive.info.version}`]);
        expect(status.url).toBe(`/tiles/basemap.json?v=${archive.info.version}`);
        expect([json.minzoom, json.maxzoom]).toEqual([0, 14]);
        // the fixture's own bounds (its <bounds> element), read from the archive
        expect(json.bounds.map((b: number) => b.toFixed(3))).toEqual(['105.840', '21.010', '105.872', '21.045']);
        expect(json.vector_layers.map((l: { id: string }) => l.id)).toEqual(
          expect.arrayContaining(['transportation', 'transportation_name', 'water', 'place']),
        );
        expect(json.attribution).toContain('© OpenStreetMap contributors');
        expect(json.attribution).toContain('Tilemaker');
        await archive.close();
      });

      it('serves tiles with the named streets, gzip when accepted, ETag and 304', async () => {
        const url = `/tiles/basemap/14/${LAKE.x}/${LAKE.y}.mvt`;
        const gz = await app.request(url, { headers: { 'Accept-Encoding': 'gzip, br' } });
        expect(gz.status).toBe(200);
        expect(gz.headers.get('Content-Type')).toBe('application/vnd.mapbox-vector-tile');
        expect(gz.headers.get('Content-Encoding')).toBe('gzip');
        expect(gz.headers.get('X-Content-Type-Options')).toBe('nosniff');
        expect(gz.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+$/);
        const names = streetNames(gunzipSync(new Uint8Array(await gz.arrayBuffer())));
        expect(names).toEqual(expect.arrayContaining(STREETS));

        const plain = await app.request(url);
        expect(plain.headers.get('Content-Encoding')).toBeNull();
        expect(streetNames(new Uint8Array(await plain.arrayBuffer())).sort()).toEqual([...names].sort());

        const etag = gz.headers.get('ETag') as string;
        expect(etag).toMatch(/^"basemap-/);
        const again = await app.request(url, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': `W/${etag}` } });
        expect(again.status).toBe(304);
        expect(await again.text()).toBe('');
      });

      it('204 where the archive has no tile, 400 for impossible z/x/y', async () => {
        const far = tileOf(14, 105.5, 21.2);
        expect((await app.request(`/tiles/basemap/14/${far.x}/${far.y}.mvt`)).status).toBe(204);
        // above the archive's maxzoom: MapLibre overzooms z14, nothing to send
        const deep = tileOf(16, 105.852, 21.028);
        expect((await app.request(`/tiles/basemap/16/${deep.x}/${deep.y}.mvt`)).status).toBe(204);
        for (const bad of ['/tiles/basemap/3/8/1.mvt', '/tiles/basemap/23/0/0.mvt', '/tiles/basemap/3/1/x.mvt']) {
          const res = await app.request(bad);
          expect(res.status, bad).toBe(400);
          expect(res.headers.get('Content-Type')).toContain('application/problem+json');
          expect((await res.json()).title).toBeTruthy();
        }
      });
    });
  }

  it('both formats serve the same features', async () => {
    const [mb, pm] = await Promise.all([openBasemap(files.mbtiles), openBasemap(files.pmtiles)]);
    for (const z of [10, 12, 14]) {
      const t = tileOf(z, 105.852, 21.028);
      const [a, b] = await Promise.all([mb.getTile(z, t.x, t.y), pm.getTile(z, t.x, t.y)]);
      const decode = (s: typeof a) => decodeTile(s?.gzip ? gunzipSync(s.data) : (s?.data ?? new Uint8Array()));
      expect(JSON.stringify(decode(b)), `z${z}`).toBe(JSON.stringify(decode(a)));
    }
    await Promise.all([mb.close(), pm.close()]);
  });

  it('the tile URL version moves when the file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safemap-basemap-v-'));
    const file = join(dir, 'copy.pmtiles');
    copyFileSync(files.pmtiles, file);
    const before = await openBasemap(file);
    utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    const after = await openBasemap(file);
    expect(after.info.version).not.toBe(before.info.version);
    await Promise.all([before.close(), after.close()]);
  });

  it('is found in <data directory>/basemap/ without SAFEMAP_BASEMAP', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'safemap-data-'));
    mkdirSync(join(dataDir, 'basemap'));
    copyFileSync(files.mbtiles, join(dataDir, 'basemap', 'hanoi.mbtiles'));
    writeFileSync(join(dataDir, 'basemap', 'README.txt'), 'not an archive');
    expect(findBasemap({ dataDir })).toBe(join(dataDir, 'basemap', 'hanoi.mbtiles'));
    expect(findBasemap({ dataDir, basemap: '/elsewhere.pmtiles' })).toBe('/elsewhere.pmtiles');
    expect(findBasemap({ dataDir: `${tmpdir()}/none` })).toBeUndefined();
  });

  it('a corrupt or missing file is refused with a message naming it, and the app runs without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safemap-corrupt-'));
    const corrupt = {
      pmtiles: join(dir, 'broken.pmtiles'),
      mbtiles: join(dir, 'broken.mbtiles'),
      // a real archive's header with its directories cut off
      truncated: join(dir, 'truncated.pmtiles'),
      missing: join(dir, 'absent.mbtiles'),
    };
    writeFileSync(corrupt.pmtiles, 'this is not a PMTiles archive at all');
    writeFileSync(corrupt.mbtiles, Buffer.alloc(4096, 7));
    writeFileSync(corrupt.truncated, readFileSync(files.pmtiles).subarray(0, 140));
    for (const file of Object.values(corrupt)) {
      const lines: string[] = [];
      expect(await loadBasemap({ basemap: file }, (l) => lines.push(l))).toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(/Basemap refused — .*The map runs without a basemap\./);
      console.log(lines[0]);
    }
    const app = createApp(db, { basemap: corrupt.pmtiles });
    expect((await app.request('/api/health')).status).toBe(200);
    expect(await (await app.request('/api/basemap')).json()).toMatchObject({ available: false });
    const tilejson = await app.request('/tiles/basemap.json');
    expect(tilejson.status).toBe(404);
    expect((await tilejson.json()).detail).toContain('No basemap');
    expect((await app.request('/tiles/basemap/14/0/0.mvt')).status).toBe(404);
    // the other layers are untouched
    expect((await app.request('/tiles/wards.json')).status).toBe(200);
  });
});

/** The named points of osm-health-pois, counted from the files themselves. */
function namedPois(dir: string): number {
  const folder = join(dir, 'osm-health-pois');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.geojson'))
    .flatMap((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')).features)
    .filter(
      (f: { properties: Record<string, string> }) =>
        f.properties.name?.trim() && (f.properties.amenity === 'pharmacy' || f.properties.healthcare),
    ).length;
}

describe.skipIf(!HANOI_DATA_DIR)('landmarks (no basemap)', () => {
  let pg: TestDb;
  let lite: TestDb;
  beforeAll(async () => {
    [pg, lite] = await Promise.all([openTestDb('postgres'), openTestDb('pglite')]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([pg?.dispose(), lite?.dispose()]);
  });

  it('the import brings the named hospitals and pharmacies; the API serves them as GeoJSON', async () => {
    await importHanoi(pg, HANOI_DATA_DIR as string);
    const app = createApp(pg, {});
    const res = await app.request('/api/landmarks');
    expect(res.status).toBe(200);
    const fc = await res.json();
    expect(fc.features).toHaveLength(namedPois(HANOI_DATA_DIR as string));
    const kinds = new Set(fc.features.map((f: { properties: { kind: string } }) => f.properties.kind));
    expect([...kinds].sort()).toEqual(['hospital', 'pharmacy']);
    const hospital = fc.features.find(
      (f: { properties: { name: string } }) => f.properties.name === 'Bệnh Viện Đa Khoa Thăng Long',
    );
    expect(hospital.geometry.coordinates[0]).toBeCloseTo(105.8384, 3);
    expect(await (await app.request('/api/basemap')).json()).toMatchObject({ available: false });
  });

  it('a database imported before landmarks existed gets them on first use (embedded engine)', async () => {
    const app = createApp(lite, { dataDir: HANOI_DATA_DIR });
    expect((await lite.query<{ n: number }>('SELECT count(*)::int AS n FROM landmarks'))[0].n).toBe(0);
    const fc = await (await app.request('/api/landmarks')).json();
    expect(fc.features).toHaveLength(namedPois(HANOI_DATA_DIR as string));
  });
});
