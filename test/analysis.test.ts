import { distance, point } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { wardWeights } from '../data/analysis/queries.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { prepareDerived } from '../data/derived.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { EMERGING_CATEGORIES } from '../domain/analysis/emerging.js';
import { ENGINES, HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const PASSWORD = 'analysis password 1';
const BA_DINH = '001';
const WARD = '00004';

describe.skipIf(!HANOI_DATA_DIR).each(ENGINES)('leaders’ analysis on %s', (engine) => {
  let db: TestDb;
  const clients = {} as Record<'district' | 'ward' | 'admin' | 'business' | 'anonymous', Client>;

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, HANOI_DATA_DIR as string);
    await loadDemoLevels(db);
    await loadDemoResources(db, HANOI_DATA_DIR);
    const app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    await seedAccount(db, 'badinh@hanoi.gov.vn', 'district_officer', { level: 'district', code: BA_DINH }, PASSWORD);
    await seedAccount(db, 'ward@hanoi.gov.vn', 'ward_officer', { level: 'ward', code: WARD }, PASSWORD);
    await seedAccount(db, 'admin@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    await seedAccount(db, 'shop@x.vn', 'business', null, PASSWORD);
    const emails = {
      district: 'badinh@hanoi.gov.vn',
      ward: 'ward@hanoi.gov.vn',
      admin: 'admin@hanoi.gov.vn',
      business: 'shop@x.vn',
    } as const;
    clients.anonymous = new Client(app);
    for (const [who, email] of Object.entries(emails)) {
      const client = new Client(app);
      expect((await client.login(email, PASSWORD)).status).toBe(200);
      clients[who as keyof typeof emails] = client;
    }
  }, 240_000);
  afterAll(() => db?.dispose());

  const json = async (who: keyof typeof clients, path: string) => {
    const res = await clients[who].send('GET', path);
    expect(res.status, `${who} ${path}: ${await res.clone().text()}`).toBe(200);
    return res.json();
  };

  it('builds contiguity in PostGIS: symmetric, every ward has a neighbour', async () => {
    const { codes, neighbours } = await wardWeights(db);
    expect(codes).toHaveLength(126);
    neighbours.forEach((list, i) => {
      expect(list.length, codes[i]).toBeGreaterThan(0);
      for (const j of list) expect(neighbours[j]).toContain(i);
    });
    expect(neighbours.reduce((n, l) => n + l.length, 0) / 2).toBe(347);
  });

  it('computes Gi* city-wide and shows each official only their scope', async () => {
    const city = await json('admin', '/api/analysis/hotspots');
    expect(city.wards).toHaveLength(126);
    expect(city).toMatchObject({ demo: true, scope: 'Hà Nội' });
    expect(city.ruleSets.length).toBeGreaterThan(0);
    expect(city.wards.some((w: { bin: number }) => w.bin >= 2)).toBe(true);
    const district = await json('district', `/api/analysis/hotspots?week=${city.week}`);
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward' AND parent_code = $1`,
      [BA_DINH],
    );
    expect(district.wards).toHaveLength(n);
    // the same statistic as in the city's view: the scope filters, it does not change the context
    const byCode = new Map(city.wards.map((w: { code: string; z: number }) => [w.code, w.z]));
    for (const w of district.wards) expect(w.z).toBe(byCode.get(w.code));
    const ward = await json('ward', '/api/analysis/hotspots');
    expect(ward.wards.map((w: { code: string }) => w.code)).toEqual([WARD]);
    expect((await clients.ward.send('GET', '/api/analysis/hotspots?district=008')).status).toBe(200); // ignored for a ward officer
    expect((await clients.district.send('GET', '/api/analysis/hotspots?district=008')).status).toBe(403);
    expect((await clients.business.send('GET', '/api/analysis/hotspots')).status).toBe(403);
    expect((await clients.anonymous.send('GET', '/api/analysis/hotspots')).status).toBe(401);
    expect((await clients.admin.send('GET', '/api/analysis/hotspots?week=1999-W01')).status).toBe(404);
    expect((await clients.admin.send('GET', '/api/analysis/hotspots?week=soon')).status).toBe(400);
    // FDR only ever removes significance
    const fdr = await json('admin', `/api/analysis/hotspots?week=${city.week}&fdr=true`);
    fdr.wards.forEach((w: { bin: number }, i: number) => {
      expect(Math.abs(w.bin)).toBeLessThanOrEqual(Math.abs(city.wards[i].bin));
    });
  });

  it('draws a ward’s trend against its former district and the city, population-weighted', async () => {
    const trend = await json('district', `/api/analysis/trend?ward=${WARD}`);
    const rows = await db.query<{ week: string; code: string; parent: string; inc: number; pop: number }>(
      `SELECT l.week, l.unit_code AS code, u.parent_code AS parent, l.cases_per_100k AS inc, u.population::float8 AS pop
       FROM current_levels l JOIN admin_units u ON u.level = 'ward' AND u.code = l.unit_code
       WHERE l.unit_level = 'ward' AND u.population > 0`,
    );
    const weighted = (list: typeof rows) =>
      list.reduce((t, r) => t + r.inc * r.pop, 0) / list.reduce((t, r) => t + r.pop, 0);
    trend.weeks.forEach((week: string, i: number) => {
      const ofWeek = rows.filter((r) => r.week === week);
      expect(trend.series.ward[i]).toBeCloseTo(ofWeek.find((r) => r.code === WARD)?.inc as number, 9);
      expect(trend.series.district[i]).toBeCloseTo(weighted(ofWeek.filter((r) => r.parent === BA_DINH)), 6);
      expect(trend.series.city[i]).toBeCloseTo(weighted(ofWeek), 6);
    });
    expect(trend.weeks.length).toBeGreaterThan(8);
    expect((await clients.district.send('GET', '/api/analysis/trend?ward=00301')).status).toBe(403);
  });

  it('names an emerging category for each ward over the chosen weeks', async () => {
    const result = await json('admin', '/api/analysis/emerging?weeks=8');
    expect(result.weeks).toHaveLength(8);
    expect([...result.weeks].sort()).toEqual(result.weeks);
    const categories = new Set(result.wards.map((w: { category: string }) => w.category));
    for (const c of categories) expect(EMERGING_CATEGORIES).toContain(c);
    expect(categories.size).toBeGreaterThan(1);
  });

  it('never builds the grid inside a request: a quick 503 with Retry-After until the build is done', async () => {
    const started = Date.now();
    const pending = await clients.district.send('GET', '/api/analysis/coverage');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(pending.status).toBe(503);
    expect(pending.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await pending.json()).type).toBe('/api/problems/grid-not-ready');
    expect((await clients.district.send('GET', '/api/analysis/siting')).status).toBe(503);
    // the build the start (or an import) runs; the request above started it in the background, so this shares it
    await prepareDerived(db);
    expect((await clients.district.send('GET', '/api/analysis/coverage')).status).toBe(200);
  }, 240_000);

  it('places every person of the scope on the grid and measures the nearest station by KNN, as Turf does', async () => {
    const result = await json('district', '/api/analysis/coverage?type=mobile_station&maxM=500');
    const [{ people }] = await db.query<{ people: number }>(
      `SELECT sum(population)::float8 AS people FROM admin_units WHERE level = 'ward' AND parent_code = $1`,
      [BA_DINH],
    );
    expect(result.people).toBeCloseTo(people, 3);
    expect(result.beyond).toBeGreaterThan(0);
    expect(result.shareBeyond).toBeCloseTo(result.beyond / result.people, 9);
    const stations = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM resources WHERE type = 'mobile_station' AND status = 'open'`,
    );
    for (const f of result.uncovered.features.slice(0, 25)) {
      const nearest = Math.min(
        ...stations.map((s) => distance(point(f.geometry.coordinates), point([s.lon, s.lat])) * 1000),
      );
      expect(Math.abs(nearest - f.properties.distance_m)).toBeLessThan(nearest * 0.005 + 1);
      expect(f.properties.distance_m).toBeGreaterThan(500);
    }
  });

  it('sites new stations by maximal covering: never worse than greedy, better than one per ward; exports say what they are', async () => {
    const plan = await json('admin', '/api/analysis/siting?type=mobile_station&k=10&radiusM=1000');
    expect(plan.covered).toBeGreaterThanOrEqual(plan.greedyCovered);
    expect(plan.covered).toBeGreaterThanOrEqual(plan.perWard.covered);
    expect(plan.sites.reduce((n: number, s: { newlyCovered: number }) => n + s.newlyCovered, 0)).toBeCloseTo(
      plan.covered,
      3,
    );
    expect(plan.sites.length).toBeLessThanOrEqual(10);

    const hotspotsCsvResponse = await clients.district.send('GET', '/api/analysis/hotspots.csv');
    expect(hotspotsCsvResponse.headers.get('content-type')).toMatch(/^text\/csv/);
    const hotspotsCsv = await hotspotsCsvResponse.text();
    expect(hotspotsCsv.endsWith('\r\n')).toBe(true); // RFC 4180: CRLF after every record
    const [header, first] = hotspotsCsv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe('week,scope,rule_set,demo,ward_code,ward,incidence_per_100k,level,gi_z,p,bin');
    expect(first).toMatch(/^\d{4}-W\d{2},Ba Đình,\d+,true,/);
    const geo = await json('district', '/api/analysis/hotspots.geojson');
    expect(geo.metadata).toMatchObject({ scope: 'Ba Đình', demo: true });
    expect(geo.metadata.week).toMatch(/^\d{4}-W\d{2}$/);
    expect(geo.features[0].geometry.type).toMatch(/Polygon/);
    const sitingGeo = await json('admin', '/api/analysis/siting.geojson?k=5');
    expect(sitingGeo.metadata).toMatchObject({ k: 5, radiusM: 1000, type: 'mobile_station' });
    const coverageCsv = await (await clients.district.send('GET', '/api/analysis/coverage.csv')).text();
    expect(coverageCsv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'scope,type,max_m,ward_code,ward,people,people_beyond,share_beyond',
    );
  });
});
