import { gunzipSync } from 'node:zlib';
import { area, difference, featureCollection, intersect, polygon, union } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { listen } from '../api/listen.js';
import type { Queryable } from '../data/db.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { buildGeneralisedBoundaries } from '../data/generalised-boundaries.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';
import { LAYERS, UNITS_AT_ZOOM } from '../tiles/layers.js';
import { mvtSql } from '../tiles/sql.js';
import { tileOf } from '../tiles/tile-math.js';
import { decodeTile } from './decode-tile.js';
import { HANOI_DATA_DIR, openTestDb, pointInWard, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const PASSWORD = 'tiles password 1';

/** Copies a table's rows from one engine to the other, ids included (generated columns are recomputed). */
async function copyTable(from: Queryable, to: Queryable, table: string) {
  const columns = (
    await from.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    )
  ).map((c) => `"${c.column_name}"`);
  const rows = await from.query<{ rows: unknown }>(
    `SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]') AS rows FROM (SELECT ${columns.join(', ')} FROM ${table}) t`,
  );
  await to.query(
    `INSERT INTO ${table} (${columns.join(', ')}) OVERRIDING SYSTEM VALUE
     SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(null::${table}, $1::jsonb)`,
    [JSON.stringify(rows[0].rows)],
  );
}

/** Features of a tile as (id, properties), sorted: what must agree between engines. */
const signature = (bytes: Uint8Array | null) =>
  bytes
    ? Object.fromEntries(
        Object.entries(decodeTile(bytes)).map(([layer, features]) => [
          layer,
          features.map((f) => JSON.stringify([f.id, f.properties])).sort(),
        ]),
      )
    : null;

describe.skipIf(!HANOI_DATA_DIR)('vector tiles', () => {
  let pg: TestDb;
  let lite: TestDb;
  let app: ReturnType<typeof createApp>;
  let liteApp: ReturnType<typeof createApp>;
  let admin: Client;
  const centre = { lon: 105.8524, lat: 21.0287 };

  beforeAll(async () => {
    [pg, lite] = await Promise.all([openTestDb('postgres'), openTestDb('pglite')]);
    await Promise.all([importHanoi(pg, HANOI_DATA_DIR as string), importHanoi(lite, HANOI_DATA_DIR as string)]);
    // the same rows on both engines, ids included: made once on PostgreSQL, copied across
    await loadDemoLevels(pg);
    await loadDemoResources(pg, HANOI_DATA_DIR);
    const owner = await seedAccount(pg, 'shop@tiles.vn', 'business', null, PASSWORD);
    const [lon, lat] = await pointInWard(pg, '00070');
    await pg.query(
      `INSERT INTO premises (owner_id, name, search_name, tax_code, sector, address, ward_code, workers, floor_area_m2, geom)
       SELECT $1, 'Cửa hàng ' || i, 'cua hang ' || i, '0101234567', 'shop_market', 'Phố Huế', '00070', 5, 50,
         ST_SetSRID(ST_MakePoint($2 + i * 0.0003, $3), 4326) FROM generate_series(1, 20) i`,
      [owner.id, lon, lat],
    );
    await pg.query(
      `INSERT INTO assessments (premises_id, questionnaire_id, questionnaire_version, answers, points, risk_index,
         risk_class, submitted_at, valid_until, certificate_code)
       SELECT id, '2194', $1, '{}', 30, 10, 'very_low', now(), now() + interval '90 days', 'HN-' || left(md5(id::text), 11)
       FROM premises`,
      [QUESTIONNAIRE_2194.version],
    );
    for (const table of ['indicators', 'levels', 'resources', 'accounts', 'premises', 'assessments']) {
      await copyTable(pg, lite, table);
    }
    await seedAccount(pg, 'admin@tiles.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    app = createApp(pg, { passwordParams: TEST_PASSWORD_PARAMS });
    liteApp = createApp(lite, { passwordParams: TEST_PASSWORD_PARAMS });
    admin = new Client(app);
    await admin.login('admin@tiles.vn', PASSWORD);
  });
  afterAll(async () => {
    await Promise.all([pg?.dispose(), lite?.dispose()]);
  });

  const get = (a: typeof app, path: string, headers: Record<string, string> = {}) => a.request(path, { headers });
  const bytes = async (res: Response) => (res.status === 200 ? new Uint8Array(await res.arrayBuffer()) : null);

  it('serves every layer from both engines with the same features, ids and properties', async () => {
    const addresses: [string, number, number, number][] = [];
    for (const layer of Object.values(LAYERS)) {
      for (const z of [10, 12, 14, 16]) {
        if (z < layer.minzoom || z > layer.maxzoom) continue;
        const [, x, y] = tileOf(centre.lon, centre.lat, z);
        addresses.push([layer.id, z, x, y], [layer.id, z, x + 1, y]);
      }
    }
    let compared = 0;
    for (const [layer, z, x, y] of addresses) {
      const path = `/tiles/${layer}/${z}/${x}/${y}.mvt`;
      const [a, b] = await Promise.all([get(app, path), get(liteApp, path)]);
      expect([a.status, b.status], path).toEqual([a.status, a.status]);
      const [sa, sb] = [signature(await bytes(a)), signature(await bytes(b))];
      expect(sb, path).toEqual(sa);
      if (sa) compared += Object.values(sa).flat().length;
    }
    // the sample is not empty: every layer but groups (none imported) has features here
    expect(compared).toBeGreaterThan(500);
    for (const layer of ['city', 'districts', 'wards', 'resources', 'businesses']) {
      const [z, x, y] = tileOf(centre.lon, centre.lat, 14);
      expect(
        signature(await bytes(await get(app, `/tiles/${layer}/${z}/${x}/${y}.mvt`)))?.[layer]?.length,
        layer,
      ).toBeGreaterThan(0);
    }
  });

  it('thins dense businesses below z15, each kept point counting those it stands for', async () => {
    const [lon, lat] = await pointInWard(pg, '00070');
    const at = async (a: typeof app, z: number) => {
      const features: { id?: number; properties: Record<string, unknown> }[] = [];
      // the 20 premises run 6 km east from the point: every tile along the row
      const [, x0, y] = tileOf(lon, lat, z);
      const [, x1] = tileOf(lon + 0.006, lat, z);
      for (let x = x0; x <= x1; x++) {
        const b = await bytes(await get(a, `/tiles/businesses/${z}/${x}/${y}.mvt`));
        if (b) features.push(...(decodeTile(b).businesses ?? []));
      }
      return [...new Map(features.map((f) => [f.id, f])).values()];
    };
    for (const a of [app, liteApp]) {
      const z12 = await at(a, 12);
      expect(z12.length).toBeLessThan(20);
      expect(z12.reduce((n, f) => n + (f.properties.count as number), 0)).toBe(20);
      const z16 = await at(a, 16);
      expect(z16).toHaveLength(20);
      expect(z16.every((f) => f.properties.count === 1)).toBe(true);
    }
  });

  it('answers 304 to a matching ETag and gzip that unzips to the raw tile', async () => {
    const [z, x, y] = tileOf(centre.lon, centre.lat, 12);
    const path = `/tiles/wards/${z}/${x}/${y}.mvt`;
    const raw = await get(app, path);
    expect(raw.headers.get('content-encoding')).toBeNull();
    const gz = await get(app, path, { 'Accept-Encoding': 'gzip, br' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('Accept-Encoding');
    expect(gz.headers.get('cache-control')).toBe(`public, max-age=${LAYERS.wards.maxAgeS}`);
    // app.request hands back the body as sent: the gzip bytes themselves
    const unzipped = new Uint8Array(gunzipSync(new Uint8Array(await gz.arrayBuffer())));
    expect(Buffer.from(unzipped).equals(Buffer.from(await raw.arrayBuffer()))).toBe(true);
    const etag = gz.headers.get('etag') as string;
    expect(etag).toMatch(/^"wards-[\d.]+-12-\d+-\d+-gz"$/);
    const again = await get(app, path, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // the city outline changes rarely: browsers and CDNs may keep it longer
    const city = await get(app, `/tiles/city/${z}/${x}/${y}.mvt`);
    expect(city.headers.get('cache-control')).toBe(`public, max-age=${LAYERS.city.maxAgeS}`);
    expect(LAYERS.city.maxAgeS).toBeGreaterThan(LAYERS.wards.maxAgeS);
  });

  it('bumps only the layers a write touches: a level change rebuilds wards, resources stay cached', async () => {
    const [z, x, y] = tileOf(centre.lon, centre.lat, 14);
    const wardsPath = `/tiles/wards/${z}/${x}/${y}.mvt`;
    const resourcesPath = `/tiles/resources/${z}/${x}/${y}.mvt`;
    await get(app, wardsPath);
    await get(app, resourcesPath);
    const before = await get(app, wardsPath);
    expect(before.headers.get('x-cache')).toBe('hit');
    const versionsBefore = await (await get(app, '/tiles/versions.json')).json();

    // a ward in this tile gets figures for the latest week: its level changes
    const wards = decodeTile((await bytes(before)) as Uint8Array).wards;
    const target = wards.find((w) => w.properties.level !== 4) ?? wards[0];
    const week = target.properties.week as string;
    const res = await admin.send('PUT', `/api/units/${target.properties.code}/indicators/${week}`, {
      population: 10_000,
      newCommunityCases: 5000,
      oxygenCases: 50,
      deaths: 10,
      adultFirstDosePct: 10,
      elderlyFullPct: 10,
      fullyVaccinatedPct: 10,
      highRiskFullPct: 10,
      freeBedsPer100k: 0,
      homeCareReady: false,
      icuReady: false,
      source: 'test',
    });
    expect(res.status, await res.clone().text()).toBe(200);

    const versionsAfter = await (await get(app, '/tiles/versions.json')).json();
    expect(versionsAfter.wards).not.toBe(versionsBefore.wards);
    expect(versionsAfter.resources).toBe(versionsBefore.resources);
    const after = await get(app, wardsPath);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const changed = decodeTile((await bytes(after)) as Uint8Array).wards.find((w) => w.id === target.id);
    expect(changed?.properties.level).toBe(4);
    const resources = await get(app, resourcesPath);
    expect(resources.headers.get('x-cache')).toBe('hit');
  });

  it('answers hits over HTTP from the fast path with the same headers, 304 included, and never a stale tile after a write', async () => {
    const { server, origin } = await listen(app, 0, '127.0.0.1');
    try {
      const [z, x, y] = tileOf(centre.lon, centre.lat, 13);
      const url = `${origin}/tiles/wards/${z}/${x}/${y}.mvt`;
      const fetchTile = (headers: Record<string, string> = {}) =>
        fetch(url, { headers: { 'Accept-Encoding': 'gzip', ...headers } });
      const first = await fetchTile();
      const second = await fetchTile();
      expect(second.headers.get('x-cache')).toBe('hit');
      for (const name of ['etag', 'cache-control', 'vary', 'content-type', 'content-encoding']) {
        expect(second.headers.get(name), name).toBe(first.headers.get(name));
      }
      // fetch unzips: both bodies are the same tile
      expect(Buffer.from(await second.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
      const notModified = await fetchTile({ 'If-None-Match': first.headers.get('etag') as string });
      expect(notModified.status).toBe(304);

      // a write through this process: the very next request is rebuilt, not served from the old version
      const wards = decodeTile((await bytes(await get(app, `/tiles/wards/${z}/${x}/${y}.mvt`))) as Uint8Array).wards;
      const target = wards.find((w) => w.properties.week) ?? wards[0];
      const res = await admin.send(
        'POST',
        `/api/units/${target.properties.code}/levels/${target.properties.week}/decision`,
        { action: 'override', level: 1, reason: 'kiểm tra bộ nhớ đệm' },
      );
      expect(res.status, await res.clone().text()).toBe(200);
      const after = await fetchTile();
      expect(after.headers.get('x-cache')).toBe('miss');
      expect(after.headers.get('etag')).not.toBe(first.headers.get('etag'));
    } finally {
      server.close();
    }
  });

  it('clips each feature once, with the bytes of the shape that clipped twice (WHERE geom IS NOT NULL outside)', async () => {
    const filterClips = async (sql: string, params: unknown[]) =>
      (await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN (VERBOSE) ${sql}`, params)).some((r) =>
        /Filter: .*st_asmvtgeom/i.test(r['QUERY PLAN']),
      );
    let tiles = 0;
    let clippedAway = 0;
    for (const layer of [LAYERS.wards, LAYERS.businesses]) {
      const sql = mvtSql(layer);
      const before = `${sql} WHERE geom IS NOT NULL`;
      const [z0, x0, y0] = tileOf(centre.lon, centre.lat, 12);
      expect(await filterClips(before, [z0, x0, y0, new Date()].slice(0, layer.clockVersionSql ? 4 : 3))).toBe(true);
      expect(await filterClips(sql, [z0, x0, y0, new Date()].slice(0, layer.clockVersionSql ? 4 : 3))).toBe(false);
      for (const z of [10, 12, 14, 16]) {
        const [, cx, cy] = tileOf(centre.lon, centre.lat, z);
        for (const [x, y] of [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => [cx + dx, cy + dy]))) {
          const params = layer.clockVersionSql ? [z, x, y, new Date()] : [z, x, y];
          const [[a], [b]] = await Promise.all([
            pg.query<{ mvt: Buffer | null }>(sql, params),
            pg.query<{ mvt: Buffer | null }>(before, params),
          ]);
          expect(a.mvt ?? Buffer.alloc(0), `${layer.id}/${z}/${x}/${y}`).toEqual(b.mvt ?? Buffer.alloc(0));
          tiles++;
        }
        // the case the filter was for: wards in the buffered box whose clipped geometry is empty
        const [{ n }] = await pg.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward'
             AND geom_3857 && ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096)
             AND ST_AsMVTGeom(geom_3857, ST_TileEnvelope($1, $2, $3), 4096, 64, true) IS NULL`,
          [z, cx, cy],
        );
        clippedAway += n;
      }
    }
    expect(tiles).toBe(72);
    expect(clippedAway).toBeGreaterThan(0);
  });

  it('leaves no gaps between neighbouring wards at z10: their union covers the city outline', async () => {
    let cityArea = 0;
    let uncovered = 0;
    // every z10 tile over Hanoi
    const [, x0, y0] = tileOf(105.28, 21.39, 10);
    const [, x1, y1] = tileOf(106.03, 20.56, 10);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        for (const [engine, a] of [
          ['postgres', app],
          ['pglite', liteApp],
        ] as const) {
          const shapes = async (layer: string) => {
            const b = await bytes(await get(a, `/tiles/${layer}/10/${x}/${y}.mvt`));
            return b ? tilePolygons(b, layer) : [];
          };
          const city = await shapes('city');
          if (city.length === 0) continue;
          const wards = await shapes('wards');
          const covered = wards.length > 1 ? union(featureCollection(wards)) : wards[0];
          for (const part of city) {
            const inTile = clipToTile(part);
            if (!inTile) continue;
            const a1 = area(inTile);
            const gap = covered ? difference(featureCollection([inTile, covered])) : inTile;
            const g = gap ? area(gap) : 0;
            cityArea += a1;
            uncovered += g;
            // per tile and engine: what is uncovered is under 0.01 % of the city's area in the tile
            expect(g / a1, `${engine} 10/${x}/${y}`).toBeLessThan(1e-4);
          }
        }
      }
    }
    expect(cityArea).toBeGreaterThan(0);
    expect(uncovered / cityArea).toBeLessThan(1e-4);
  });

  it('draws the outlines up to z9 generalised (the same wards in fewer bytes) and the imported ones from z10', async () => {
    await Promise.all([buildGeneralisedBoundaries(pg), buildGeneralisedBoundaries(lite)]);
    // the layer as it was before migration 016: the imported outlines at every zoom
    const full = {
      ...LAYERS.wards,
      from: LAYERS.wards.from.replace(UNITS_AT_ZOOM, 'admin_units'),
    };
    expect(full.from).not.toBe(LAYERS.wards.from);
    const fullTile = async (z: number, x: number, y: number) =>
      (await pg.query<{ mvt: Uint8Array }>(mvtSql(full), [z, x, y]))[0].mvt;
    for (const z of [7, 8, 9]) {
      const [, x, y] = tileOf(centre.lon, centre.lat, z);
      const served = (await bytes(await get(app, `/tiles/wards/${z}/${x}/${y}.mvt`))) as Uint8Array;
      const before = await fullTile(z, x, y);
      expect(served.length, `z${z}`).toBeLessThan(before.length * 0.8);
      const ids = (b: Uint8Array) => new Set(decodeTile(b).wards.map((f) => f.id));
      const kept = ids(served);
      // a ward smaller than a pixel may go; the rest are all there, with their levels
      expect(kept.size / ids(before).size, `z${z}`).toBeGreaterThan(0.9);
      for (const id of kept) expect(ids(before).has(id)).toBe(true);
      // the embedded engine draws the same wards (an earlier test changed a level on PostgreSQL only)
      const lite = (await bytes(await get(liteApp, `/tiles/wards/${z}/${x}/${y}.mvt`))) as Uint8Array;
      expect([...ids(lite)].sort()).toEqual([...kept].sort());
    }
    const [, x, y] = tileOf(centre.lon, centre.lat, 10);
    const served = (await bytes(await get(app, `/tiles/wards/10/${x}/${y}.mvt`))) as Uint8Array;
    expect(Buffer.from(served).equals(Buffer.from(await fullTile(10, x, y)))).toBe(true);
  });
});

/** Tile coordinates (0–4096, buffer beyond) scaled into a small patch of degrees, where Turf's areas are planar enough. */
const SCALE = 1 / 409_600;

function tilePolygons(bytes: Uint8Array, layer: string) {
  const out: GeoJSON.Feature<GeoJSON.Polygon>[] = [];
  for (const { geometry } of decodeTile(bytes)[layer] ?? []) {
    // MVT rings: an exterior (positive area) followed by its holes
    let current: number[][][] | undefined;
    for (const ring of geometry) {
      const closed = ring.map(([x, y]) => [x * SCALE, -y * SCALE]);
      if (closed.length < 4) continue;
      if (signedArea(ring) > 0 || !current) {
        current = [closed];
        out.push(polygon(current));
      } else current.push(closed);
    }
  }
  return out;
}

function signedArea(ring: [number, number][]) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += (ring[j][0] - ring[i][0]) * (ring[i][1] + ring[j][1]);
  return sum;
}

/** The part of a polygon inside the tile proper (without its buffer). */
function clipToTile(p: GeoJSON.Feature<GeoJSON.Polygon>) {
  const t = 4096 * SCALE;
  const tile = polygon([
    [
      [0, 0],
      [t, 0],
      [t, -t],
      [0, -t],
      [0, 0],
    ],
  ]);
  return intersect(featureCollection([p, tile])) as GeoJSON.Feature<GeoJSON.Polygon> | null;
}
