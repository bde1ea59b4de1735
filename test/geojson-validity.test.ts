import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { ENGINES, HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const OGRINFO = '/usr/bin/ogrinfo';
const PASSWORD = 'geojson password 1';

/** Every GeoJSON export, and who may fetch it. */
const EXPORTS = [
  { path: '/api/wards.geojson', who: 'anonymous' },
  { path: '/api/levels.geojson', who: 'anonymous' },
  { path: '/api/resources?bbox=105.28,20.56,106.03,21.39&limit=5000', who: 'anonymous' },
  { path: '/api/analysis/hotspots.geojson', who: 'admin' },
] as const;

/** GDAL's own count of features and of invalid geometries in a GeoJSON file (SQLite dialect, GEOS). */
function gdalValidity(file: string, layer: string) {
  const out = execFileSync(
    OGRINFO,
    [
      file,
      '-q',
      '-dialect',
      'sqlite',
      '-sql',
      `SELECT count(*) AS n, sum(ST_IsValid(geometry) = 0) AS invalid FROM "${layer}"`,
    ],
    { encoding: 'utf8' },
  );
  const read = (name: string) => Number(new RegExp(`${name} \\(Integer\\) = (\\d+)`).exec(out)?.[1] ?? Number.NaN);
  return { features: read('n'), invalid: read('invalid') };
}

/** Twice the signed area of a ring (shoelace): positive when counter-clockwise. */
const signedArea = (ring: number[][]) =>
  ring.reduce((sum, [x, y], i) => {
    const [nx, ny] = ring[(i + 1) % ring.length];
    return sum + (x * ny - nx * y);
  }, 0);

/** Polygons of a geometry, as lists of rings. */
function polygonsOf(geometry: { type: string; coordinates: unknown }): number[][][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates as number[][][]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as number[][][][];
  return [];
}

/**
 * RFC 7946 exactly: every export GDAL reads has 0 invalid geometries after the export's own
 * rounding, outer rings counter-clockwise and holes clockwise, and feature ids strings.
 */
describe.skipIf(!HANOI_DATA_DIR || !existsSync(OGRINFO)).each(ENGINES)('GeoJSON exports on %s', (engine) => {
  let db: TestDb;
  let dir: string;
  const clients = {} as Record<'anonymous' | 'admin', Client>;

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, HANOI_DATA_DIR as string);
    await loadDemoLevels(db);
    await loadDemoResources(db, HANOI_DATA_DIR);
    await seedAccount(db, 'admin@geojson.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    const app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    clients.anonymous = new Client(app);
    clients.admin = new Client(app);
    expect((await clients.admin.login('admin@geojson.vn', PASSWORD)).status).toBe(200);
    dir = mkdtempSync(join(tmpdir(), 'safemap-geojson-'));
  }, 600_000);
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await db?.dispose();
  });

  it.each(EXPORTS)(
    '$path: GDAL finds 0 invalid geometries; rings wound per RFC 7946; string ids',
    async ({ path, who }) => {
      let res = await clients[who].send('GET', path);
      // the embedded engine sheds load on a busy machine: wait as told and ask again
      for (let i = 0; i < 5 && res.status === 503; i++) {
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
        res = await clients[who].send('GET', path);
      }
      expect(res.status, await res.clone().text()).toBe(200);
      const text = await res.text();
      const fc = JSON.parse(text);
      expect(fc.features.length).toBeGreaterThan(0);
      const layer = `export-${path.replace(/\W+/g, '-')}`;
      const file = join(dir, `${layer}.geojson`);
      writeFileSync(file, text);
      const gdal = gdalValidity(file, layer);
      console.log(`[geojson] ${engine} ${path}: ${gdal.features} features, ${gdal.invalid} invalid (GDAL)`);
      expect(gdal.features).toBe(fc.features.length);
      expect(gdal.invalid).toBe(0);

      const wrongWinding: string[] = [];
      for (const f of fc.features) {
        if ('id' in f) expect(typeof f.id).toBe('string');
        for (const [outer, ...holes] of polygonsOf(f.geometry)) {
          if (signedArea(outer) <= 0 || holes.some((h) => signedArea(h) >= 0)) wrongWinding.push(String(f.id));
        }
      }
      expect(wrongWinding).toEqual([]);
    },
  );
});
